/**
 * `npm run bench` (`-- --json` for one JSON line, `-- --rounds N` to change the number of interleaved rounds).
 *
 * Generates its own fixtures (nothing large is committed) and measures, in one process with interleaved rounds
 * (so a slow moment of the machine hits every case alike), median / min / max / runs of:
 *  (a) a plain 6 KB mail, (b) a seed-like letter with its PDF, (c) a 25 MB mail with several attachments and
 *  (d) the labelled corpus, each read (MIME + PDF text) and classified as production does (PDF text in the reused
 *  child process; the first PDF of a fresh reader, which starts that child, separately); next to them the floors:
 *  bare mailparser simpleParser + pdf-parse getText for (b) and Node's base64 decoder for (c).
 * Then, each in fresh `node` processes: the peak RSS of ingesting a 40 MB mail through the real ingest use case,
 * each function's bundle size (esbuild with PipelineFunction's options) and the import time of each bundled handler
 * next to a bare `node -e ''`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { PDFParse } from 'pdf-parse';
import { esbuildOptionsFor } from '../infra/bundling/esbuild-options.js';
import { buildDemoLetterEml, buildSeedEml, renderLetterPdf } from '../infra/local/demo-letter.js';
import { REPO_ROOT, entryOf, pipelineBundling, type PipelineFunctionName } from '../infra/constructs/pipeline-function.js';
import { IsolatedPdfTextExtractor } from '../shared/adapters/isolated-pdf-text-extractor.js';
import { createMailReader } from '../shared/adapters/mail-reader.js';
import { MailparserMimeParser } from '../shared/adapters/mailparser-mime-parser.js';
import { PdfParseTextExtractor } from '../shared/adapters/pdf-parse-text-extractor.js';
import { DEFAULT_READ_LIMITS, makeReadMail } from '../shared/application/read-mail.js';
import { classify } from '../shared/domain/classifier/index.js';
import type { ParsedMail } from '../shared/domain/mail.js';
import type { Verdicts } from '../shared/domain/verdicts.js';
import { ALL_FUNCTIONS_CONTEXT, FUNCTION_NAMES, environmentFromStack, synthRaadspost } from '../test/infra/support.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const JSON_OUTPUT = args.includes('--json');
const ROUNDS = Number(args[args.indexOf('--rounds') + 1] ?? '') || 5;
/** The 6 KB mail is timed this many times per round (each run its own sample). */
const SMALL_PER_ROUND = 25;
const CHILD_RUNS = 5;

const PASS: Verdicts = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };
const CONTEXT = { verdicts: PASS, ownDomains: ['heemstede.nl'] };
const MB = 1_000_000;

const log = (line: string) => {
  if (!JSON_OUTPUT) console.log(line);
  else process.stderr.write(`${line}\n`);
};

// ------------------------------------------------------------------------------------------------ fixtures

const compose = async (options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> => new MailComposer(options).compile().build();

/** A plain-text citizen mail of about 6 KB. */
async function smallMail(): Promise<Buffer> {
  const paragraph =
    'Geachte griffier, in onze straat staat al weken een kapotte lantaarnpaal en de stoep is bij de school zo smal dat kinderen op de rijbaan lopen. ';
  return compose({
    from: 'Jan de Vries <jan.devries@example.nl>',
    to: 'griffie@heemstede.nl',
    subject: 'Vraag over de stoep bij de school',
    date: new Date('2026-02-02T09:00:00+01:00'),
    text: `${paragraph.repeat(38)}\n\nMet vriendelijke groet,\nJan de Vries`,
  });
}

/** The seed letter when ../shared/seed is there (as `npm start` builds it), else Raadspost's own demo letter. */
async function seedLetter(): Promise<{ raw: Buffer; source: string }> {
  const dir = path.resolve(REPO_ROOT, '../shared/seed');
  const file = existsSync(dir) ? (await readdir(dir)).find((f) => f.endsWith('.txt')) : undefined;
  if (file) return { raw: (await buildSeedEml(await readFile(path.join(dir, file), 'utf8'))).raw, source: `../shared/seed/${file}` };
  return { raw: (await buildDemoLetterEml()).raw, source: 'demo letter (infra/local/demo-letter.ts; ../shared/seed absent)' };
}

/** Pseudo-random bytes (incompressible like photos and zips), deterministic so every run reads the same mail. */
function noise(bytes: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(bytes);
  let x = seed >>> 0 || 1;
  for (let i = 0; i + 4 <= bytes; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeUInt32LE(x >>> 0, i);
  }
  return out;
}

/** A letter of about `totalBytes` with a PDF and `binaries` photo/zip attachments (base64 turns 3 bytes into 4, plus line ends). */
async function bigMail(totalBytes: number, binaries: number): Promise<Buffer> {
  const pdf = await renderLetterPdf({ title: 'Brief', author: 'Stichting Groen Dorp', date: new Date('2026-03-01T09:00:00Z'), paragraphs: ['Geachte raadsleden,', 'Wij sturen u onze foto’s van de Binnenweg.'] });
  const each = Math.floor(((totalBytes - 8 * 1024 - pdf.byteLength * 1.37) * 3) / 4 / 1.0135 / binaries);
  return compose({
    from: 'Stichting Groen Dorp <bestuur@groendorp.example>',
    to: 'griffie@heemstede.nl',
    subject: 'Brief aan de raad met foto’s',
    date: new Date('2026-02-02T09:00:00+01:00'),
    text: 'Geachte griffier,\n\nWilt u onze brief en de foto’s doorsturen aan alle raadsleden?\n\nMet vriendelijke groet,\nStichting Groen Dorp',
    attachments: [
      { filename: 'brief.pdf', content: Buffer.from(pdf), contentType: 'application/pdf' },
      ...Array.from({ length: binaries }, (_, i) =>
        i % 2 === 0
          ? { filename: `foto-${i + 1}.jpg`, content: noise(each, i + 1), contentType: 'image/jpeg' }
          : { filename: `bijlagen-${i + 1}.zip`, content: noise(each, i + 1), contentType: 'application/zip' },
      ),
    ],
  });
}

/** The labelled corpus, or the committed hold-out fixtures when it is absent. */
async function corpus(): Promise<{ messages: Buffer[]; source: string }> {
  const labelled = path.resolve(REPO_ROOT, '../shared/corpus/labelled');
  const dir = existsSync(labelled) ? labelled : path.join(REPO_ROOT, 'test/fixtures/holdout');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
  const source = dir === labelled ? '../shared/corpus/labelled' : 'test/fixtures/holdout (../shared/corpus/labelled absent)';
  return { messages: await Promise.all(files.map((f) => readFile(path.join(dir, f)))), source };
}

// ------------------------------------------------------------------------------------------------ statistics

interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

const stats = (samples: readonly number[]): Stats => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN, runs: sorted.length };
};

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const fmt = (s: Stats, unit = 'ms') => `median ${round(s.median, 3)} ${unit}  (min ${round(s.min, 3)}, max ${round(s.max, 3)}, ${s.runs} runs)`;

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

// ------------------------------------------------------------------------------------------------ in-process cases

const readAndClassify = async (read: (raw: Uint8Array) => Promise<ParsedMail>, raw: Uint8Array) => classify(await read(raw), CONTEXT);

/** The floor of (b): mailparser's own simpleParser and pdf-parse's getText on the same bytes, nothing of ours. */
async function bareFloor(raw: Buffer, maxPages: number): Promise<void> {
  const mail = await simpleParser(raw);
  for (const a of mail.attachments) {
    if (a.contentType !== 'application/pdf') continue;
    const parser = new PDFParse({ data: new Uint8Array(a.content), verbosity: 0 });
    try {
      await parser.getText({ first: maxPages });
    } finally {
      await parser.destroy();
    }
  }
}

// ------------------------------------------------------------------------------------------------ child processes

async function wallTime(argv: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ ms: number; stdout: string }> {
  const start = performance.now();
  const { stdout } = await run(process.execPath, argv, { ...options, timeout: 120_000, maxBuffer: 16 * MB });
  return { ms: performance.now() - start, stdout };
}

/** Lambda's own variables plus fake credentials: nothing in a cold start may call AWS. */
const LAMBDA_ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

/** Bytes of each package (or of our own sources) in one bundle output, largest first. */
function contents(metafile: Metafile): [string, number][] {
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = m ? m[1]! : '(raadspost)';
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]);
}

// ------------------------------------------------------------------------------------------------ main

async function main() {
  const work = await mkdtemp(path.join(tmpdir(), 'raadspost-bench-'));
  try {
    log(`Raadspost benchmark: node ${process.version}, ${(await import('node:os')).cpus().length} cpu(s), ${ROUNDS} interleaved rounds`);
    const small = await smallMail();
    const letter = await seedLetter();
    const big = await bigMail(25 * MB, 5);
    const { messages, source: corpusSource } = await corpus();
    // The physical floor of (c): Node's base64 decoder over every base64 body of the same message (the decoder stops at
    // the first character outside the alphabet, so each body is decoded on its own; throughput counts the whole message).
    const bigBase64 = [...big.toString('latin1').matchAll(/\r\n\r\n([A-Za-z0-9+/=\r\n]{4096,})/g)].map((m) => m[1]!);
    log(`fixtures: small ${small.byteLength} B; letter ${letter.raw.byteLength} B from ${letter.source}; big ${round(big.byteLength / MB)} MB; corpus ${messages.length} messages from ${corpusSource}`);

    const reader = createMailReader(DEFAULT_READ_LIMITS); // production: PDFs in a child process, reused between PDFs
    // The first PDF of a fresh reader (a cold start's first letter): starting the child is part of its time.
    const coldLetter = async () => {
      const pdfText = new IsolatedPdfTextExtractor();
      try {
        await readAndClassify(makeReadMail({ mime: new MailparserMimeParser(), pdfText, limits: DEFAULT_READ_LIMITS }), letter.raw);
      } finally {
        pdfText.close();
      }
    };
    const inProcess = makeReadMail({ mime: new MailparserMimeParser(), pdfText: new PdfParseTextExtractor(), limits: DEFAULT_READ_LIMITS });
    const mime = new MailparserMimeParser();
    // The classifier alone, on the corpus read once: its share of (d), and the figure a rule change must not push up.
    const parsed = await Promise.all(messages.map((raw) => inProcess(raw)));

    const cases: Record<string, () => Promise<unknown>> = {
      letter: () => readAndClassify(reader, letter.raw),
      letter_cold: coldLetter,
      letter_inproc: () => readAndClassify(inProcess, letter.raw),
      letter_floor: () => bareFloor(letter.raw, DEFAULT_READ_LIMITS.pdfMaxPages),
      big: () => readAndClassify(reader, big),
      big_mime: () => mime.parse(big),
      big_floor: async () => {
        for (const body of bigBase64) Buffer.from(body, 'base64');
      },
      corpus: async () => {
        for (const raw of messages) await readAndClassify(reader, raw);
      },
      corpus_inproc: async () => {
        for (const raw of messages) await readAndClassify(inProcess, raw);
      },
      corpus_classify: async () => {
        for (const mail of parsed) classify(mail, CONTEXT);
      },
    };
    const samples: Record<string, number[]> = { small: [], ...Object.fromEntries(Object.keys(cases).map((k) => [k, []])) };

    // Warm-up (JIT, pdf.js loaded once in process), then rounds whose order rotates.
    for (const fn of Object.values(cases)) await fn();
    // 500 small mails: until V8's background compiler is done, its threads take CPU from the samples (1.2 ms after 50, 0.8 after 500).
    for (let i = 0; i < 500; i++) await readAndClassify(reader, small);
    const names = Object.keys(cases);
    for (let r = 0; r < ROUNDS; r++) {
      const order = [...names.slice(r % names.length), ...names.slice(0, r % names.length)];
      for (const name of order) samples[name]!.push(await time(cases[name]!));
      for (let i = 0; i < SMALL_PER_ROUND; i++) samples.small!.push(await time(() => readAndClassify(reader, small)));
      if (!JSON_OUTPUT) process.stderr.write(`  round ${r + 1}/${ROUNDS}\r`);
    }
    const s = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)])) as Record<string, Stats>;
    const mbPerS = (ms: number) => big.byteLength / MB / (ms / 1000);

    log('');
    log('In process (read = MIME + PDF text, then classify):');
    log(`  (a) 6 KB plain mail                      ${fmt(s.small!)}`);
    log(`  (b) seed letter, production reader       ${fmt(s.letter!)}   [PDF text in the reused child process]`);
    log(`      same, first PDF of a fresh reader    ${fmt(s.letter_cold!)}   [starts the child: a cold start's first PDF]`);
    log(`      seed letter, PDF text in process     ${fmt(s.letter_inproc!)}`);
    log(`      floor: simpleParser + getText        ${fmt(s.letter_floor!)}`);
    log(`  (c) 25 MB mail, production reader        ${fmt(s.big!)}  = ${round(mbPerS(s.big!.median))} MB/s`);
    log(`      25 MB mail, MIME parse only          ${fmt(s.big_mime!)}  = ${round(mbPerS(s.big_mime!.median))} MB/s`);
    log(`      floor: Buffer.from(str, 'base64')    ${fmt(s.big_floor!)}  = ${round(mbPerS(s.big_floor!.median))} MB/s`);
    log(`  (d) corpus, production reader            ${fmt(s.corpus!)}  = ${round((messages.length * 1000) / s.corpus!.median)} messages/s`);
    log(`      corpus, PDF text in process          ${fmt(s.corpus_inproc!)}  = ${round((messages.length * 1000) / s.corpus_inproc!.median)} messages/s`);
    log(`      corpus, classify only (read once)    ${fmt(s.corpus_classify!)}  = ${round((s.corpus_classify!.median * 1000) / messages.length)} µs/message`);

    // ---- peak RSS of a 40 MB ingest, in a fresh node running the bundled use case
    const mail40 = path.join(work, 'mail-40mb.eml');
    await writeFile(mail40, await bigMail(40 * MB, 6));
    const rssScript = path.join(work, 'rss', 'ingest-peak-rss.mjs');
    await build({
      entryPoints: [path.join(REPO_ROOT, 'bench/ingest-peak-rss.ts')],
      outfile: rssScript,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
      logLevel: 'error',
    });
    const pdfWorker = pathToFileURL(path.join(REPO_ROOT, 'shared/adapters/pdf-worker.mjs')).href;
    const rssRuns: { peakRssMb: number; baselineMb: number; outcome: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const { stdout } = await wallTime([rssScript, mail40, pdfWorker], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '' } });
      rssRuns.push(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}'));
    }
    const rss = stats(rssRuns.map((r) => r.peakRssMb));
    const mail40Mb = (await stat(mail40)).size / MB;
    log('');
    log(`Peak RSS, ingesting a ${round(mail40Mb)} MB mail (fresh node, real use case, outcome ${rssRuns[0]?.outcome}): ${fmt(rss, 'MB')}; after imports ${rssRuns[0]?.baselineMb} MB`);

    // ---- bundles: size and import time
    const template = synthRaadspost(ALL_FUNCTIONS_CONTEXT).pipelineTemplate;
    const bundleBytes: Record<string, number> = {};
    const bundleContents: Record<string, [string, number][]> = {};
    const bundles: Record<string, { file: string; env: Record<string, string> }> = {};
    for (const name of FUNCTION_NAMES) {
      const outfile = path.join(work, 'bundles', name, 'index.mjs');
      const result = await build({ ...esbuildOptionsFor(pipelineBundling(name), entryOf(name), outfile), metafile: true });
      bundleBytes[name] = (await stat(outfile)).size;
      bundleContents[name] = contents(result.metafile);
      bundles[name] = { file: outfile, env: { ...LAMBDA_ENV, ...environmentFromStack(name as PipelineFunctionName, template) } };
    }
    const bare: number[] = [];
    const importInside: Record<string, number[]> = Object.fromEntries(FUNCTION_NAMES.map((n) => [n, []]));
    const importWall: Record<string, number[]> = Object.fromEntries(FUNCTION_NAMES.map((n) => [n, []]));
    for (let i = 0; i < CHILD_RUNS; i++) {
      bare.push((await wallTime(['-e', ''], { cwd: work, env: { PATH: process.env.PATH ?? '' } })).ms);
      for (const name of FUNCTION_NAMES) {
        const { file, env } = bundles[name]!;
        const code = `const t = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t, typeof m.handler);`;
        const { ms, stdout } = await wallTime(['--input-type=module', '-e', code], { cwd: path.dirname(file), env });
        const [inside, kind] = stdout.trim().split('\n').at(-1)!.split(' ');
        if (kind !== 'function') throw new Error(`bundle of ${name} does not export a handler`);
        importInside[name]!.push(Number(inside));
        importWall[name]!.push(ms);
      }
    }
    const bareStats = stats(bare);
    log('');
    log(`Bundles (esbuild, PipelineFunction options; index.mjs without its map) and import time in a fresh node with the stack's environment:`);
    log(`  bare node -e ''                         wall ${fmt(bareStats)}`);
    for (const name of FUNCTION_NAMES) {
      const inside = stats(importInside[name]!);
      const wall = stats(importWall[name]!);
      const top = bundleContents[name]!.slice(0, 6).map(([pkg, bytes]) => `${pkg} ${round(bytes / 1024, 0)} KB`).join(', ');
      log(`  ${name.padEnd(15)} ${String(round(bundleBytes[name]! / 1024, 0)).padStart(6)} KB  import ${fmt(inside)}; wall - bare ${round(wall.median - bareStats.median, 1)} ms`);
      log(`  ${''.padEnd(15)} largest parts: ${top}`);
    }

    if (JSON_OUTPUT) {
      const median = (xs: number[]) => round(stats(xs).median, 2);
      console.log(
        JSON.stringify({
          node: process.version,
          rounds: ROUNDS,
          small_bytes: small.byteLength,
          small_ms: round(s.small!.median, 3),
          letter_ms: round(s.letter!.median, 2),
          letter_cold_ms: round(s.letter_cold!.median, 2),
          letter_inproc_ms: round(s.letter_inproc!.median, 2),
          letter_floor_ms: round(s.letter_floor!.median, 2),
          letter_source: letter.source,
          big_bytes: big.byteLength,
          big_ms: round(s.big!.median, 1),
          big_mb_per_s: round(mbPerS(s.big!.median), 1),
          big_mime_mb_per_s: round(mbPerS(s.big_mime!.median), 1),
          floor_mb_per_s: round(mbPerS(s.big_floor!.median), 1),
          corpus_messages: messages.length,
          corpus_source: corpusSource,
          corpus_msgs_per_s: round((messages.length * 1000) / s.corpus!.median, 1),
          corpus_inproc_msgs_per_s: round((messages.length * 1000) / s.corpus_inproc!.median, 1),
          corpus_classify_us_per_msg: round((s.corpus_classify!.median * 1000) / messages.length, 1),
          peak_rss_40mb_mb: round(rss.median, 1),
          peak_rss_40mb_max_mb: round(rss.max, 1),
          rss_after_imports_mb: rssRuns[0]?.baselineMb,
          bundle_bytes: bundleBytes,
          import_ms: Object.fromEntries(FUNCTION_NAMES.map((n) => [n, median(importInside[n]!)])),
          import_wall_minus_bare_ms: Object.fromEntries(FUNCTION_NAMES.map((n) => [n, round(stats(importWall[n]!).median - bareStats.median, 1)])),
          node_bare_ms: round(bareStats.median, 1),
          stats: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, { median: round(v.median, 3), min: round(v.min, 3), max: round(v.max, 3), runs: v.runs }])),
        }),
      );
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
