/**
 * Injected (esbuild `inject`) at the top of bundles that read PDFs, before pdf-parse 2 loads pdf.js.
 *
 * Bundled, pdf.js fails in two ways (mehmet-kozan/pdf-parse#96, #9, #73; see STYLE "pdf-parse"):
 * 1. `ReferenceError: DOMMatrix is not defined`: pdf.js polyfills DOMMatrix from the native `@napi-rs/canvas`,
 *    which cannot be bundled (a .node binary, and the one installed here is not the arm64 one Lambda needs). Its canvas
 *    code evaluates `new DOMMatrix()` at module scope. Text extraction never renders, so an identity matrix is
 *    enough to let the module load; nothing calls its methods.
 * 2. `Setting up fake worker failed: Cannot find module '.../pdf.worker.mjs'`: in Node, pdf.js runs its worker in
 *    process and imports `./pdf.worker.mjs` next to itself, which does not exist next to a single-file bundle. Importing
 *    the worker module here sets `globalThis.pdfjsWorker`, which pdf.js uses instead (what `pdf-parse/worker` does,
 *    minus its static import of `@napi-rs/canvas`).
 *
 * The bundle smoke test (test/infra/bundle.test.ts) extracts text from a PDF inside a bundle built with this shim.
 * pdfjs-dist is pdf-parse's own pinned dependency (pdf-parse 2.4.5 -> pdfjs-dist 5.4.296).
 */
import 'pdfjs-dist/legacy/build/pdf.worker.mjs';

const g = globalThis as { DOMMatrix?: unknown };
if (g.DOMMatrix === undefined) {
  g.DOMMatrix = class DOMMatrix {
    a = 1;
    b = 0;
    c = 0;
    d = 1;
    e = 0;
    f = 0;
  };
}
