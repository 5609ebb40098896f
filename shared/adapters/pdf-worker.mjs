// @ts-check
/**
 * The child process in which IsolatedPdfTextExtractor (isolated-pdf-text-extractor.ts) reads PDFs: pdf.js may run
 * out of memory or time here without taking the ingest run down. It receives PdfJob messages over IPC (advanced
 * serialization), one at a time, answers each with a PdfJobResult of the same id, and exits when its parent goes.
 *
 * Plain JavaScript on purpose: from the sources (CLI, tests) it runs in a bare `node` without a TypeScript loader,
 * which would cost the child hundreds of MB; for Lambda it is bundled as a second entry next to the function's
 * index.mjs (infra/constructs/pipeline-function.ts). Same reading as PdfParseTextExtractor: the first pages only.
 */
import { PDFParse } from 'pdf-parse';

if (process.send) {
  process.on('message', async (/** @type {{ id: number, pdf: Uint8Array, maxPages: number }} */ job) => {
    let result;
    try {
      const parser = new PDFParse({ data: job.pdf, verbosity: 0 });
      try {
        const read = await parser.getText({ first: job.maxPages });
        const text = read.pages.map((page) => page.text).join('\n\n').trim();
        result = { id: job.id, ok: true, text, pagesRead: read.pages.length, pageCount: read.total, rssMb: process.memoryUsage.rss() / 1048576 };
      } finally {
        await parser.destroy();
      }
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      result = { id: job.id, ok: false, name: error.name, message: error.message };
    }
    process.send?.(result);
  });
  // The parent is gone (or let go of this reader): nothing more will come.
  process.on('disconnect', () => process.exit(0));
}
