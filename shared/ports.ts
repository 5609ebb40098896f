/**
 * What the application needs from the outside world, in our words (STYLE 6.2).
 * Adapters in shared/adapters implement these with S3, DynamoDB, mailparser and pdf-parse;
 * unit tests implement them with in-memory fakes.
 */
import { randomBytes } from 'node:crypto';
import type { AcknowledgedRun, Acknowledgement, AcknowledgementRecord, CampaignResident } from './domain/acknowledgement.js';
import type { ApprovalRequest, ApprovalToken, Decision, ForwardFailure, ForwardRecord, HistoryEntry, RegisterNumber } from './domain/approval.js';
import type { CorrectionRecord } from './domain/correction.js';
import type { CampaignMember, Letter, LetterCopy, LetterStatus } from './domain/letter.js';
import type { Retention, RetentionKind } from './domain/retention.js';
import type { WooMarking } from './domain/woo.js';
import type { AttachmentWithContent, MailAddress, ParsedMail } from './domain/mail.js';

export interface RawMailStore {
  /**
   * Returns the raw RFC 822 bytes SES stored under this key.
   * @throws RawMailMissingError when there is no such object; DependencyUnavailableError when S3 fails.
   */
  get(objectKey: string): Promise<Uint8Array>;
  /**
   * The same bytes as `get`, as they arrive (ingest: a 40 MB message never has to sit in memory whole).
   * Errors while reading the body surface from the iteration as DependencyUnavailableError.
   * @throws RawMailMissingError when there is no such object; DependencyUnavailableError when S3 fails.
   */
  stream(objectKey: string): Promise<RawMailStream>;
  /** Stores raw bytes (the local SMTP intake does what SES's S3 action does). */
  put(objectKey: string, raw: Uint8Array): Promise<void>;
  /**
   * One page of the object keys under `prefix`, in key order; pass the returned `cursor` (opaque) for the next page
   * (absent on the last page). @throws DependencyUnavailableError when S3 fails.
   */
  list(prefix: string, cursor?: string): Promise<{ readonly objects: readonly RawMailObject[]; readonly cursor?: string }>;
  /**
   * Tags the raw object with its retention kind (RETENTION_TAG); the store's expiry rules act on the tag. Idempotent.
   * @throws RawMailMissingError when there is no such object; DependencyUnavailableError when S3 fails.
   */
  setRetention(objectKey: string, kind: RetentionKind): Promise<void>;
  /**
   * As setRetention, and the store's retention clock starts again at `handledAt`: the same bytes are stored again as a
   * new version (S3 counts expiry days from an object's creation), recording when it was handled. Idempotent.
   * @throws RawMailMissingError when there is no such object; DependencyUnavailableError when S3 fails.
   */
  restartRetention(objectKey: string, kind: RetentionKind, handledAt: Date): Promise<void>;
}

/** A raw message being read: its bytes in chunks and, when the store knows it (S3's ContentLength), its size. */
export interface RawMailStream {
  readonly body: AsyncIterable<Uint8Array>;
  readonly sizeBytes?: number;
}

/** One stored raw message, as listed. */
export interface RawMailObject {
  readonly key: string;
  /** When it was stored (ISO-8601): SES stores it on receipt. */
  readonly lastModified: string;
}

/**
 * Copies of the attachments that may be forwarded, kept beside the raw mail: the approval page offers them for
 * reading and the forward attaches them, without parsing the raw message again.
 */
export interface LetterFileStore {
  /** Stores the bytes under `key` (letterFileKey); storing the same bytes again is harmless. */
  put(key: string, content: Uint8Array, contentType: string): Promise<void>;
  /** @throws LetterFileMissingError when there is no such file; DependencyUnavailableError when the store fails. */
  get(key: string): Promise<Uint8Array>;
  /**
   * A short-lived URL that downloads the file as an attachment under `filename` (for files too large to hand out
   * through the approval function's response).
   */
  temporaryUrl(key: string, download: { readonly filename: string; readonly contentType: string; readonly expiresInSeconds: number }): Promise<string>;
  /**
   * Tags the file with its letter's retention kind, so it expires with the letter's raw mail (RETENTION_TAG).
   * @throws LetterFileMissingError when there is no such file; DependencyUnavailableError when the store fails.
   */
  setRetention(key: string, kind: RetentionKind): Promise<void>;
}

export interface MimeParseOptions {
  /** Keep every attachment's decoded bytes. @default false */
  readonly withContent?: boolean;
  /** Keep the bytes of the attachments this accepts (ingest: those that may be forwarded). @default none besides PDFs and attached messages */
  readonly keepContent?: (attachment: { readonly filename: string | null; readonly contentType: string; readonly inline: boolean }) => boolean;
}

export interface MimeParser {
  /**
   * Parses a raw message into our model, whole or as its chunks arrive (only what the model needs is kept). PDF text
   * is not extracted here. Errors of a streamed source (S3, a size limit) are passed on unchanged.
   * @throws MalformedMailError when the bytes are not a message at all.
   */
  parse(raw: Uint8Array | AsyncIterable<Uint8Array>, options?: MimeParseOptions): Promise<ParsedMailWithContent>;
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

/** One page of a listing that may be long; `cursor` (opaque) asks for the next page and is absent on the last. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly cursor?: string;
}

/** Why claiming the approval mail did not succeed, or that it did. */
export type ApprovalClaim = 'claimed' | 'already_sent' | 'in_progress' | 'not_awaiting';

/** What a decision attempt did: only `decided` changed anything (an approval then carries its number). */
export type DecideResult =
  | { readonly kind: 'decided'; readonly registerNumber?: RegisterNumber }
  | { readonly kind: 'already_decided' }
  | { readonly kind: 'token_rejected' };

/**
 * The letters' records. Every state change is a conditional write on the current state, so a redelivered event,
 * a second click or a concurrent request finds the condition false and changes nothing.
 */
export interface LetterRepository {
  /** Creates the record unless one with the same id exists (SES may invoke the function twice). */
  createIfAbsent(letter: Letter): Promise<CreateResult>;
  /** A strongly consistent read. */
  get(id: string): Promise<Letter | undefined>;
  /**
   * Replaces a quarantined record (reprocessing): a conditional put that succeeds only while the stored record is
   * still `quarantined`, so a concurrent reprocess or ingest cannot be overwritten.
   */
  replaceQuarantined(letter: Letter): Promise<'replaced' | 'not_quarantined'>;
  /**
   * Every letter with one of these statuses, oldest first per status (the reconciler and the daily overview); with
   * `receivedFrom` (ISO-8601) only those received at or after it. Read through an index on the status and the time of
   * receipt, so its cost follows the letters found, not the table's size; eventually consistent: a change of the last
   * second may be missing.
   */
  listByStatus(statuses: readonly LetterStatus[], options?: { readonly receivedFrom?: string }): Promise<Letter[]>;

  /**
   * The numbered letters of these register scopes (years, or 0 for continuous numbering), in number order: the lijst
   * ingekomen stukken. Read through an index on the scope and the number (a Query per scope, no scan).
   */
  listRegistered(scopes: readonly number[]): Promise<Letter[]>;

  /**
   * The griffie corrects a filed message from the daily overview, in ONE transaction: the message must still be
   * `filed` and uncorrected, and the review token must exist, be a `review` token of this letter, unused and unexpired
   * at `now`. `submitToCouncil` makes it a letter awaiting approval (category and `forward` from the correction);
   * `markWoo` keeps it filed as a Woo request with its term (`woo`). The correction goes on the letter and into the
   * corrections log; the token is used.
   */
  correctFiled(input: {
    readonly letterId: string;
    readonly tokenHash: string;
    readonly change: 'submitToCouncil' | 'markWoo';
    readonly correction: CorrectionRecord;
    readonly woo?: WooMarking;
    readonly history: readonly HistoryEntry[];
    readonly now: Date;
  }): Promise<'corrected' | 'not_filed' | 'token_rejected'>;

  /** The corrections log, oldest first (`raadspost correcties`). */
  listCorrections(): Promise<CorrectionRecord[]>;

  /**
   * One page of the letters of the campaign `leaderId` leads (status `in_campaign`, `campaignOf` it), oldest first, with
   * what their acknowledgement needs; pass the returned `cursor` (opaque) for the next page (absent on the last). Read
   * through an index on `campaignOf`, a page at a time, so no campaign is ever held whole; eventually consistent: a
   * letter recorded in the last second may be missing.
   */
  listCampaignLetters(leaderId: string, cursor?: string): Promise<Page<CampaignResident>>;

  /**
   * Claims the acknowledgement under `key` (acknowledgementKey) for letter `id`: records `record` (sending, or skipped
   * with why) as a record of its own, kept as long as the letter, unless one exists under that key. False when it did,
   * or when the letter is not recorded: never twice to one sender.
   */
  claimAcknowledgement(id: string, key: string, record: AcknowledgementRecord): Promise<boolean>;
  /**
   * Ends a `sending` claim made at `claimedAt`: records the sent acknowledgement, or with `undefined` removes the claim
   * (the send failed: a retry may claim again). Does nothing when the claim is not that one any more.
   */
  completeAcknowledgement(id: string, key: string, claimedAt: string, sent: AcknowledgementRecord | undefined): Promise<void>;
  /** One page of the acknowledgements of letter `id`, in key order; pass `cursor` for the next (absent on the last). */
  listAcknowledgements(id: string, cursor?: string): Promise<Page<Acknowledgement>>;
  /** Records a run of the letter's acknowledgements that reached every sender it knew of (Letter.acknowledged). */
  recordAcknowledged(id: string, run: AcknowledgedRun): Promise<void>;

  /**
   * Claims keys of sameness (shared/domain/sameness.ts) for a message, all or nothing, in one transaction: a key that
   * nobody holds, whose hold ended before `now`, that this message holds already, or that one of `takingOver` holds
   * (a campaign leader whose campaign closed) becomes this message's until its `expiresAt` (epoch seconds). When
   * another message holds one of the keys, nothing is claimed and the holders are returned, key by key. So of two
   * copies that arrive at the same moment exactly one is the first.
   */
  claimSameness(
    letterId: string,
    keys: readonly { readonly key: string; readonly expiresAt: number }[],
    now: Date,
    takingOver?: readonly string[],
  ): Promise<ReadonlyMap<string, string>>;

  /**
   * Records a message that is another delivery of `firstId` (`letter.status` is `duplicate`) or a letter of the
   * campaign `firstId` leads (`in_campaign`), and adds it to the first letter's copies or campaign count, in one
   * transaction. A campaign letter is listed (`member`) while the first lists fewer than CAMPAIGN_MEMBERS_SHOWN, and
   * counted in `differing` when it differs. 'first_missing' when the first letter is not recorded yet (its run is still busy: try again shortly);
   * 'campaign_closed' (nothing recorded) when the campaign's first letter is no longer in CAMPAIGN_OPEN_STATUSES.
   */
  createLinked(
    letter: Letter,
    link: { readonly kind: 'copy'; readonly firstId: string; readonly copy: LetterCopy } | { readonly kind: 'campaign'; readonly firstId: string; readonly member: CampaignMember },
  ): Promise<CreateResult | 'first_missing' | 'campaign_closed'>;

  /**
   * Claims the approval mail: sets `approvalRequest` to `sending` when the letter awaits approval and either has
   * no request yet or a `sending` one claimed before `staleBefore` (an earlier run that died).
   */
  claimApprovalRequest(id: string, claim: { readonly at: string; readonly recipients: readonly string[]; readonly staleBefore: string }): Promise<ApprovalClaim>;
  /** Records the sent approval mail (state `sent` with the provider's ids) if our claim is still the current one. */
  completeApprovalRequest(id: string, claimedAt: string, sent: ApprovalRequest, history: readonly HistoryEntry[]): Promise<void>;
  /** Gives up our claim after a failed send, so a retry can claim again at once. */
  releaseApprovalRequest(id: string, claimedAt: string, history: readonly HistoryEntry[]): Promise<void>;

  /**
   * Records the decision and uses the token in ONE transaction: the letter must await approval without a decision,
   * the token must exist, belong to this letter, be unused and unexpired at `now`. With `registerScope` (an
   * approval), the next number of that counter (a year, or 0 for continuous numbering) is taken in the same
   * transaction: a request that loses the race, or a rejection, takes no number, so the lijst has no gaps.
   */
  decide(input: {
    readonly letterId: string;
    readonly tokenHash: string;
    readonly decision: Decision;
    readonly history: readonly HistoryEntry[];
    readonly now: Date;
    readonly registerScope?: number;
    /** A rejection as "geen brief voor de raad": the letter's category becomes the correction's, and it is logged. */
    readonly correction?: CorrectionRecord;
  }): Promise<DecideResult>;

  /**
   * approved | forward_failed -> forwarding, when the status is still `from` and the attempts counter is still
   * `previousAttempts` (so two concurrent runs cannot both claim). `from: 'forwarding'` takes over a claim whose
   * `forwarding.at` is before `staleBefore` (a run that crashed or timed out). False when the condition failed.
   */
  claimForward(
    id: string,
    claim: {
      readonly from: 'approved' | 'forward_failed' | 'forwarding';
      readonly previousAttempts: number;
      readonly record: ForwardRecord;
      readonly history: readonly HistoryEntry[];
      /** Required with `from: 'forwarding'`: only a claim started before this moment (ISO-8601) is taken over. */
      readonly staleBefore?: string;
    },
  ): Promise<boolean>;
  /** Appends the provider id of one sent batch while forwarding (so a retry skips the batches already sent). */
  recordForwardBatch(id: string, providerMessageId: string): Promise<void>;
  /** forwarding -> forwarded. */
  completeForward(id: string, done: { readonly at: string; readonly history: readonly HistoryEntry[] }): Promise<void>;
  /** forwarding -> forward_failed with why (a typed failure: the reconciler retries the retryable ones). */
  failForward(id: string, failure: { readonly failure: ForwardFailure; readonly history: readonly HistoryEntry[] }): Promise<void>;
  /**
   * Records the letter's retention; the record itself expires at `retention.recordUntil` (the table's TTL), or never
   * when it has none. A letter created with `retention` gets the same expiry, and so do its acknowledgements.
   */
  recordRetention(id: string, retention: Retention): Promise<void>;
}

/** A moment that only moves forward, kept in the letters table. */
export interface Checkpoint {
  /** The moment (ISO-8601), or undefined before the first time. */
  get(): Promise<string | undefined>;
  /** Moves it to `to`, never back (a slower concurrent run cannot undo a later one). */
  advance(to: string): Promise<void>;
}

/**
 * How far the reconciler's look at raw mail got: every raw object stored before it has a record or was handed to
 * ingest. The next run looks only at newer objects, so its reads do not grow with the archive.
 */
export type RawMailCheckpoint = Checkpoint;

/** Approval tokens, stored by hash only. */
export interface ApprovalTokenStore {
  /** Stores a freshly issued token (its hash is new: 256 random bits). */
  save(token: ApprovalToken): Promise<void>;
  /** A strongly consistent read by hash; undefined for a token we never issued. */
  find(tokenHash: string): Promise<ApprovalToken | undefined>;
}

/** The per-hour cap on forwards to the council (abuse and loop protection). */
export interface ForwardRateLimiter {
  /**
   * Takes one forward from the budget of this hour (`2026-02-02T09`, UTC) when fewer than `cap` were taken;
   * false when the cap is reached. Atomic: concurrent runs cannot exceed it.
   */
  take(hour: string, cap: number): Promise<boolean>;
}

export interface OutgoingAttachment {
  readonly filename: string;
  readonly contentType: string;
  /** Exactly the bytes to attach (the original's, for a forward). */
  readonly content: Uint8Array;
}

/** A message Raadspost writes itself. Envelope recipients (BCC) are not part of it: they go to the MailSender. */
export interface OutgoingMail {
  readonly from: MailAddress;
  /** The To header. */
  readonly to: readonly MailAddress[];
  readonly replyTo?: MailAddress;
  /** Single-line already (see shared/domain/forward.ts); the composer encodes it. */
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Extra headers; values must be single-line. */
  readonly headers: Readonly<Record<string, string>>;
  readonly attachments: readonly OutgoingAttachment[];
  readonly date: Date;
  /** Message-ID without angle brackets. @default one generated by the composer */
  readonly messageId?: string;
}

export interface MessageComposer {
  /** Builds the RFC 822 bytes of the message (no Bcc header). */
  compose(mail: OutgoingMail): Promise<Uint8Array>;
}

export interface MailSender {
  /**
   * Sends composed bytes to exactly these envelope recipients.
   * @throws SendRejectedError when the provider refuses the message for good; DependencyUnavailableError when a retry may help.
   */
  sendRaw(message: { readonly from: string; readonly destinations: readonly string[]; readonly raw: Uint8Array }): Promise<{ readonly providerMessageId: string }>;
}

/** Starts a step for one letter in another function, asynchronously. */
export interface LetterTrigger {
  /** @throws DependencyUnavailableError when the step could not be started. */
  trigger(letterId: string): Promise<void>;
}

/** Starts the forward of an approved letter. */
export type ForwardTrigger = LetterTrigger;

/** Starts the acknowledgements to a forwarded letter's sender(s). */
export type AcknowledgementTrigger = LetterTrigger;

/** Cryptographically strong random bytes. */
export interface RandomSource {
  bytes(length: number): Uint8Array;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const cryptoRandom: RandomSource = { bytes: (length) => new Uint8Array(randomBytes(length)) };
