import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verdictsFromSesHeaders } from '../../shared/cli/ses-verdicts.js';
import { CATEGORIES } from '../../shared/domain/category.js';
import { UNKNOWN_VERDICTS } from '../../shared/domain/verdicts.js';
import { REPO_ROOT } from '../support/fixtures.js';

const BIN = path.join(REPO_ROOT, 'bin', 'raadspost.js');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'mail');
const REQUIRED_KEYS = ['file', 'category', 'confidence', 'forward', 'reasons', 'organisation', 'topics'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a child process, as other tools do. */
async function raadspost(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const lines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'raadspost-cli-'));
  await mkdir(path.join(work, 'inbox', 'nested'), { recursive: true });
  await copyFile(path.join(FIXTURES, 'classify-out-of-office.eml'), path.join(work, 'inbox', 'b.eml'));
  await copyFile(path.join(FIXTURES, 'classify-newsletter-tool-letter.eml'), path.join(work, 'inbox', 'nested', 'a-letter.txt'));
  await writeFile(path.join(work, 'inbox', 'a-garbage.bin'), Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42, 0x00, 0x9c]));
  await writeFile(path.join(work, 'empty.eml'), '');
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('raadspost classify', () => {
  it('prints one JSON line per file with the contract keys and nothing else on stdout', { timeout: 60_000 }, async () => {
    // Prepare
    const files = [
      'classify-letter-in-pdf.eml',
      'classify-forwarded-citizen-letter.eml',
      'classify-newsletter-tool-letter.eml',
      'classify-out-of-office.eml',
      'classify-phishing-passes-checks.eml',
      'classify-virus-verdict-fail.eml',
    ].map((f) => path.join('test', 'fixtures', 'mail', f));
    // Act
    const run = await raadspost('classify', ...files);
    // Assess
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out.map((l) => l.file)).toEqual(files);
    for (const line of out) {
      expect(Object.keys(line)).toEqual(expect.arrayContaining(REQUIRED_KEYS));
      expect(CATEGORIES).toContain(line.category);
      expect(typeof line.confidence).toBe('number');
      expect(typeof line.forward).toBe('boolean');
      expect(Array.isArray(line.reasons) && Array.isArray(line.topics)).toBe(true);
      expect(line.organisation === null || typeof line.organisation === 'string').toBe(true);
      expect(line).not.toHaveProperty('error');
    }
    expect(out.map((l) => [l.category, l.forward])).toEqual([
      ['advocacy_letter', true],
      ['citizen_letter', true],
      ['advocacy_letter', true],
      ['auto_reply', false],
      ['spam', false],
      ['spam', false],
    ]);
    expect(out[0]).toMatchObject({ organisation: 'Vereniging Vrienden van het Spaarne', subject: 'oevers', from: 'bestuur@vriendenvanhetspaarne.example' });
  });

  it('walks a folder recursively in name order and gives a garbage file an error line', async () => {
    // Act
    const run = await raadspost('classify', path.join(work, 'inbox'));
    // Assess
    expect(run.code).toBe(0);
    const out = lines(run.stdout);
    expect(out.map((l) => path.relative(work, l.file as string))).toEqual([
      path.join('inbox', 'a-garbage.bin'),
      path.join('inbox', 'b.eml'),
      path.join('inbox', 'nested', 'a-letter.txt'),
    ]);
    expect(out[0]).toMatchObject({ category: 'spam', forward: false, organisation: null, topics: [] });
    expect(out[0]?.error).toEqual(expect.any(String));
    expect(out[2]).toMatchObject({ category: 'advocacy_letter', forward: true });
    expect(run.stderr).toContain('a-garbage.bin');
  });

  it('gives an empty file an error line with the quarantine reason', async () => {
    // Act
    const run = await raadspost('classify', path.join(work, 'empty.eml'));
    // Assess
    expect(run.code).toBe(0);
    const [line] = lines(run.stdout);
    expect(line).toMatchObject({ category: 'spam', forward: false, reasons: ['Het bericht is leeg: SES heeft geen inhoud opgeslagen.'] });
    expect(line?.error).toMatch(/empty/);
  });

  it('tells a printed or copied e-mail apart from garbage, and says to save the original as .eml', async () => {
    // Prepare: what Outlook prints or copies: header labels above the text, no MIME headers
    const printed = path.join(work, 'afgedrukt.txt');
    await writeFile(printed, ' Van: Stichting Voorbeeld <info@voorbeeld.example>\nVerzonden: dinsdag 3 maart 2026 10:12\nAan: Griffie\nOnderwerp: Brief aan de raad\n\nGeachte griffier,\n');
    // Act
    const run = await raadspost('classify', printed);
    // Assess
    expect(run.code).toBe(0);
    const [line] = lines(run.stdout);
    expect(line).toMatchObject({ category: 'spam', forward: false });
    expect(line?.reasons).toEqual([expect.stringMatching(/^Dit is een afgedrukte of gekopieerde e-mail .* \.eml-bestand/)]);
    expect(line?.error).toMatch(/printed or copied e-mail/);
  });

  it('fails with exit code 2 for a path that does not exist, after giving it an error line', async () => {
    // Prepare
    const missing = path.join(work, 'does-not-exist.eml');
    // Act
    const run = await raadspost('classify', path.join(FIXTURES, 'classify-out-of-office.eml'), missing);
    // Assess
    expect(run.code).toBe(2);
    const out = lines(run.stdout);
    expect(out).toHaveLength(2);
    expect(out[1]).toMatchObject({ file: missing, category: 'spam', forward: false });
    expect(run.stderr).toContain('does-not-exist.eml');
  });

  it('fails with exit code 2 and usage on stderr when no path is given', async () => {
    // Act
    const run = await raadspost('classify');
    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('usage: raadspost classify');
  });

  it('uses the own domains given with --own-domain', async () => {
    // Act
    const run = await raadspost('classify', '--own-domain', 'bloemendaal.nl', path.join(FIXTURES, 'classify-forwarded-citizen-letter.eml'));
    // Assess
    expect(run.code).toBe(0);
    expect(lines(run.stdout)[0]).toMatchObject({ category: 'citizen_letter' });
  });

  it('rejects an --own-domain that is not a domain', async () => {
    // Act
    const run = await raadspost('classify', '--own-domain', 'not a domain', path.join(FIXTURES, 'classify-out-of-office.eml'));
    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
  });
});

describe('raadspost', () => {
  it('fails with exit code 2 and the command list on stderr for an unknown command', async () => {
    // Act
    const run = await raadspost('frobnicate');
    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('unknown command "frobnicate"');
    expect(run.stderr).toMatch(/classify\s+classify raw messages/);
  });
});

describe('raadspost score', () => {
  let folder: string;

  beforeAll(async () => {
    // A small labelled folder: three right, one deliberately mislabelled (the out-of-office as newsletter).
    folder = path.join(work, 'labelled');
    await mkdir(folder, { recursive: true });
    const items: [string, string][] = [
      ['classify-letter-in-pdf.eml', 'advocacy_letter'],
      ['classify-forwarded-citizen-letter.eml', 'citizen_letter'],
      ['classify-phishing-passes-checks.eml', 'spam'],
      ['classify-out-of-office.eml', 'newsletter'],
    ];
    for (const [file] of items) await copyFile(path.join(FIXTURES, file), path.join(folder, file));
    await writeFile(path.join(folder, 'labels.jsonl'), `${items.map(([file, category]) => JSON.stringify({ file, category })).join('\n')}\n`);
  });

  it('prints the confusion matrix, per-category scores, macro-F1 and the forward precision and recall', { timeout: 60_000 }, async () => {
    // Act
    const run = await raadspost('score', folder);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('confusion matrix');
    expect(run.stdout).toMatch(/^advocacy_letter\s+1\.000\s+1\.000\s+1\.000\s+1$/m);
    expect(run.stdout).toContain('macro-F1: 0.750'); // 4 categories labelled: 3 perfect, newsletter 0 (auto_reply has no support)
    expect(run.stdout).toContain('forward (advocacy_letter + citizen_letter): precision 1.000  recall 1.000');
    expect(run.stdout).toMatch(/classify-out-of-office\.eml: newsletter classified as auto_reply at \d\.\d\d/);
    expect(run.stdout).toContain('expected calibration error (ECE): ');
    expect(run.stdout).not.toContain('not found');
  });

  it('lists labelled files that are not in the folder apart and scores only the files it read', { timeout: 60_000 }, async () => {
    // Prepare: the four labels plus two files that do not exist
    const labels = path.join(work, 'labels-with-absent.jsonl');
    const present = await readFile(path.join(folder, 'labels.jsonl'), 'utf8');
    await writeFile(labels, `${present}${JSON.stringify({ file: 'gone-1.eml', category: 'spam' })}\n${JSON.stringify({ file: 'gone-2.eml', category: 'woo_request' })}\n`);
    // Act
    const run = await raadspost('score', folder, '--labels', labels, '--json');
    // Assess: same figures as without them, the absent files named
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { total: number; macroF1: number; missing: string[]; perClass: Record<string, { support: number }> };
    expect(report.total).toBe(4);
    expect(report.macroF1).toBeCloseTo(0.75);
    expect(report.missing).toEqual(['gone-1.eml', 'gone-2.eml']);
    expect(report.perClass.woo_request?.support).toBe(0);
    expect(run.stderr).toContain('gone-1.eml: labelled but not found');
  });

  it('fails with exit code 1 when none of the labelled files is there', async () => {
    // Prepare
    const labels = path.join(work, 'only-absent.jsonl');
    await writeFile(labels, `${JSON.stringify({ file: 'gone.eml', category: 'spam' })}\n`);
    // Act
    const run = await raadspost('score', folder, '--labels', labels);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('none of the 1 labelled files was found');
  });

  it('prints one JSON object with --json and reads labels given with --labels', { timeout: 60_000 }, async () => {
    // Prepare
    const labels = path.join(work, 'other-labels.jsonl');
    await writeFile(labels, `${JSON.stringify({ file: 'classify-letter-in-pdf.eml', category: 'advocacy_letter' })}\n`);
    // Act
    const run = await raadspost('score', folder, '--labels', labels, '--json');
    // Assess
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { total: number; macroF1: number; forward: { recall: number }; matrix: { counts: number[][] } };
    expect(report).toMatchObject({ total: 1, macroF1: 1, forward: { recall: 1 } });
    expect(report.matrix.counts[0]?.[0]).toBe(1);
  });

  it('fails with exit code 2 when the labels name an unknown category', async () => {
    // Prepare
    const labels = path.join(work, 'bad-labels.jsonl');
    await writeFile(labels, '{"file": "x.eml", "category": "other"}\n');
    // Act
    const run = await raadspost('score', folder, '--labels', labels);
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected one of the eight categories');
  });
});

describe('verdictsFromSesHeaders', () => {
  const raw = (head: string) => new TextEncoder().encode(`${head.replace(/\n/g, '\r\n')}\r\n\r\nbody\r\n`);

  it('reads the verdicts SES wrote above the message', () => {
    // Prepare
    const head = [
      'X-SES-Spam-Verdict: PASS',
      'X-SES-Virus-Verdict: FAIL',
      'Authentication-Results: amazonses.com;',
      ' spf=softfail (spfCheck: not designated) client-ip=192.0.2.1; dkim=pass header.i=@a.example; dmarc=fail header.from=a.example;',
      'From: a@a.example',
    ].join('\n');
    // Act
    const verdicts = verdictsFromSesHeaders(raw(head));
    // Assess
    expect(verdicts).toEqual({ spam: 'PASS', virus: 'FAIL', spf: 'GRAY', dkim: 'PASS', dmarc: 'FAIL' });
  });

  it('reads the topmost Authentication-Results of another receiving server when SES wrote none', () => {
    // Prepare: a message saved from the municipality's own mail server; a forged header further down is ignored
    const head = [
      'Received: from vps.example by mx1.gemeente.example',
      'Authentication-Results: mx1.gemeente.example;',
      '\tspf=fail smtp.mailfrom=gemeente.example; dkim=none; dmarc=fail header.from=gemeente.example',
      'Authentication-Results: forged.example; spf=pass; dkim=pass; dmarc=pass',
      'From: servicedesk@gemeente.example',
    ].join('\n');
    // Act
    const verdicts = verdictsFromSesHeaders(raw(head));
    // Assess
    expect(verdicts).toEqual({ spam: 'DISABLED', virus: 'DISABLED', spf: 'FAIL', dkim: 'GRAY', dmarc: 'FAIL' });
  });

  it('keeps the first verdict, so a sender cannot override what SES wrote', () => {
    // Act
    const verdicts = verdictsFromSesHeaders(raw('X-SES-Spam-Verdict: FAIL\nFrom: a@a.example\nX-SES-Spam-Verdict: PASS'));
    // Assess
    expect(verdicts.spam).toBe('FAIL');
  });

  it('gives unknown verdicts for a message that never passed SES', () => {
    // Act & Assess
    expect(verdictsFromSesHeaders(raw('From: a@a.example\nSubject: hoi'))).toEqual(UNKNOWN_VERDICTS);
  });
});
