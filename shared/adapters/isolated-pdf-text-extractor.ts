import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PdfTextError } from '../domain/errors.js';
import type { PdfText, PdfTextExtractor } from '../ports.js';
import type { PdfJob, PdfJobResult } from './pdf-worker.mjs';

export interface PdfIsolationLimits {
  /** Wall-clock time for one PDF, process start included; the child is killed after it. @default 10_000 */
  readonly timeoutMs: number;
  /** Memory of the child process (its V8 heap and its resident size, where the OS tells it). @default 256 */
  readonly maxMemoryMb: number;
}

export const DEFAULT_PDF_ISOLATION: PdfIsolationLimits = { timeoutMs: 10_000, maxMemoryMb: 256 };

/** How often the child's resident memory is sampled (Linux /proc, as on Lambda). */
const RSS_POLL_MS = 20;

/**
 * PdfTextExtractor that reads each PDF in its own short-lived child process (shared/adapters/pdf-worker.mjs) with a
 * heap cap, a resident-memory watchdog, a time limit and the page cap. A PDF bomb, an endless PDF or a pdf.js crash
 * costs only that PDF's text (a PdfTextError with a code); the calling process keeps its memory and its time.
 *
 * Why a process and not a worker thread: pdf.js inflates streams into ArrayBuffers, which live outside the V8 heap
 * that worker `resourceLimits` cap. A 300 MB inflating stream took a worker's whole process past 1 GB resident.
 * A child process can be measured and killed on its own, and the OOM killer picks it, not the Lambda runtime.
 */
export class IsolatedPdfTextExtractor implements PdfTextExtractor {
  private readonly limits: PdfIsolationLimits;
  constructor(
    limits: Partial<PdfIsolationLimits> = {},
    /** The child's entry. @default pdf-worker.mjs next to this module, or next to the bundle that contains it */
    private readonly entry: URL = new URL('./pdf-worker.mjs', import.meta.url),
  ) {
    this.limits = { ...DEFAULT_PDF_ISOLATION, ...limits };
  }

  extract(pdf: Uint8Array, { maxPages }: { maxPages: number }): Promise<PdfText> {
    const { timeoutMs, maxMemoryMb } = this.limits;
    const child = fork(fileURLToPath(this.entry), [], {
      // Explicit: never inherit the parent's flags (a test runner's loaders, a larger heap).
      execArgv: [`--max-old-space-size=${maxMemoryMb}`, '--max-semi-space-size=16'],
      // Nor the environment: the child runs pdf.js on hostile bytes and needs none of it (no AWS credentials, and no
      // NODE_OPTIONS: tsx puts its loader there, hundreds of MB in the child; Lambda its source maps).
      env: { PATH: process.env.PATH ?? '' },
      serialization: 'advanced',
      // pdf.js logs with console.log: keep it off our stdout (the CLI's one-JSON-line-per-file contract).
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.pipe(process.stderr, { end: false });
    child.stderr?.pipe(process.stderr, { end: false });

    return new Promise<PdfText>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: { text: PdfText } | { error: PdfTextError }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(watchdog);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        if ('text' in outcome) resolve(outcome.text);
        else reject(outcome.error);
      };
      const timer = setTimeout(
        () => finish({ error: new PdfTextError('PDF_TIMEOUT', `reading the PDF took more than ${timeoutMs} ms; stopped`) }),
        timeoutMs,
      );
      const watchdog = setInterval(() => {
        void residentMb(child).then((mb) => {
          if (mb !== null && mb > maxMemoryMb) {
            finish({ error: new PdfTextError('PDF_TOO_MUCH_MEMORY', `reading the PDF needed more than ${maxMemoryMb} MB; stopped`) });
          }
        });
      }, RSS_POLL_MS);
      child.once('message', (result: PdfJobResult) => {
        if (result.ok) finish({ text: { text: result.text, pagesRead: result.pagesRead, pageCount: result.pageCount } });
        else finish({ error: new PdfTextError(result.name === 'PasswordException' ? 'PDF_ENCRYPTED' : 'PDF_UNREADABLE', result.message) });
      });
      child.once('error', (err) => finish({ error: new PdfTextError('PDF_UNREADABLE', `the PDF reader could not run: ${err.message}`, { cause: err }) }));
      child.once('exit', (code, signal) => {
        // V8 aborts (SIGABRT / 134) or exits with an OOM message when the heap cap is reached.
        const outOfMemory = signal === 'SIGABRT' || code === 134 || signal === 'SIGKILL';
        finish({
          error: outOfMemory
            ? new PdfTextError('PDF_TOO_MUCH_MEMORY', `reading the PDF needed more than ${maxMemoryMb} MB; stopped`)
            : new PdfTextError('PDF_UNREADABLE', `the PDF reader stopped without an answer (exit ${code ?? signal})`),
        });
      });
      const job: PdfJob = { pdf, maxPages };
      child.send(job, (err) => {
        if (err) finish({ error: new PdfTextError('PDF_UNREADABLE', `the PDF could not be handed to its reader: ${err.message}`, { cause: err }) });
      });
    });
  }
}

/** Resident memory of the child in MB, or null where /proc is not there (not Linux) or the child is gone. */
async function residentMb(child: ChildProcess): Promise<number | null> {
  if (child.pid === undefined || process.platform !== 'linux') return null;
  try {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}
