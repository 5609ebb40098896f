/**
 * Child of bench/run.ts: ingests one message file through the real ingest use case (mailparser, the isolated PDF
 * reader, the classification rules) with in-memory records and a file-backed raw-mail store standing in for S3, and
 * prints one JSON line with this process's peak resident memory. bench/run.ts bundles it with esbuild and runs it in
 * a fresh `node`, so no TypeScript loader or test runner inflates the figure.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { IsolatedPdfTextExtractor } from '../shared/adapters/isolated-pdf-text-extractor.js';
import { MailparserMimeParser } from '../shared/adapters/mailparser-mime-parser.js';
import { makeIngestMail } from '../shared/application/ingest-mail.js';
import { DEFAULT_READ_LIMITS, makeReadMail } from '../shared/application/read-mail.js';
import { classify } from '../shared/domain/classifier/index.js';
import type { RawMailObject, RawMailStore, RawMailStream } from '../shared/ports.js';
import { InMemoryLetterFileStore, InMemoryLetterRepository, fixedClock } from '../test/support/fakes.js';
import { requestApprovalFor } from '../test/support/approval-requester.js';

/** The object key is the file's path; `stream` reads it in chunks as S3's GetObject body would arrive. */
class FileRawMailStore implements RawMailStore {
  async get(objectKey: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(objectKey));
  }
  async stream(objectKey: string): Promise<RawMailStream> {
    return { body: createReadStream(objectKey, { highWaterMark: 64 * 1024 }), sizeBytes: (await stat(objectKey)).size };
  }
  async put(): Promise<void> {}
  async list(): Promise<{ readonly objects: readonly RawMailObject[] }> {
    return { objects: [] };
  }
  /** A file has no tags: the measured path is reading and parsing, and tagging costs one S3 call in production. */
  async setRetention(): Promise<void> {}
  async restartRetention(): Promise<void> {}
}

const [file, pdfWorker] = process.argv.slice(2);
if (!file || !pdfWorker) throw new Error('usage: node ingest-peak-rss.mjs <mail.eml> <pdf-worker.mjs>');

const letters = new InMemoryLetterRepository();
const clock = fixedClock();
const ingest = makeIngestMail({
  rawMail: new FileRawMailStore(),
  files: new InMemoryLetterFileStore(),
  readMail: makeReadMail({ mime: new MailparserMimeParser(), pdfText: new IsolatedPdfTextExtractor({}, new URL(pdfWorker)), limits: DEFAULT_READ_LIMITS }),
  classify,
  letters,
  clock,
  ownDomains: ['heemstede.nl'],
  municipality: 'Heemstede',
  requestApproval: requestApprovalFor(letters, clock),
  trustedForwarders: [],
});

/**
 * This process's peak resident memory in MB. Linux keeps getrusage's ru_maxrss across execve, so a `node` spawned by
 * the (large) benchmark process would report the benchmark's size; VmHWM belongs to this process's own address space.
 */
const peakRssMb = (): number => {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
};

const baselineMb = peakRssMb();
const outcome = await ingest({
  messageId: 'bench-40mb',
  objectKey: file,
  verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
});
const letter = letters.letters.get('bench-40mb');
console.log(
  JSON.stringify({
    outcome: outcome.kind,
    attachments: letter?.attachments.length ?? 0,
    baselineMb: Math.round(baselineMb * 10) / 10,
    peakRssMb: Math.round(peakRssMb() * 10) / 10,
  }),
);
