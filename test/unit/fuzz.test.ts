/**
 * Fuzz test (issue "Never lose a message", item 7): mutated messages through the real parser, PDF reader and
 * classification rules. Every case must end in a ParsedMail or a MalformedMailError / MailTooLargeError: no other
 * throw, no hang (per-case timeout), no unhandled rejection. A fixed seed in CI (FUZZ_CASES=2000 by default);
 * `npm run fuzz` runs 50,000 cases, FUZZ_SEED picks another sequence.
 *
 * PDFs are read in-process here (PdfParseTextExtractor, the very code the isolated child runs), so thousands of cases
 * need no process each; the isolation itself is covered by test/limits.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailparserMimeParser } from '../../shared/adapters/mailparser-mime-parser.js';
import { PdfParseTextExtractor } from '../../shared/adapters/pdf-parse-text-extractor.js';
import { DEFAULT_READ_LIMITS, makeReadMail } from '../../shared/application/read-mail.js';
import { classify } from '../../shared/domain/classifier/index.js';
import { MailTooLargeError, MalformedMailError } from '../../shared/domain/errors.js';
import { UNKNOWN_VERDICTS } from '../../shared/domain/verdicts.js';
import { REPO_ROOT } from '../support/fixtures.js';
import { sharedMaterial } from '../support/shared-material.js';

const CASES = Number(process.env.FUZZ_CASES ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20260202);
const PER_CASE_MS = 15_000;

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from its index. */
const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);

const MUTATIONS: Record<string, (raw: Buffer, rng: Rng, other: Buffer) => Buffer> = {
  bitflips: (raw, rng) => {
    const out = Buffer.from(raw);
    for (let i = 1 + int(rng, 32); i > 0 && out.length; i--) {
      const at = int(rng, out.length);
      out[at] = (out[at] ?? 0) ^ (1 << int(rng, 8));
    }
    return out;
  },
  truncate: (raw, rng) => raw.subarray(0, int(rng, raw.length + 1)),
  damagedBoundaries: (raw, rng) => {
    const text = raw.toString('latin1');
    const boundaries = [...text.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1] ?? '');
    if (boundaries.length === 0) return Buffer.from(`${text}\r\n--x--\r\n`, 'latin1');
    const b = boundaries[int(rng, boundaries.length)] ?? '';
    const damage = [() => '', () => `${b}--`, () => b.slice(0, -1), () => `${b}\r\n--${b}`, () => `${b}-${b}`][int(rng, 5)] ?? (() => '');
    let seen = 0;
    const every = 1 + int(rng, 3);
    return Buffer.from(text.replaceAll(`--${b}`, (m) => (seen++ % every === 0 ? `--${damage()}` : m)), 'latin1');
  },
  duplicatedHeaders: (raw, rng) => {
    const text = raw.toString('latin1');
    const end = text.search(/\r?\n\r?\n/);
    const head = end < 0 ? text : text.slice(0, end);
    const lines = head.split(/\r?\n/).filter((l) => /^[\w-]+:/.test(l));
    const line = lines[int(rng, Math.max(lines.length, 1))] ?? 'Content-Type: multipart/mixed';
    const copies = Array.from({ length: 1 + int(rng, rng() < 0.1 ? 5000 : 20) }, () => line).join('\r\n');
    return Buffer.from(`${copies}\r\n${text}`, 'latin1');
  },
  insertedBytes: (raw, rng) => {
    const at = int(rng, raw.length + 1);
    const junk = Buffer.from(Array.from({ length: 1 + int(rng, 256) }, () => int(rng, 256)));
    return Buffer.concat([raw.subarray(0, at), junk, raw.subarray(at)]);
  },
  deletedRange: (raw, rng) => {
    const at = int(rng, raw.length + 1);
    return Buffer.concat([raw.subarray(0, at), raw.subarray(at + int(rng, 4096))]);
  },
  repeatedChunk: (raw, rng) => {
    const at = int(rng, raw.length + 1);
    const chunk = raw.subarray(at, at + 1 + int(rng, 512));
    return Buffer.concat([raw.subarray(0, at), ...Array.from({ length: 1 + int(rng, 200) }, () => chunk), raw.subarray(at)]);
  },
  spliced: (raw, rng, other) => Buffer.concat([raw.subarray(0, int(rng, raw.length + 1)), other.subarray(int(rng, other.length + 1))]),
};

const listFiles = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { withFileTypes: true, recursive: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();

const corpusDirs = [sharedMaterial('corpus', 'labelled'), sharedMaterial('corpus', 'robustness')].filter((d): d is string => d !== null);
if (corpusDirs.length === 0) console.warn('fuzz: ../shared/corpus is not there; fuzzing test/fixtures/mail and test/fixtures/holdout instead');
const seedDirs = corpusDirs.length ? corpusDirs : [path.join(REPO_ROOT, 'test/fixtures/mail'), path.join(REPO_ROOT, 'test/fixtures/holdout')];

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('fuzz: mutated messages through parse + classify', () => {
  it(`survives ${CASES} mutated messages (seed ${SEED})`, { timeout: Math.max(120_000, CASES * 200) }, async () => {
    // Prepare
    const seeds = (await Promise.all(seedDirs.flatMap(async (d) => Promise.all((await listFiles(d)).map((f) => readFile(f)))))).flat();
    const read = makeReadMail({ mime: new MailparserMimeParser(), pdfText: new PdfParseTextExtractor(), limits: DEFAULT_READ_LIMITS });
    const rng = mulberry32(SEED);
    const names = Object.keys(MUTATIONS);
    const crashes: string[] = [];
    const outcomes = { parsed: 0, malformed: 0, tooLarge: 0 };
    const started = Date.now();

    // Act
    for (let i = 0; i < CASES; i++) {
      const seed = seeds[int(rng, seeds.length)] ?? Buffer.alloc(0);
      const other = seeds[int(rng, seeds.length)] ?? Buffer.alloc(0);
      let raw: Buffer = seed;
      const applied: string[] = [];
      for (let n = 1 + int(rng, 3); n > 0; n--) {
        const name = names[int(rng, names.length)] ?? 'bitflips';
        applied.push(name);
        raw = MUTATIONS[name]?.(raw, rng, other) ?? raw;
      }
      const label = `case ${i} (${applied.join('+')}, ${raw.length} bytes)`;
      try {
        const mail = await withTimeout(read(new Uint8Array(raw)), PER_CASE_MS, label);
        classify(mail, { verdicts: UNKNOWN_VERDICTS, ownDomains: ['heemstede.nl'] });
        outcomes.parsed++;
      } catch (err) {
        if (err instanceof MalformedMailError) outcomes.malformed++;
        else if (err instanceof MailTooLargeError) outcomes.tooLarge++;
        else crashes.push(`${label}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
    console.info(
      `fuzz: ${CASES} cases from ${seeds.length} seeds (seed ${SEED}) in ${Date.now() - started} ms: ${outcomes.parsed} parsed, ` +
        `${outcomes.malformed} malformed, ${outcomes.tooLarge} too large, ${crashes.length} crashes, ${unhandled.length} unhandled rejections`,
    );

    // Assess
    expect(crashes).toEqual([]);
    expect(unhandled).toEqual([]);
  });
});

async function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no answer within ${ms} ms (hang?)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
