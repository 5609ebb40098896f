import { DEFAULT_READ_LIMITS, makeReadMail, type ReadLimits, type ReadMessage } from '../application/read-mail.js';
import type { RawMailStream } from '../ports.js';
import { IsolatedPdfTextExtractor, type PdfIsolationLimits } from './isolated-pdf-text-extractor.js';
import { MailparserMimeParser } from './mailparser-mime-parser.js';

/**
 * Raw bytes (whole or streamed) -> ParsedMail with mailparser and pdf-parse wired in: for the CLI, the local stack, Lambda and tests.
 * PDFs are read in a child process (reused between PDFs, replaced when one fails) with a time and memory limit (IsolatedPdfTextExtractor).
 * @example const read = createMailReader(); const mail = await read(await readFile('letter.eml'));
 */
export const createMailReader = (
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  pdfIsolation: Partial<PdfIsolationLimits> = {},
): ((raw: Uint8Array | RawMailStream) => Promise<ReadMessage>) =>
  makeReadMail({ mime: new MailparserMimeParser(), pdfText: new IsolatedPdfTextExtractor(pdfIsolation), limits });
