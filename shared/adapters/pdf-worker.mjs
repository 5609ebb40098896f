// @ts-check
/**
 * The child process in which IsolatedPdfTextExtractor (isolated-pdf-text-extractor.ts) reads one PDF: pdf.js may
 * run out of memory or time here without taking the ingest run down. It receives { pdf, maxPages } once over IPC
 * (advanced serialization), answers once with PdfJobResult and exits.
 *
 * Plain JavaScript on purpose: from the sources (CLI, tests) it runs in a bare `node` without a TypeScript loader,
 * which would cost the child hundreds of MB; for Lambda it is bundled as a second entry next to the function's
 * index.mjs (infra/constructs/pipeline-function.ts). Same reading as PdfParseTextExtractor: the first pages only.
 */
import { PDFParse } from 'pdf-parse';

if (process.send) {
  process.once('message', async (/** @type {{ pdf: Uint8Array, maxPages: number }} */ job) => {
    let result;
    try {
      const parser = new PDFParse({ data: job.pdf, verbosity: 0 });
      try {
        const read = await parser.getText({ first: job.maxPages });
        result = { ok: true, text: read.pages.map((page) => page.text).join('\n\n').trim(), pagesRead: read.pages.length, pageCount: read.total };
      } finally {
        await parser.destroy();
      }
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      result = { ok: false, name: error.name, message: error.message };
    }
    process.send?.(result, () => process.disconnect());
  });
}
