/**
 * `npm start` keeps its register: the real command, started in its own process group on free ports and a data folder
 * of its own, stopped as Ctrl-C does (SIGINT to the whole group) and as a crash does (SIGKILL), and started again.
 * Also: `raadspost send` follows RAADSPOST_SMTP_PORT, and `reconcile`/`reprocess --local` find the running stack by
 * the same variables with no other environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveAsGriffier } from '../../infra/local/approve-as-griffier.js';
import { LOCAL_PORTS, type LocalPortName } from '../../infra/local/local-config.js';
import type { CliIo, Command } from '../../shared/cli/io.js';
import { reconcileCommand, reprocessCommand } from '../../shared/cli/operations-commands.js';
import { sendCommand } from '../../shared/cli/send-command.js';

const REPO = resolve(import.meta.dirname, '../..');

let work: string;
let env: Record<string, string>;
const running = new Set<NpmStart>();

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'raadspost-restart-'));
  const ports = await freePorts(Object.keys(LOCAL_PORTS).length);
  env = {
    RAADSPOST_DATA_DIR: join(work, 'data'),
    ...Object.fromEntries((Object.keys(LOCAL_PORTS) as LocalPortName[]).map((name, i) => [LOCAL_PORTS[name].variable, String(ports[i])])),
  };
});

afterAll(async () => {
  for (const run of running) run.signal('SIGKILL');
  await rm(work, { recursive: true, force: true });
});

describe('npm start with a data folder', () => {
  it('continues the register after Ctrl-C and after a crash', { timeout: 240_000 }, async () => {
    // Prepare: a first run, its demo letter approved as number 1
    const first = await NpmStart.start();
    const demoLetter = await first.waitFor(/^● stored\n {2}id +(\S+)$/m);
    await approve(first, await first.waitFor(/^approval: (\S+)$/m));
    expect(await first.waitFor(/^ {2}number +(\d+) \(lijst/m)).toBe('1');

    // Act: Ctrl-C, start again, a new letter approved
    await first.stop('SIGINT');
    expectStoppedCleanly(first);
    expect(existsSync(join(env.RAADSPOST_DATA_DIR!, 'demo', 'demo-glip-zuid.eml'))).toBe(true); // in its own folder, not a shared temp path
    const second = await NpmStart.start();
    expect(second.output).toContain('kept from the last run');
    expect(await second.waitFor(/^● copy of (\S+) \(the same letter again, by its Message-ID/m)).toBe(demoLetter); // the demo letter, sent at every start
    await approve(second, await sendLetter(second, 'restart-1'));

    // Assess
    expect(await second.waitFor(/^ {2}number +(\d+) \(lijst/m)).toBe('2');

    // Act: a crash (SIGKILL to every process of it), start again, another letter approved
    await second.stop('SIGKILL');
    expect(existsSync(lockFile())).toBe(true); // left behind: the next start takes it over
    const third = await NpmStart.start();
    await approve(third, await sendLetter(third, 'restart-2'));

    // Assess
    expect(await third.waitFor(/^ {2}number +(\d+) \(lijst/m)).toBe('3');
    await third.stop('SIGTERM');
    expectStoppedCleanly(third);
  });

  it('refuses a second npm start on the same data folder, and --fresh starts the register again', { timeout: 120_000 }, async () => {
    // Prepare
    const holder = await NpmStart.start();

    // Act
    const second = await NpmStart.run({ RAADSPOST_SMTP_PORT: '0', RAADSPOST_APPROVAL_PORT: '0', RAADSPOST_REGISTER_PORT: '0', RAADSPOST_S3_PORT: '0', RAADSPOST_DYNAMODB_PORT: '0', RAADSPOST_SES_PORT: '0', RAADSPOST_LAMBDA_PORT: '0' });

    // Assess
    expect(second.code).toBe(1);
    expect(second.output).toMatch(/cannot start: the data folder .* is in use by another npm start \(process \d+\)/);
    await holder.stop('SIGINT');
    expectStoppedCleanly(holder);

    // Act: --fresh, the demo letter approved by the command itself
    const fresh = await NpmStart.run({ RAADSPOST_EXIT_AFTER_DEMO: '1' }, ['--', '--fresh']);

    // Assess
    expect(fresh.code).toBe(0);
    expect(fresh.output).toContain('emptied (--fresh): the register starts at 1');
    expect(fresh.output).toMatch(/^ {2}number +1 \(lijst/m);
  });

  it('lets reconcile and reprocess find the running stack with --local and nothing else', { timeout: 120_000 }, async () => {
    // Prepare: a letter forwarded on the running stack
    const stack = await NpmStart.start();
    const from = stack.output.length;
    await approve(stack, await sendLetter(stack, 'local-1'));
    const forwarded = await stack.waitFor(/^● forwarded to the raadsleden\n {2}id +(\S+)$/m, from);
    // Only the RAADSPOST_*_PORT variables: no bucket, table, endpoints, and no credentials in the process either.
    const portsOnly = () => Object.fromEntries(Object.entries(env).filter(([k]) => k.endsWith('_PORT')));
    const credentials = { AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;

    try {
      // Act
      const reconciled = await runCommand(reconcileCommand(portsOnly), ['--local', '--older-than', '0']);
      const reprocessed = await runCommand(reprocessCommand(portsOnly), ['--local', forwarded]);

      // Assess
      expect(reconciled.code, reconciled.err).toBe(0);
      expect(JSON.parse(reconciled.out)).toMatchObject({ ingested: [], failures: [], rawMailCheckedBefore: expect.any(String) });
      expect(reprocessed.code).toBe(1);
      expect(JSON.parse(reprocessed.out)).toMatchObject({ kind: 'refused', status: 'forwarded' });
    } finally {
      Object.assign(process.env, credentials);
    }
    await stack.stop('SIGINT');
    expectStoppedCleanly(stack);
  });

  it('says clearly that no local stack runs', async () => {
    const port = String((await freePorts(1))[0]);
    const result = await runCommand(reconcileCommand(() => ({ RAADSPOST_DYNAMODB_PORT: port })), ['--local']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/no local stack: nothing listens on 127\.0\.0\.1:\d+, where RAADSPOST_DYNAMODB_PORT puts the DynamoDB emulator/);
  });
});

const lockFile = () => join(env.RAADSPOST_DATA_DIR!, 'lock');

/** It ran its own stop (npm itself dies of the signal, as in a terminal) and gave the data folder up. */
function expectStoppedCleanly(stack: NpmStart): void {
  expect(stack.output).toContain('\nStopping …');
  expect(stack.output).not.toMatch(/Error|at .*\.ts:\d+/);
  expect(existsSync(lockFile())).toBe(false);
}

/** Approves as the griffier's browser does and checks the page says so. */
async function approve(stack: NpmStart, link: string): Promise<void> {
  const click = await approveAsGriffier(link, 'test: goedgekeurd');
  expect(click, stack.output).toMatchObject({ get: 200, post: 200, status: expect.stringContaining('Goedgekeurd') });
}

/** Sends a new letter with `raadspost send` on RAADSPOST_SMTP_PORT (no --port) and returns its approval link. */
async function sendLetter(stack: NpmStart, ref: string): Promise<string> {
  const file = join(work, `${ref}.eml`);
  await writeFile(
    file,
    [
      'From: Wijkraad Voorbeeld <secretaris@wijkraad-voorbeeld.example>',
      'To: griffie@heemstede.nl',
      `Subject: Brief aan de raad over de parkeerdruk (${ref})`, // each its own letter: the same one again would be a copy
      `Message-ID: <${ref}@wijkraad-voorbeeld.example>`,
      'Date: Mon, 02 Feb 2026 10:00:00 +0100',
      '',
      'Geachte raadsleden,',
      '',
      'Namens de wijkraad vragen wij u deze brief over de parkeerdruk in onze wijk te bespreken.',
      'Wilt u deze brief doorsturen aan alle leden van de gemeenteraad?',
      '',
      'Met vriendelijke groet,',
      'Wijkraad Voorbeeld',
      '',
    ].join('\r\n'),
  );
  const from = stack.output.length;
  expect(await sendCommand([file], env)).toBe(0);
  return stack.waitFor(/^approval: (\S+)$/m, from);
}

/** `npm start` in its own process group, as a terminal runs it. */
class NpmStart {
  output = '';
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    running.add(this);
    const collect = (chunk: Buffer) => void (this.output += chunk.toString('utf8'));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    this.exited = new Promise((done) =>
      child.once('exit', (code) => {
        running.delete(this);
        done(code);
      }),
    );
  }

  private static spawn(extra: Record<string, string> = {}, args: string[] = []): NpmStart {
    const childEnv: Record<string, string | undefined> = { ...process.env, ...env, ...extra };
    if (!('RAADSPOST_EXIT_AFTER_DEMO' in extra)) delete childEnv.RAADSPOST_EXIT_AFTER_DEMO;
    return new NpmStart(spawn('npm', ['start', ...args], { cwd: REPO, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** Starts it and waits until it waits for mail. */
  static async start(): Promise<NpmStart> {
    const run = NpmStart.spawn();
    await run.waitFor(/^(Ctrl-C stops)/m);
    return run;
  }

  /** Runs it to its end. */
  static async run(extra: Record<string, string>, args: string[] = []): Promise<{ code: number | null; output: string }> {
    const run = NpmStart.spawn(extra, args);
    const code = await run.exited;
    return { code, output: run.output };
  }

  /** The first group of the first match of `pattern` in the output from `from` on; waits for it (a minute at most). */
  async waitFor(pattern: RegExp, from = 0): Promise<string> {
    let ended = false;
    void this.exited.then(() => (ended = true));
    for (const deadline = Date.now() + 60_000; ; ) {
      const match = pattern.exec(this.output.slice(from));
      if (match) return match[1]!;
      if (ended || Date.now() > deadline) throw new Error(`npm start ${ended ? 'ended' : 'went on for a minute'} without ${pattern}:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  signal(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.child.pid!, signal); // the whole group, as the terminal does
    } catch {
      // already gone
    }
  }

  /** Signals the group and waits until every process of it is gone. */
  async stop(signal: NodeJS.Signals): Promise<void> {
    this.signal(signal);
    await this.exited;
    while (groupAlive(this.child.pid!)) await new Promise((r) => setTimeout(r, 50));
  }
}

const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A command in this process, its output captured. */
async function runCommand(command: Command, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: async (t) => void (out += t), err: (t) => void (err += t) };
  return { code: await command.run(args, io), out, err };
}

/** Ports nothing listens on right now (the OS hands out each once before reusing it). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((done) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => done(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  return ports;
}
