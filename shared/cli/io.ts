/** Where a command writes: stdout carries only results, everything else goes to stderr. */
export interface CliIo {
  /** One piece of result output (stdout). Resolves when written, so large runs respect backpressure. */
  out(text: string): Promise<void>;
  /** Messages for people: usage, progress, problems (stderr). */
  err(text: string): void;
}

/** A subcommand: `raadspost <name> ...`. Returns the exit code. */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/**
 * A command written as a plain function that does its own output (e.g. `sendCommand(args)`), for the table in main.ts.
 * @example send: commandFrom('send raw messages to the local intake', SEND_USAGE, sendCommand)
 */
export const commandFrom = (summary: string, usage: string, run: (args: string[]) => Promise<number>): Command => ({
  summary,
  usage,
  run: (args) => run([...args]),
});

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Thrown by argument parsing: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export const DEFAULT_OWN_DOMAINS: readonly string[] = ['heemstede.nl'];

const DOMAIN = /^[a-z0-9.-]+\.[a-z]{2,}$/;

/** Validates and lower-cases --own-domain values; the default when none were given. */
export function ownDomainsFrom(values: readonly string[] | undefined): string[] {
  const domains = (values ?? []).flatMap((v) => v.split(',')).map((d) => d.trim().toLowerCase()).filter(Boolean);
  for (const d of domains) if (!DOMAIN.test(d)) throw new UsageError(`--own-domain "${d}" is not a domain such as heemstede.nl`);
  return domains.length > 0 ? domains : [...DEFAULT_OWN_DOMAINS];
}
