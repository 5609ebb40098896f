/**
 * Hostile input through the whole read path (issue "Never lose a message", items 1, 2 and 7): every large fixture is
 * made here at run time, never committed. Each case ends in a recorded outcome (a quarantine code, or a stored letter
 * with a warning); the raw object stays in the store. No timing assertions: the per-test timeout is the hang guard.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsolatedPdfTextExtractor } from '../../shared/adapters/isolated-pdf-text-extractor.js';
import type { Verdicts } from '../../shared/domain/verdicts.js';
import { REPO_ROOT } from '../support/fixtures.js';
import { deeplyNestedMail, hugeHeaderMail, largeMail, mailWithPdf, manyPartsMail } from '../support/hostile-mail.js';
import { realIngest } from '../support/ingest-harness.js';
import { makeInflatingPdf, makeManyPagesPdf } from '../support/pdf.js';

const PASS: Verdicts = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };
const random = (n: number) => new Uint8Array(n).map((_, i) => (i * 2654435761) >>> 24);

type Expected = { quarantine: string } | { stored: true; warning?: RegExp };

/** name -> how to make it, and what must become of it. */
const CASES: Record<string, { make: () => Promise<Uint8Array> | Uint8Array; expected: Expected }> = {
  'empty-object': { make: () => new Uint8Array(), expected: { quarantine: 'EMPTY_MESSAGE' } },
  'random-bytes': { make: () => random(64 * 1024), expected: { quarantine: 'NOT_A_MESSAGE' } },
  'nested-5000-deep': { make: () => deeplyNestedMail(5000), expected: { quarantine: 'MIME_TOO_DEEP' } },
  'parts-200000': { make: () => manyPartsMail(200_000), expected: { quarantine: 'TOO_MANY_PARTS' } },
  'header-5mb': { make: () => hugeHeaderMail(5 * 1024 * 1024), expected: { quarantine: 'HEADER_TOO_LARGE' } },
  'message-39mb': { make: () => largeMail(39_000_000), expected: { stored: true } },
  'message-43mb': { make: () => largeMail(43_000_000), expected: { quarantine: 'MAIL_TOO_LARGE' } },
  'pdf-inflating-400mb': { make: () => mailWithPdf(makeInflatingPdf(400), 'bom.pdf'), expected: { stored: true, warning: /^PDF_TOO_MUCH_MEMORY: PDF "bom\.pdf"/ } },
  'pdf-20000-pages': { make: () => mailWithPdf(makeManyPagesPdf(20_000), 'dik.pdf'), expected: { stored: true, warning: /^PDF "dik\.pdf": alleen de eerste 10 van 20000 pagina's gelezen/ } },
};

let dir: string;
const files = new Map<string, Uint8Array>();
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'raadspost-limits-'));
  for (const [name, { make }] of Object.entries(CASES)) {
    const raw = await make();
    files.set(name, raw);
    await writeFile(path.join(dir, `${name}.eml`), raw);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hostile input through the ingest use case (real reader and rules, in-memory stores)', () => {
  it.for(Object.keys(CASES))('%s gets its recorded outcome and the raw object is kept', async (name) => {
    // Prepare
    const { ingest, rawMail, letters } = realIngest();
    const raw = files.get(name) ?? new Uint8Array();
    await rawMail.put(`inbound/${name}`, raw);
    // Act
    const outcome = await ingest({ messageId: name, objectKey: `inbound/${name}`, verdicts: PASS });
    // Assess
    const expected = CASES[name]?.expected;
    const letter = await letters.get(name);
    expect(rawMail.objects.get(`inbound/${name}`)).toBe(raw);
    if (expected && 'quarantine' in expected) {
      expect(outcome).toMatchObject({ kind: 'quarantined', code: expected.quarantine });
      expect(letter?.quarantine?.reason).toMatch(/\w/);
    } else {
      expect(outcome.kind).toBe('stored');
      if (expected?.warning) expect(letter?.warnings).toEqual(expect.arrayContaining([expect.stringMatching(expected.warning)]));
    }
  });

  it('gives up a PDF that takes longer than its time limit with PDF_TIMEOUT', async () => {
    // Prepare: a limit shorter than starting the reader at all
    const reader = new IsolatedPdfTextExtractor({ timeoutMs: 1, maxMemoryMb: 256 });
    // Act + Assess
    await expect(reader.extract(makeManyPagesPdf(10), { maxPages: 10 })).rejects.toMatchObject({ code: 'PDF_TIMEOUT' });
  });
});

describe('raadspost classify on the hostile files', () => {
  it('prints one line per file and exits 0, with a modest heap', async () => {
    // Act
    const { stdout } = await promisify(execFile)(process.execPath, ['--max-old-space-size=512', path.join(REPO_ROOT, 'bin', 'raadspost.js'), 'classify', dir], {
      cwd: REPO_ROOT,
      timeout: 240_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    // Assess
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; category: string; error?: string; warnings?: string[] });
    expect(lines.map((l) => path.basename(l.file, '.eml')).sort()).toEqual(Object.keys(CASES).sort());
    const byName = new Map(lines.map((l) => [path.basename(l.file, '.eml'), l]));
    expect(byName.get('nested-5000-deep')?.error).toMatch(/nested more than/);
    expect(byName.get('pdf-inflating-400mb')?.warnings?.join('\n')).toMatch(/PDF_TOO_MUCH_MEMORY/);
    expect(byName.get('message-39mb')?.error).toBeUndefined();
  });
});
