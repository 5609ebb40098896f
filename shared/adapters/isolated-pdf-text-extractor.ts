import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PdfTextError } from '../domain/errors.js';
import type { PdfText, PdfTextExtractor } from '../ports.js';
import type { PdfJob, PdfJobResult } from './pdf-worker.mjs';

export interface PdfIsolationLimits {
  /** Wall-clock time for one PDF, a process start included; the child is killed after it. @default 10_000 */
  readonly timeoutMs: number;
  /** Memory of the child process (its V8 heap and its resident size, where the OS tells it). @default 256 */
  readonly maxMemoryMb: number;
  /** PDFs one child reads before it is replaced, so that whatever pdf.js leaves behind cannot pile up. @default 100 */
  readonly maxPdfsPerProcess: number;
}

export const DEFAULT_PDF_ISOLATION: PdfIsolationLimits = { timeoutMs: 10_000, maxMemoryMb: 256, maxPdfsPerProcess: 100 };

/** How often the child's resident memory is sampled while it reads (Linux /proc, as on Lambda). */
const RSS_POLL_MS = 20;

/** A child that ends a PDF above this share of its memory limit is replaced before the next one. */
const RETIRE_AT_MEMORY_SHARE = 0.5;

/**
 * PdfTextExtractor that reads PDFs in a child process (shared/adapters/pdf-worker.mjs) with a heap cap, a
 * resident-memory watchdog, a time limit and the page cap. A PDF bomb, an endless PDF or a pdf.js crash costs only
 * that PDF's text (a PdfTextError with a code): its child is killed, and the next PDF gets a fresh one. The calling
 * process keeps its memory and its time.
 *
 * The child is reused for the next PDF: starting `node` and pdf.js costs ~300 ms, reading a letter ~10 ms. It reads
 * one PDF at a time (calls queue), is replaced after `maxPdfsPerProcess` PDFs or when it ends a PDF at more than
 * half its memory limit, and does not keep the caller alive (a CLI exits; on Lambda it stays for the next warm
 * invocation). What one PDF could leave in a reused child is text for the next PDF's record, never code in ours.
 *
 * Why a process and not a worker thread: pdf.js inflates streams into ArrayBuffers, which live outside the V8 heap
 * that worker `resourceLimits` cap. A 300 MB inflating stream took a worker's whole process past 1 GB resident.
 * A child process can be measured and killed on its own, and the OOM killer picks it, not the Lambda runtime.
 */
export class IsolatedPdfTextExtractor implements PdfTextExtractor {
  private readonly limits: PdfIsolationLimits;
  private reader: PdfReaderProcess | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private started = 0;

  constructor(
    limits: Partial<PdfIsolationLimits> = {},
    /** The child's entry. @default pdf-worker.mjs next to this module, or next to the bundle that contains it */
    private readonly entry: URL = new URL('./pdf-worker.mjs', import.meta.url),
  ) {
    this.limits = { ...DEFAULT_PDF_ISOLATION, ...limits };
  }

  extract(pdf: Uint8Array, { maxPages }: { maxPages: number }): Promise<PdfText> {
    // One PDF at a time: the time limit is for reading, not for waiting in line.
    const result = this.queue.then(() => this.read({ pdf, maxPages }));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Child processes started so far. */
  get processesStarted(): number {
    return this.started;
  }

  /** Stops the child, if one runs; the next extract starts a new one. */
  close(): void {
    this.reader?.stop();
    this.reader = undefined;
  }

  private async read(job: Omit<PdfJob, 'id'>): Promise<PdfText> {
    if (!this.reader?.usable) {
      this.reader = new PdfReaderProcess(this.entry, this.limits);
      this.started++;
    }
    const reader = this.reader;
    try {
      return await reader.read(job);
    } finally {
      if (!reader.usable || reader.pdfsRead >= this.limits.maxPdfsPerProcess || reader.lastRssMb > this.limits.maxMemoryMb * RETIRE_AT_MEMORY_SHARE) {
        reader.stop();
        if (this.reader === reader) this.reader = undefined;
      }
    }
  }
}

/** One child process and the limits on each PDF it reads. */
class PdfReaderProcess {
  private readonly child: ChildProcess;
  private nextId = 1;
  private stopped = false;
  pdfsRead = 0;
  /** Resident MB of the child after its last PDF, as it reported. */
  lastRssMb = 0;

  constructor(
    entry: URL,
    private readonly limits: PdfIsolationLimits,
  ) {
    this.child = fork(fileURLToPath(entry), [], {
      // Explicit: never inherit the parent's flags (a test runner's loaders, a larger heap).
      execArgv: [`--max-old-space-size=${limits.maxMemoryMb}`, '--max-semi-space-size=16'],
      // Nor the environment: the child runs pdf.js on hostile bytes and needs none of it (no AWS credentials, and no
      // NODE_OPTIONS: tsx puts its loader there, hundreds of MB in the child; Lambda its source maps).
      env: { PATH: process.env.PATH ?? '' },
      serialization: 'advanced',
      // pdf.js logs with console.log: keep it off our stdout (the CLI's one-JSON-line-per-file contract).
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child.stdout?.pipe(process.stderr, { end: false });
    this.child.stderr?.pipe(process.stderr, { end: false });
    this.child.once('exit', () => (this.stopped = true));
    // An idle child must not keep the caller alive; while it reads, the time limit's timer does.
    this.child.unref();
    this.child.channel?.unref();
    for (const stream of [this.child.stdout, this.child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
  }

  get usable(): boolean {
    return !this.stopped && this.child.connected;
  }

  stop(): void {
    this.stopped = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  read(job: Omit<PdfJob, 'id'>): Promise<PdfText> {
    const { timeoutMs, maxMemoryMb } = this.limits;
    const id = this.nextId++;
    const child = this.child;
    return new Promise<PdfText>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: { text: PdfText } | { error: PdfTextError; answered?: true }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(watchdog);
        child.off('message', onMessage);
        child.off('error', onError);
        child.off('exit', onExit);
        if ('text' in outcome || outcome.answered) this.pdfsRead++;
        else this.stop(); // killed, timed out or gone: this child reads no further PDF
        if ('text' in outcome) resolve(outcome.text);
        else reject(outcome.error);
      };
      const tooMuchMemory = () => new PdfTextError('PDF_TOO_MUCH_MEMORY', `reading the PDF needed more than ${maxMemoryMb} MB; stopped`);
      const timer = setTimeout(() => finish({ error: new PdfTextError('PDF_TIMEOUT', `reading the PDF took more than ${timeoutMs} ms; stopped`) }), timeoutMs);
      const watchdog = setInterval(() => {
        void residentMb(child).then((mb) => {
          if (mb !== null && mb > maxMemoryMb) finish({ error: tooMuchMemory() });
        });
      }, RSS_POLL_MS);
      const onMessage = (result: PdfJobResult) => {
        if (result.id !== id) return;
        if (result.ok) {
          this.lastRssMb = result.rssMb;
          finish({ text: { text: result.text, pagesRead: result.pagesRead, pageCount: result.pageCount } });
        }
        // pdf.js refused the PDF and said so: the child is fine and reads the next one.
        else finish({ error: new PdfTextError(result.name === 'PasswordException' ? 'PDF_ENCRYPTED' : 'PDF_UNREADABLE', result.message), answered: true });
      };
      const onError = (err: Error) => finish({ error: new PdfTextError('PDF_UNREADABLE', `the PDF reader could not run: ${err.message}`, { cause: err }) });
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        // V8 aborts (SIGABRT / 134) or exits with an OOM message when the heap cap is reached; the OOM killer sends SIGKILL.
        const outOfMemory = signal === 'SIGABRT' || code === 134 || signal === 'SIGKILL';
        finish({ error: outOfMemory ? tooMuchMemory() : new PdfTextError('PDF_UNREADABLE', `the PDF reader stopped without an answer (exit ${code ?? signal})`) });
      };
      child.on('message', onMessage);
      child.once('error', onError);
      child.once('exit', onExit);
      const message: PdfJob = { id, ...job };
      child.send(message, (err) => {
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
