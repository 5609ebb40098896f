/**
 * What the application needs from the outside world, in our words (STYLE 6.2).
 * Adapters in shared/adapters implement these with S3, DynamoDB, mailparser and pdf-parse;
 * unit tests implement them with in-memory fakes.
 */
import type { Letter } from './domain/letter.js';
import type { AttachmentWithContent, ParsedMail } from './domain/mail.js';

export interface RawMailStore {
  /**
   * Returns the raw RFC 822 bytes SES stored under this key.
   * @throws RawMailMissingError when there is no such object; DependencyUnavailableError when S3 fails.
   */
  get(objectKey: string): Promise<Uint8Array>;
  /** Stores raw bytes (the local SMTP intake does what SES's S3 action does). */
  put(objectKey: string, raw: Uint8Array): Promise<void>;
}

export interface MimeParseOptions {
  /** Keep decoded attachment bytes (for composing the forward). @default false */
  readonly withContent?: boolean;
}

export interface MimeParser {
  /**
   * Parses a raw message into our model. PDF text is not extracted here.
   * @throws MalformedMailError when the bytes are not a message at all.
   */
  parse(raw: Uint8Array, options?: MimeParseOptions): Promise<ParsedMailWithContent>;
}

/** ParsedMail whose attachments may carry their bytes: always for PDFs and attached messages (for their text), all with `withContent`. */
export interface ParsedMailWithContent extends ParsedMail {
  readonly attachments: readonly (ParsedMail['attachments'][number] & Partial<Pick<AttachmentWithContent, 'content' | 'contentId'>>)[];
}

export interface PdfText {
  readonly text: string;
  readonly pagesRead: number;
  readonly pageCount: number;
}

export interface PdfTextExtractor {
  /**
   * Extracts the text of the first `maxPages` pages.
   * @throws an Error with a readable message for an encrypted or broken PDF (the caller records a warning).
   */
  extract(pdf: Uint8Array, options: { maxPages: number }): Promise<PdfText>;
}

export type CreateResult = 'created' | 'duplicate';

export interface LetterRepository {
  /** Creates the record unless one with the same id exists (SES may invoke the function twice). */
  createIfAbsent(letter: Letter): Promise<CreateResult>;
  get(id: string): Promise<Letter | undefined>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
