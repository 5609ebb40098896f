import { DEFAULT_READ_LIMITS, makeReadMail, type ReadLimits } from '../application/read-mail.js';
import type { ParsedMail } from '../domain/mail.js';
import { MailparserMimeParser } from './mailparser-mime-parser.js';
import { PdfParseTextExtractor } from './pdf-parse-text-extractor.js';

/**
 * Raw bytes -> ParsedMail with mailparser and pdf-parse wired in: for the CLI, the local stack and tests.
 * @example const read = createMailReader(); const mail = await read(await readFile('letter.eml'));
 */
export const createMailReader = (limits: ReadLimits = DEFAULT_READ_LIMITS): ((raw: Uint8Array) => Promise<ParsedMail>) =>
  makeReadMail({ mime: new MailparserMimeParser(), pdfText: new PdfParseTextExtractor(), limits });
