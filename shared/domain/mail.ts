/**
 * Raadspost's own model of a received message. Adapters (mailparser, pdf-parse) fill it;
 * the domain and the classifier only ever see this shape.
 */
import type { HeaderField } from './forwarded-authentication.js';

export interface MailAddress {
  /** Display name as written by the sender (attacker-controlled; may itself look like an address). */
  readonly name: string;
  /** The real address, lower-cased; empty when the header held no parseable address. */
  readonly address: string;
}

export interface AttachmentInfo {
  readonly filename: string | null;
  /** Lower-cased MIME type, e.g. "application/pdf". */
  readonly contentType: string;
  readonly size: number;
  /** Hex SHA-256 of the decoded content. */
  readonly sha256: string;
  /** True for parts shown inside the body (cid: images, inline disposition). */
  readonly inline: boolean;
  /** Text extracted from the attachment (PDF letters); absent when not extracted. */
  readonly text?: string;
  /** Pages read from a PDF, when text was extracted. */
  readonly pagesRead?: number;
  /** Total pages of a PDF, when known. */
  readonly pageCount?: number;
}

/** The headers classification needs, normalised to lower-case values where that is safe. */
export interface ClassificationHeaders {
  readonly listUnsubscribe: string | null;
  readonly listId: string | null;
  readonly precedence: string | null;
  readonly autoSubmitted: string | null;
  readonly xAutoResponseSuppress: string | null;
  readonly inReplyTo: string | null;
  /** Top-level content type without parameters, e.g. "multipart/report". */
  readonly contentType: string;
  /** The report-type parameter of a multipart/report ("delivery-status", "disposition-notification"). */
  readonly reportType: string | null;
  /** Our own marker on forwards (X-Raadspost-Id), so a copy coming back is never offered again. */
  readonly raadspostId: string | null;
  /** X-Mailer or User-Agent, for explaining newsletter tools. */
  readonly mailer: string | null;
}

export interface ParsedMail {
  /** Message-ID header without angle brackets. */
  readonly messageId: string | null;
  /** Date header as ISO-8601, or null when absent or unparseable. */
  readonly date: string | null;
  readonly from: MailAddress | null;
  readonly replyTo: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly subject: string;
  /** Plain text of the body; derived from the HTML when there is no text part. */
  readonly text: string;
  /** True when `text` was derived from HTML. */
  readonly textFromHtml: boolean;
  readonly attachments: readonly AttachmentInfo[];
  readonly headers: ClassificationHeaders;
  /**
   * The top-level Received, Authentication-Results, ARC-Seal and ARC-Authentication-Results fields, in order (top first),
   * for judging a forwarded message's authentication (shared/domain/forwarded-authentication.ts).
   */
  readonly authenticationHeaders: readonly HeaderField[];
  /** Things the parser noticed but could live with (a PDF without text, a bad date, ...). */
  readonly warnings: readonly string[];
}

/** An attachment with its decoded bytes, for composing the forward. */
export interface AttachmentWithContent extends AttachmentInfo {
  readonly content: Uint8Array;
  readonly contentId?: string;
}

/**
 * A plain address: a dot-atom local part and a domain. Not one whose local part holds quotes or another address
 * (`"griffie@heemstede.nl"@elders.example`), which may only be shown, never used as a Reply-To.
 */
export const isPlainAddress = (address: string): boolean => /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[^@\s"]+$/.test(address);
