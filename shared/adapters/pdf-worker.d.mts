/** The messages between IsolatedPdfTextExtractor and its child (pdf-worker.mjs). */
export interface PdfJob {
  readonly pdf: Uint8Array;
  readonly maxPages: number;
}

export type PdfJobResult =
  | { readonly ok: true; readonly text: string; readonly pagesRead: number; readonly pageCount: number }
  | { readonly ok: false; readonly name: string; readonly message: string };
