/**
 * Every failure has a stable code and says whether a retry can help (STYLE 6.4).
 * Permanent errors become a recorded outcome (quarantine); retryable ones propagate so Lambda retries.
 */
export type QuarantineCode =
  | 'EMPTY_MESSAGE'
  | 'NOT_A_MESSAGE'
  | 'MAIL_MALFORMED'
  /** MIME parts nested deeper than the parser's limit (a parser bomb: deep recursion). */
  | 'MIME_TOO_DEEP'
  /** More MIME parts than the parser's limit. */
  | 'TOO_MANY_PARTS'
  /** A header block larger than the parser's limit. */
  | 'HEADER_TOO_LARGE'
  /** More attachments than a letter's record holds (MAX_ATTACHMENTS). */
  | 'TOO_MANY_ATTACHMENTS'
  | 'MAIL_TOO_LARGE'
  | 'RAW_MAIL_MISSING'
  | 'VIRUS_DETECTED'
  /** Every attempt of the ingest function failed (the dead-letter handler records it). */
  | 'INGEST_FAILED';

/** Sending failed for good: SES refused the message or the sender identity (MessageRejected, MailFromDomainNotVerified, ...). */
export type SendErrorCode = 'SEND_REJECTED';

export type ErrorCode = QuarantineCode | SendErrorCode | 'LETTER_FILE_MISSING' | 'DEPENDENCY_UNAVAILABLE' | 'CONFIG_INVALID';

export abstract class PipelineError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly retryable: boolean;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Why the bytes are not a readable message (each a quarantine code). */
export type MalformedMailCode = Extract<QuarantineCode, 'EMPTY_MESSAGE' | 'NOT_A_MESSAGE' | 'MAIL_MALFORMED' | 'MIME_TOO_DEEP' | 'TOO_MANY_PARTS' | 'HEADER_TOO_LARGE'>;

/** The bytes cannot be understood as a mail message; retrying will not change that. */
export class MalformedMailError extends PipelineError {
  readonly retryable = false;
  constructor(
    readonly code: MalformedMailCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class MailTooLargeError extends PipelineError {
  readonly code = 'MAIL_TOO_LARGE';
  readonly retryable = false;
}

/** The raw object SES should have stored is not there (expired, deleted, wrong prefix). */
export class RawMailMissingError extends PipelineError {
  readonly code = 'RAW_MAIL_MISSING';
  readonly retryable = false;
}

/** A stored copy of an attachment is gone (deleted, expired): the forward cannot carry what the griffier saw. */
export class LetterFileMissingError extends PipelineError {
  readonly code = 'LETTER_FILE_MISSING';
  readonly retryable = false;
}

/** S3, DynamoDB or SES did not answer as it should; a later attempt may succeed. */
export class DependencyUnavailableError extends PipelineError {
  readonly code = 'DEPENDENCY_UNAVAILABLE';
  readonly retryable = true;
}

/**
 * SES answered the send with an error (throttled, quota, a bad request): it did not take the message, so sending it
 * again cannot make a second copy. Any other failed send (a timeout, a lost connection, a server error) may have gone
 * out all the same.
 */
export class SendNotAcceptedError extends DependencyUnavailableError {}

/** SES refused the message or our sender identity; sending it again unchanged will be refused again. */
export class SendRejectedError extends PipelineError {
  readonly code = 'SEND_REJECTED';
  readonly retryable = false;
  constructor(
    /** The provider's error name, e.g. "MessageRejected": shown to operators on the record. */
    readonly providerCode: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class ConfigError extends PipelineError {
  readonly code = 'CONFIG_INVALID';
  readonly retryable = false;
}

/** A permanent error that puts a message in quarantine (a read or fetch failure, not a send or config failure). */
export const isPermanent = (err: unknown): err is PipelineError & { code: QuarantineCode } =>
  err instanceof PipelineError && !err.retryable && Object.hasOwn(QUARANTINE_REASONS_NL, err.code);

/** Narrows an unknown catch value to an Error without losing what was thrown. */
export const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/** The Dutch sentence the griffie sees for each quarantine code. */
export const QUARANTINE_REASONS_NL: Record<QuarantineCode, string> = {
  EMPTY_MESSAGE: 'Het bericht is leeg: SES heeft geen inhoud opgeslagen.',
  NOT_A_MESSAGE: 'Dit is geen e-mailbericht: de inhoud heeft geen herkenbare berichtkoppen.',
  MAIL_MALFORMED: 'Het bericht is zo beschadigd dat het niet gelezen kan worden.',
  MIME_TOO_DEEP: 'Het bericht bestaat uit te diep in elkaar geneste onderdelen en is niet verwerkt (mogelijk een aanval op de verwerking).',
  TOO_MANY_PARTS: 'Het bericht bestaat uit te veel onderdelen en is niet verwerkt (mogelijk een aanval op de verwerking).',
  HEADER_TOO_LARGE: 'De kopregels van het bericht zijn groter dan toegestaan; het bericht is niet verwerkt.',
  TOO_MANY_ATTACHMENTS: 'Het bericht heeft meer bijlagen dan een brief heeft (meer dan honderd) en is niet als brief verwerkt. Het origineel is bewaard.',
  MAIL_TOO_LARGE: 'Het bericht is groter dan de ingestelde limiet en is niet verwerkt.',
  RAW_MAIL_MISSING: 'Het originele bericht is niet gevonden in de opslag.',
  VIRUS_DETECTED: 'De virusscan van SES heeft dit bericht afgekeurd.',
  INGEST_FAILED: 'Het bericht kon na herhaalde pogingen niet worden verwerkt door een storing; het origineel is bewaard en kan opnieuw worden verwerkt.',
};

/**
 * Why the text of one PDF could not be read. Not a quarantine: the mail is still read, and the code starts the
 * warning it leaves (e.g. "PDF_TIMEOUT: PDF "brief.pdf" ...") so operators can count them.
 */
export type PdfProblemCode = 'PDF_ENCRYPTED' | 'PDF_UNREADABLE' | 'PDF_TIMEOUT' | 'PDF_TOO_MUCH_MEMORY';

/** A PdfTextExtractor could not read one PDF; costs only that PDF's text. */
export class PdfTextError extends Error {
  constructor(
    readonly code: PdfProblemCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PdfTextError';
  }
}

/** What each PDF problem means, in the griffie's words (part of the warning). */
export const PDF_PROBLEMS_NL: Record<PdfProblemCode, string> = {
  PDF_ENCRYPTED: 'de pdf is met een wachtwoord beveiligd',
  PDF_UNREADABLE: 'de pdf is beschadigd of onleesbaar',
  PDF_TIMEOUT: 'het lezen duurde te lang en is afgebroken',
  PDF_TOO_MUCH_MEMORY: 'het lezen vroeg te veel geheugen en is afgebroken',
};
