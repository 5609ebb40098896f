import type { PdfText, PdfTextExtractor } from '../ports.js';

type PdfParseModule = typeof import('pdf-parse');

let pdfParse: Promise<PdfParseModule> | undefined;

/** pdf.js is large: load it only when a message actually carries a PDF (lean cold starts). */
const loadPdfParse = (): Promise<PdfParseModule> => (pdfParse ??= import('pdf-parse'));

/** PdfTextExtractor on pdf-parse 2 (pdf.js). Reads only the first pages; the caller decides what a failure means. */
export class PdfParseTextExtractor implements PdfTextExtractor {
  async extract(pdf: Uint8Array, { maxPages }: { maxPages: number }): Promise<PdfText> {
    const { PDFParse } = await loadPdfParse();
    // pdf.js may transfer or detach the buffer it is given: hand it a private copy.
    const parser = new PDFParse({ data: new Uint8Array(pdf), verbosity: 0 });
    try {
      const result = await parser.getText({ first: maxPages });
      return {
        text: result.pages.map((page) => page.text).join('\n\n').trim(),
        pagesRead: result.pages.length,
        pageCount: result.total,
      };
    } finally {
      await parser.destroy();
    }
  }
}
