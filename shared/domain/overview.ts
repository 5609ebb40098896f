/**
 * The daily overview for the approvers: what came in since the previous one, by category, and everything that did not
 * become a letter for the council (filed messages and copies), each with a link to look at it and put it right; letters
 * that have waited for a decision too long; quarantined messages; failed forwards. A classifier files some letters
 * wrongly; this mail is where that is seen. Pure: what goes in it, not how it looks (shared/web/overview-mail.ts).
 */
import { CATEGORIES, isForwardable, type Category } from './category.js';
import type { Letter, LetterStatus } from './letter.js';
import { LETTER_STATUSES } from './letter-life.js';

/** A letter has waited "too long" for the griffier after this. */
export const AWAITING_TOO_LONG_MS = 2 * 24 * 60 * 60 * 1000;

/** The first overview looks back this far (later ones: since the previous overview). */
export const FIRST_OVERVIEW_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/** Most messages listed one by one per section (each with its own link); the rest are counted. */
export const MAX_LISTED = 200;

/** What can be put right from the overview: these are listed with a link. */
export const REVIEWABLE_STATUSES: readonly LetterStatus[] = ['filed', 'duplicate'];

/** Every status: the counts cover everything that came in. */
export const ALL_STATUSES: readonly LetterStatus[] = LETTER_STATUSES;

export interface OverviewCounts {
  /** Messages per category (their own records: copies, campaign letters and quarantined messages apart). */
  readonly byCategory: readonly { readonly category: Category; readonly count: number }[];
  /** Letters for the council that came in (whatever became of them since). */
  readonly letters: number;
  readonly copies: number;
  readonly campaignLetters: number;
  readonly quarantined: number;
  readonly total: number;
}

export interface DailyOverview {
  /** The period it covers (ISO-8601): since the previous overview, until now. */
  readonly since: string;
  readonly until: string;
  readonly counts: OverviewCounts;
  /** Filed messages and copies that came in, oldest first, at most MAX_LISTED. */
  readonly filed: readonly Letter[];
  readonly filedNotListed: number;
  /** Letters awaiting approval for longer than AWAITING_TOO_LONG_MS, oldest first. */
  readonly awaitingLong: readonly Letter[];
  readonly quarantined: readonly Letter[];
  /** Forwards that failed for good (SES refused them): a person must act. */
  readonly failedForwards: readonly Letter[];
}

/** Since when a letter awaits the griffier: since it came in, or since the griffie put it before the council. */
export const awaitingSince = (letter: Pick<Letter, 'receivedAt' | 'correction'>): string =>
  letter.correction?.kind === 'submitted_to_council' ? letter.correction.at : letter.receivedAt;

const byReceipt = (a: Letter, b: Letter) => a.receivedAt.localeCompare(b.receivedAt);

/**
 * The overview from what the table holds: `received` (every record that came in since `since`, any status) and the
 * records by status now.
 */
export const dailyOverview = (input: {
  readonly since: string;
  readonly until: string;
  readonly received: readonly Letter[];
  readonly awaiting: readonly Letter[];
  readonly quarantined: readonly Letter[];
  readonly failedForwards: readonly Letter[];
}): DailyOverview => {
  const received = input.received.filter((l) => l.receivedAt >= input.since && l.receivedAt < input.until);
  const own = received.filter((l) => l.status !== 'duplicate' && l.status !== 'in_campaign' && l.status !== 'quarantined');
  const filed = received.filter((l) => REVIEWABLE_STATUSES.includes(l.status)).sort(byReceipt);
  const waitedFrom = new Date(Date.parse(input.until) - AWAITING_TOO_LONG_MS).toISOString();
  return {
    since: input.since,
    until: input.until,
    counts: {
      byCategory: CATEGORIES.map((category) => ({ category, count: own.filter((l) => l.category === category).length })).filter((c) => c.count > 0),
      letters: own.filter((l) => isForwardable(l.category)).length,
      copies: received.filter((l) => l.status === 'duplicate').length,
      campaignLetters: received.filter((l) => l.status === 'in_campaign').length,
      quarantined: received.filter((l) => l.status === 'quarantined').length,
      total: received.length,
    },
    filed: filed.slice(0, MAX_LISTED),
    filedNotListed: Math.max(0, filed.length - MAX_LISTED),
    awaitingLong: input.awaiting.filter((l) => l.status === 'awaiting_approval' && awaitingSince(l) < waitedFrom).sort((a, b) => awaitingSince(a).localeCompare(awaitingSince(b))),
    quarantined: [...input.quarantined].sort(byReceipt),
    // The reconciler retries the others hourly; these need a person (SES refused them for good).
    failedForwards: input.failedForwards.filter((l) => l.status === 'forward_failed' && l.forwarding?.failure?.retryable !== true).sort(byReceipt),
  };
};
