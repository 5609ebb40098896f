/** The messages between IsolatedPdfTextExtractor and its child (pdf-worker.mjs); `id` pairs an answer with its job. */
export interface PdfJob {
  readonly id: number;
  readonly pdf: Uint8Array;
  readonly maxPages: number;
}

export type PdfJobResult =
  | { readonly id: number; readonly ok: true; readonly text: string; readonly pagesRead: number; readonly pageCount: number; readonly rssMb: number }
  | { readonly id: number; readonly ok: false; readonly name: string; readonly message: string };
