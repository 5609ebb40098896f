import { judgeAttachment, type AttachmentContent } from '../domain/attachment-policy.js';
import { MailTooLargeError, PDF_PROBLEMS_NL, PdfTextError, asError } from '../domain/errors.js';
import type { AttachmentInfo, ParsedMail } from '../domain/mail.js';
import type { MimeParser, PdfTextExtractor, RawMailStream } from '../ports.js';

/** A read message: its attachments that may be forwarded (and PDFs, attached messages) keep their decoded bytes. */
export interface ReadMessage extends ParsedMail {
  readonly attachments: readonly ReadAttachment[];
}

export interface ReadAttachment extends AttachmentInfo {
  readonly content?: Uint8Array;
  /** An attached e-mail's own attachments with their bytes (one level deep); absent when it could not be read. */
  readonly attached?: readonly (AttachmentInfo & { readonly content?: Uint8Array })[];
}

/**
 * What the attachment policy inspects of each attachment: its whole bytes, and an attached e-mail's attachments.
 * @example prepareLetter(mail, context, contentsOf(mail))
 */
export const contentsOf = (mail: ReadMessage): (AttachmentContent | undefined)[] =>
  mail.attachments.map(({ content, attached }) =>
    content && {
      bytes: content,
      ...(attached && {
        attached: attached.map(({ filename, contentType, inline, content: bytes }) => ({ filename, contentType, inline, ...(bytes && { content: { bytes } }) })),
      }),
    },
  );

export interface ReadLimits {
  /** Messages larger than this are refused with MailTooLargeError. */
  readonly maxMailBytes: number;
  /** Only the first pages of each PDF are read (the PdfTextExtractor bounds time and memory). */
  readonly pdfMaxPages: number;
}

export interface ReadMailDeps {
  readonly mime: MimeParser;
  readonly pdfText: PdfTextExtractor;
  readonly limits: ReadLimits;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxMailBytes: 40 * 1024 * 1024, pdfMaxPages: 10 };

/**
 * Raw bytes (whole, or streamed from the store) -> ParsedMail with the text of its PDF attachments.
 *
 * Primary course: check the size, parse the MIME structure, read the first pages of every PDF.
 * A streamed message is refused by its announced size before it is read, and by its counted size while it is read,
 * so a message larger than the limit never sits in memory.
 * A PDF that cannot be read costs only its own text: the mail is still read, with a warning that starts with
 * the problem's code (PDF_ENCRYPTED, PDF_UNREADABLE, PDF_TIMEOUT, PDF_TOO_MUCH_MEMORY).
 *
 * @throws MalformedMailError (EMPTY_MESSAGE, NOT_A_MESSAGE, MAIL_MALFORMED) or MailTooLargeError.
 */
export const makeReadMail =
  ({ mime, pdfText, limits }: ReadMailDeps) =>
  async (raw: Uint8Array | RawMailStream): Promise<ReadMessage> => {
    const announced = raw instanceof Uint8Array ? raw.byteLength : raw.sizeBytes;
    if (announced !== undefined && announced > limits.maxMailBytes) {
      if (!(raw instanceof Uint8Array)) await close(raw.body);
      throw new MailTooLargeError(`message is ${announced} bytes, limit is ${limits.maxMailBytes}`);
    }
    const parsed = await mime.parse(raw instanceof Uint8Array ? raw : limited(raw.body, limits.maxMailBytes), {
      keepContent: (a) => judgeAttachment(a).forward, // their bytes are stored for the page and the forward
    });
    const warnings = [...parsed.warnings];
    const attachments: ReadAttachment[] = [];
    for (const { content, contentId: _contentId, ...info } of parsed.attachments) {
      if (content && isAttachedMessage(info)) {
        attachments.push({ ...(await readAttachedMessage(mime, content, info, warnings)), content });
        continue;
      }
      if (!content || !isPdf(info)) {
        attachments.push(content ? { ...info, content } : info);
        continue;
      }
      const name = info.filename ?? 'naamloze pdf';
      try {
        const pdf = await pdfText.extract(content, { maxPages: limits.pdfMaxPages });
        if (pdf.text === '') warnings.push(`PDF "${name}" bevat geen leesbare tekst (gescand of alleen afbeeldingen)`);
        if (pdf.pagesRead < pdf.pageCount) warnings.push(`PDF "${name}": alleen de eerste ${pdf.pagesRead} van ${pdf.pageCount} pagina's gelezen`);
        attachments.push({ ...info, text: pdf.text, pagesRead: pdf.pagesRead, pageCount: pdf.pageCount, content });
      } catch (err) {
        const code = err instanceof PdfTextError ? err.code : 'PDF_UNREADABLE';
        warnings.push(`${code}: PDF "${name}" kon niet worden gelezen (${PDF_PROBLEMS_NL[code]}): ${asError(err).message}`);
        attachments.push({ ...info, content });
      }
    }
    return { ...parsed, attachments, warnings };
  };

/**
 * A forwarded message attached as message/rfc822 (or named .eml): its sender, subject and text become the
 * attachment's text, so the letter inside is judged on its own words, and its own attachments are kept with their
 * bytes for the attachment policy. One level deep: a message inside it is not opened.
 */
async function readAttachedMessage(mime: MimeParser, content: Uint8Array, info: AttachmentInfo, warnings: string[]): Promise<ReadAttachment> {
  try {
    const inner = await mime.parse(content, { withContent: true });
    const from = inner.from ? `${inner.from.name} <${inner.from.address}>`.trim() : '';
    const header = [from && `Van: ${from}`, inner.subject && `Onderwerp: ${inner.subject}`].filter(Boolean).join('\n');
    const attached = inner.attachments.map(({ contentId: _contentId, ...attachment }) => attachment);
    return { ...info, text: [header, inner.text.trim()].filter(Boolean).join('\n\n'), attached };
  } catch (err) {
    warnings.push(`bijgevoegd bericht "${info.filename ?? 'naamloos'}" kon niet worden gelezen: ${asError(err).message}`);
    return info;
  }
}

/** An attached e-mail: by its declared type, or by its name when it came as a plain file ("doorgestuurd.eml"). */
const isAttachedMessage = (a: AttachmentInfo): boolean => {
  if (a.contentType === 'message/rfc822') return true;
  const verdict = judgeAttachment(a);
  return verdict.forward && verdict.type === 'eml';
};

const isPdf = (a: AttachmentInfo): boolean => a.contentType === 'application/pdf' || /\.pdf$/i.test(a.filename ?? '');

/** The chunks of `body`, failing with MailTooLargeError as soon as more than `maxBytes` have come (the rest is not read). */
async function* limited(body: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw new MailTooLargeError(`message is more than ${maxBytes} bytes (limit); stopped reading after ${bytes}`);
    yield chunk;
  }
}

/** Stops a body that will not be read (a stream from S3 otherwise keeps its connection). */
export const close = async (body: AsyncIterable<Uint8Array>): Promise<void> => {
  await body[Symbol.asyncIterator]().return?.();
};
