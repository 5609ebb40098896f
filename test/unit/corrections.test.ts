/** The griffie's corrections as an evaluation set, and the register's commands. */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correctedFileName, makeExportCorrections } from '../../shared/application/export-corrections.js';
import type { CliIo } from '../../shared/cli/io.js';
import { COMMANDS } from '../../shared/cli/main.js';
import { correctionsCommand, overviewCommand } from '../../shared/cli/register-commands.js';
import { parseLabels } from '../../shared/cli/score-command.js';
import { correctionOf } from '../../shared/domain/correction.js';
import { DependencyUnavailableError } from '../../shared/domain/errors.js';
import { aLetter } from '../support/builders.js';
import { InMemoryLetterRepository, InMemoryRawMailStore } from '../support/fakes.js';

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { out: async (t) => void out.push(t), err: (t) => void err.push(t) };
  return { cli, out, err };
};

describe('makeExportCorrections', () => {
  it('writes each corrected raw message and a labels.jsonl with the griffie\'s category, the last correction counting', async () => {
    // Prepare
    const letters = new InMemoryLetterRepository();
    const a = aLetter({ id: 'a-1', rawObjectKey: 'inbound/a-1', category: 'newsletter' });
    const b = aLetter({ id: 'b-1', rawObjectKey: 'inbound/b-1', category: 'citizen_letter' });
    letters.corrections.push(
      correctionOf(a, 'submitted_to_council', 'citizen_letter', 'g', '2026-02-03T10:00:00.000Z'),
      correctionOf(b, 'not_a_letter', 'spam', 'g', '2026-02-03T11:00:00.000Z'),
      correctionOf({ ...a, category: 'citizen_letter' }, 'not_a_letter', 'invitation', 'g', '2026-02-04T10:00:00.000Z'),
      correctionOf(aLetter({ id: 'gone', rawObjectKey: 'inbound/gone' }), 'woo_request', 'woo_request', 'g', '2026-02-04T11:00:00.000Z'),
    );
    const rawMail = new InMemoryRawMailStore({ 'inbound/a-1': 'Subject: a\r\n\r\nA', 'inbound/b-1': 'Subject: b\r\n\r\nB' });
    const files = new Map<string, string>();

    // Act
    const report = await makeExportCorrections({ letters, rawMail, write: async (name, content) => void files.set(name, Buffer.from(content).toString('utf8')) })();

    // Assess
    expect(report).toEqual({ written: 2, missing: ['gone'] });
    expect(files.get('a-1.eml')).toBe('Subject: a\r\n\r\nA');
    const labels = parseLabels(files.get('labels.jsonl') ?? '', 'labels.jsonl');
    expect(labels).toEqual([
      { file: 'a-1.eml', category: 'invitation' },
      { file: 'b-1.eml', category: 'spam' },
    ]);
    expect(JSON.parse(files.get('labels.jsonl')!.split('\n')[1]!)).toMatchObject({ correction: 'not_a_letter', classifiedAs: 'citizen_letter' });
  });

  it('names files safely whatever the id holds, and stops on a store that fails (not a missing message)', async () => {
    expect(correctedFileName('../../etc/passwd')).toBe('.._.._etc_passwd.eml');
    const letters = new InMemoryLetterRepository();
    letters.corrections.push(correctionOf(aLetter(), 'not_a_letter', 'spam', 'g', '2026-02-03T10:00:00.000Z'));
    const rawMail = new InMemoryRawMailStore();
    rawMail.failWith = new DependencyUnavailableError('s3 down');
    await expect(makeExportCorrections({ letters, rawMail, write: async () => undefined })()).rejects.toThrow('s3 down');
  });
});

describe('raadspost correcties and overzicht', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'raadspost-correcties-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the evaluation set to --out and says how to score it', async () => {
    const letters = new InMemoryLetterRepository();
    letters.corrections.push(correctionOf(aLetter({ id: 'x-1', rawObjectKey: 'inbound/x-1' }), 'not_a_letter', 'newsletter', 'g', '2026-02-03T10:00:00.000Z'));
    const rawMail = new InMemoryRawMailStore({ 'inbound/x-1': 'Subject: x\r\n\r\nX' });
    const out = path.join(dir, 'set');
    const run = io();
    const command = correctionsCommand(() => ({}), (_env, to) => ({ letters, rawMail, write: async (name, content) => (await import('node:fs/promises')).writeFile(path.join(to, name), content) }));
    expect(await command.run(['--out', out], run.cli)).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['labels.jsonl', 'x-1.eml']);
    expect(await readFile(path.join(out, 'labels.jsonl'), 'utf8')).toContain('"file":"x-1.eml","category":"newsletter"');
    expect(run.err.join('')).toContain(`score them with: raadspost score ${out}`);
  });

  it('needs --out, and a configuration without --local', async () => {
    const missing = io();
    expect(await correctionsCommand(() => ({})).run([], missing.cli)).toBe(2);
    expect(missing.err.join('')).toContain('--out DIR');
    const noEnv = io();
    expect(await correctionsCommand(() => ({})).run(['--out', dir], noEnv.cli)).toBe(2);
    expect(noEnv.err.join('')).toContain('invalid environment for correcties');
    const overview = io();
    expect(await overviewCommand(() => ({})).run([], overview.cli)).toBe(2);
    expect(overview.err.join('')).toContain('invalid environment for overzicht');
  });

  it('prints the overview\'s summary, or exits 1 when it could not be sent', async () => {
    const report = { since: 'a', until: 'b', received: 1, filed: 1, awaitingLong: 0, quarantined: 0, failedForwards: 0, mailed: 1 };
    const ok = io();
    expect(await overviewCommand(() => ({}), () => async () => report).run([], ok.cli)).toBe(0);
    expect(JSON.parse(ok.out.join(''))).toEqual(report);
    const failed = io();
    expect(await overviewCommand(() => ({}), () => async () => { throw new Error('ses down'); }).run([], failed.cli)).toBe(1);
    expect(failed.err.join('')).toContain('failed: ses down');
  });

  it('are commands of raadspost', () => {
    expect(Object.keys(COMMANDS)).toEqual(expect.arrayContaining(['lijst', 'overzicht', 'correcties']));
  });
});
