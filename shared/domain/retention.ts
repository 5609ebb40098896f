/**
 * How long a message is kept, by its kind: the one declaration the S3 lifecycle rules (infra), the raw objects' tags and
 * the letters' DynamoDB TTL are all derived from.
 *
 * A letter to the council placed on the lijst ingekomen stukken is an archival record: the Selectielijst gemeenten en
 * intergemeentelijke organen (2020) keeps a letter to the council at least five years after it was handled. Newsletters,
 * spam and automatic replies are no record and go much sooner; quarantined mail after a set time.
 *
 * S3 counts lifecycle days from an object's creation, so "five years after handling" needs the clock to start when a
 * letter is handled: on the decision, the raw object is copied onto itself (same bytes, a new version; the old one goes
 * as a noncurrent version after 30 days), and the tag moves to `record` (shared/application/record-retention.ts).
 * Filed mail is handled when it is filed, seconds after it was received: its tag alone is enough.
 *
 * Pure: no I/O.
 */
import type { Category } from './category.js';
import type { Letter } from './letter.js';

/** The tag on every raw object; the lifecycle rule of each kind filters on it. */
export const RETENTION_TAG = 'raadspost-retention';

/**
 * - `record`: an archival record (a decided letter to the council, a Woo request, mail from the organisation itself, ...);
 * - `short`: newsletters, spam, automatic replies;
 * - `quarantine`: mail that could not be handled;
 * - `pending`: awaiting the griffier's decision: never expires (no lifecycle rule matches it).
 */
export const RETENTION_KINDS = ['record', 'short', 'quarantine', 'pending'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** Days each expiring kind is kept, counted from its handling. */
export interface RetentionPolicy {
  readonly recordDays: number;
  readonly shortDays: number;
  readonly quarantineDays: number;
}

/** Five years in days, whichever two leap days fall in them. */
export const FIVE_YEARS_DAYS = 5 * 365 + 2;

export const DEFAULT_RETENTION: RetentionPolicy = { recordDays: FIVE_YEARS_DAYS, shortDays: 90, quarantineDays: 365 };

/** Filed categories that are no record. Every other category is kept as a record: when in doubt, keep. */
export const SHORT_LIVED_CATEGORIES: ReadonlySet<Category> = new Set<Category>(['newsletter', 'spam', 'auto_reply']);

/** The kind of a letter in its current status. */
export const retentionKindOf = (letter: Pick<Letter, 'status' | 'category'>): RetentionKind => {
  switch (letter.status) {
    case 'quarantined':
      return 'quarantine';
    case 'awaiting_approval':
      return 'pending';
    // Filed, or a copy of a message received before (kept as its kind, whatever became of the first).
    case 'filed':
    case 'duplicate':
      return SHORT_LIVED_CATEGORIES.has(letter.category) ? 'short' : 'record';
    // Counted with a campaign's first letter (a resident's letter), decided (approved, rejected) and everything after
    // a decision: handled.
    default:
      return 'record';
  }
};

/** Days a kind is kept; undefined for `pending` (kept until decided). */
export const retentionDays = (kind: RetentionKind, policy: RetentionPolicy): number | undefined =>
  ({ record: policy.recordDays, short: policy.shortDays, quarantine: policy.quarantineDays, pending: undefined })[kind];

/**
 * The letter's record in DynamoDB outlives its raw mail by this much: S3 expires objects asynchronously (sometimes days
 * late), and the reconciler would ingest raw mail that has no record again.
 */
export const RECORD_OUTLIVES_RAW_MAIL_DAYS = 30;

/** A letter's retention as recorded on it. */
export interface Retention {
  readonly kind: RetentionKind;
  /** When it was handled: retention counts from here (ISO-8601). */
  readonly since: string;
  /** When the record itself may go (ISO-8601): absent while pending. */
  readonly recordUntil?: string;
}

const DAY_MS = 86_400_000;

/** The retention of a letter handled (or, while pending, last looked at) at `at`. */
export const retentionOf = (letter: Pick<Letter, 'status' | 'category'>, policy: RetentionPolicy, at: Date): Retention => {
  const kind = retentionKindOf(letter);
  const days = retentionDays(kind, policy);
  return days === undefined
    ? { kind, since: at.toISOString() }
    : { kind, since: at.toISOString(), recordUntil: new Date(at.getTime() + (days + RECORD_OUTLIVES_RAW_MAIL_DAYS) * DAY_MS).toISOString() };
};
