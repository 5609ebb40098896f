/**
 * `raadspost <command>`: the package's bin. Commands are a table: one line per command. stdout carries only results; usage, progress and problems go to stderr.
 */
import { classifyCommand } from './classify-command.js';
import { EXIT, commandFrom, type CliIo, type Command } from './io.js';
import { reconcileCommand, reprocessCommand } from './operations-commands.js';
import { correctionsCommand, listCommand, overviewCommand } from './register-commands.js';
import { scoreCommand } from './score-command.js';
import { SEND_USAGE, sendCommand } from './send-command.js';

export const COMMANDS: Readonly<Record<string, Command>> = {
  classify: classifyCommand,
  score: scoreCommand,
  // The CLI is a composition root like functions/*/index.ts: these read the environment when they run.
  send: commandFrom('send raw messages to the local SMTP intake of `npm start`', SEND_USAGE, (args) => sendCommand(args, process.env)),
  reprocess: reprocessCommand(() => process.env),
  reconcile: reconcileCommand(() => process.env),
  lijst: listCommand(() => process.env),
  overzicht: overviewCommand(() => process.env),
  correcties: correctionsCommand(() => process.env),
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const list = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: raadspost <command> [arguments]\n\ncommands:\n${list.join('\n')}\n\nrun "raadspost <command> --help" for a command's arguments\n`;
}

/** Runs one command line (without "node" and the script name) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    await io.out(usage());
    return EXIT.ok;
  }
  const command = name === undefined ? undefined : Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`${name === undefined ? 'raadspost: no command given' : `raadspost: unknown command "${name}"`}\n\n${usage()}`);
    return EXIT.usage;
  }
  if (args.includes('--help') || args.includes('-h')) {
    await io.out(`${command.usage}\n`);
    return EXIT.ok;
  }
  return command.run(args, io);
}

/** The process wiring: real streams, console output kept off stdout, a closed pipe ends quietly. */
export async function run(argv: readonly string[]): Promise<number> {
  // Libraries that log with console.log (pdf.js warnings, for one) must not break the one-JSON-per-line contract.
  const toStderr = (...parts: unknown[]) => console.error(...parts);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT.ok);
    throw err;
  });
  const io: CliIo = {
    out: (text) => new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve()))),
    err: (text) => {
      process.stderr.write(text);
    },
  };
  return main(argv, io);
}
