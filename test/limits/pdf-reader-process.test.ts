/**
 * The PDF child process is reused between PDFs and replaced whenever one goes wrong (issue "Fast and small", with
 * the limits of "Never lose a message"): a bomb or an endless PDF costs that PDF only, never the next one.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { IsolatedPdfTextExtractor } from '../../shared/adapters/isolated-pdf-text-extractor.js';
import { REPO_ROOT } from '../support/fixtures.js';
import { mailWithPdf } from '../support/hostile-mail.js';
import { makeEncryptedPdf, makeInflatingPdf, makeManyPagesPdf, makePdf } from '../support/pdf.js';

const PAGES = { maxPages: 10 };
const letter = (line: string) => makePdf([['Geachte raadsleden,', line]]);

let reader: IsolatedPdfTextExtractor | undefined;
const newReader = (...args: ConstructorParameters<typeof IsolatedPdfTextExtractor>) => (reader = new IsolatedPdfTextExtractor(...args));
afterEach(() => reader?.close());

describe('IsolatedPdfTextExtractor reuses its child process', () => {
  it('reads several PDFs in one child, each with its own text', async () => {
    // Prepare
    const pdfs = await Promise.all(['Over de Binnenweg.', 'Over het zwembad.', 'Over de bibliotheek.'].map(letter));
    const extractor = newReader();
    // Act
    const texts = [];
    for (const pdf of pdfs) texts.push((await extractor.extract(pdf, PAGES)).text);
    // Assess
    expect(texts.map((t) => t.split('\n').at(-1))).toEqual(['Over de Binnenweg.', 'Over het zwembad.', 'Over de bibliotheek.']);
    expect(extractor.processesStarted).toBe(1);
  });

  it('reads PDFs asked for at the same time one after the other, each answer to its own caller', async () => {
    // Prepare
    const [a, b] = await Promise.all([letter('Brief A.'), letter('Brief B.')]);
    const extractor = newReader();
    // Act
    const [textA, textB] = await Promise.all([extractor.extract(a!, PAGES), extractor.extract(b!, PAGES)]);
    // Assess
    expect(textA.text).toContain('Brief A.');
    expect(textB.text).toContain('Brief B.');
    expect(extractor.processesStarted).toBe(1);
  });

  it('replaces the child after maxPdfsPerProcess PDFs', async () => {
    // Prepare
    const pdf = await letter('Steeds dezelfde brief.');
    const extractor = newReader({ maxPdfsPerProcess: 2 });
    // Act
    for (let i = 0; i < 5; i++) await extractor.extract(pdf, PAGES);
    // Assess: PDFs 1-2, 3-4, 5
    expect(extractor.processesStarted).toBe(3);
  });
});

describe('IsolatedPdfTextExtractor after a PDF goes wrong', () => {
  it('reads the next PDF in a fresh child after a PDF bomb was stopped', async () => {
    // Prepare
    const extractor = newReader({ maxMemoryMb: 256 });
    const next = await letter('Na de bom.');
    // Act
    const bomb = extractor.extract(makeInflatingPdf(400), PAGES);
    // Assess
    await expect(bomb).rejects.toMatchObject({ code: 'PDF_TOO_MUCH_MEMORY' });
    expect((await extractor.extract(next, PAGES)).text).toContain('Na de bom.');
    expect(extractor.processesStarted).toBe(2);
  });

  it('reads the next PDF in a fresh child after one ran out of time', async () => {
    // Prepare: the first PDF gets less time than starting a child takes
    const slow = new IsolatedPdfTextExtractor({ timeoutMs: 1 });
    reader = slow;
    const next = await letter('Na de time-out.');
    // Act + Assess
    await expect(slow.extract(makeManyPagesPdf(10), PAGES)).rejects.toMatchObject({ code: 'PDF_TIMEOUT' });
    const patient = newReader();
    expect((await patient.extract(next, PAGES)).text).toContain('Na de time-out.');
    slow.close();
  });

  it('keeps using the child after a PDF it could read but not decrypt (an answer, not a crash)', async () => {
    // Prepare
    const extractor = newReader();
    const next = await letter('Na het wachtwoord.');
    // Act + Assess
    await expect(extractor.extract(makeEncryptedPdf(), PAGES)).rejects.toMatchObject({ code: 'PDF_ENCRYPTED' });
    expect((await extractor.extract(next, PAGES)).text).toContain('Na het wachtwoord.');
    expect(extractor.processesStarted).toBe(1);
  });

  it('starts a new child when the idle one died (e.g. killed by the OS)', async () => {
    // Prepare
    const extractor = newReader();
    await extractor.extract(await letter('Eerste.'), PAGES);
    extractor.close(); // as if the child were killed between two mails
    // Act
    const second = await extractor.extract(await letter('Tweede.'), PAGES);
    // Assess
    expect(second.text).toContain('Tweede.');
    expect(extractor.processesStarted).toBe(2);
  });
});

describe('a process that read PDFs', () => {
  it('exits by itself: the idle child does not keep raadspost classify alive', async () => {
    // Prepare
    const dir = await mkdtemp(path.join(tmpdir(), 'raadspost-pdf-exit-'));
    try {
      await writeFile(path.join(dir, 'brief.eml'), await mailWithPdf(await letter('Tot slot.'), 'brief.pdf'));
      // Act: the test's timeout is the hang guard
      const { stdout } = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'bin', 'raadspost.js'), 'classify', dir], { cwd: REPO_ROOT, timeout: 60_000 });
      // Assess
      expect(JSON.parse(stdout.trim())).toMatchObject({ file: expect.stringContaining('brief.eml') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
