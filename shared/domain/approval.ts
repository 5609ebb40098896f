/**
 * Approval by the griffier: decisions, tokens and the register number (lijst ingekomen stukken).
 * Pure: no I/O, no AWS. Randomness and time come in as parameters.
 */
import type { Category } from './category.js';
import type { MailAddress } from './mail.js';
import type { Verdicts } from './verdicts.js';

export type DecisionKind = 'approved' | 'rejected';

/** What the griffier decided, as recorded on the letter. */
export interface Decision {
  readonly kind: DecisionKind;
  /** The approver's address the token was issued to. */
  readonly by: string;
  /** ISO-8601. */
  readonly at: string;
  /** The short cover note for the raadsleden (approve) or the reason (reject); may be empty. */
  readonly note: string;
}

/** A number on the lijst ingekomen stukken, e.g. { year: 2026, sequence: 28, label: '28' }. */
export interface RegisterNumber {
  /** The counter's scope: the calendar year for the yearly scheme, 0 for a continuous one. */
  readonly year: number;
  readonly sequence: number;
  /** As shown and used in the forward's subject: "<label>. <subject>". */
  readonly label: string;
}

/** How register numbers are counted. */
export type RegisterScheme = 'yearly' | 'continuous';

/** The approval mail of one letter: sent once, recorded on the letter. */
export interface ApprovalRequest {
  readonly state: 'sending' | 'sent';
  /** ISO-8601 of the claim (sending) or of the send (sent). */
  readonly at: string;
  readonly recipients: readonly string[];
  readonly providerMessageIds?: readonly string[];
}

/** The forward to the raadsleden, recorded on the letter. */
export interface ForwardRecord {
  readonly at: string;
  readonly providerMessageIds: readonly string[];
  readonly recipientCount: number;
  /** Why the last attempt failed, when status is forward_failed. */
  readonly error?: string;
  readonly attempts: number;
}

/** One step in the letter's history (who, when, what). */
export interface HistoryEntry {
  readonly at: string;
  readonly event: string;
  readonly by?: string;
  readonly detail?: string;
}

/**
 * What the approval mail and the approval page show about a letter. Everything in here except `category`
 * and the numbers is attacker-controlled text: renderers must escape it.
 */
export interface LetterSummary {
  readonly id: string;
  readonly from: MailAddress | null;
  readonly replyTo: readonly MailAddress[];
  readonly organisation: string | null;
  readonly subject: string;
  readonly receivedAt: string;
  readonly category: Category;
  readonly confidence: number;
  readonly reasons: readonly string[];
  readonly topics: readonly string[];
  readonly verdicts: Verdicts;
  /** "SPF", "DKIM", "DMARC" when they did not pass: shown as a visible warning. */
  readonly failedAuthentication: readonly string[];
  /** The display name looks like an e-mail address other than the real one (a spoofing trick). */
  readonly displayNameLooksLikeOtherAddress: boolean;
  readonly excerpt: string;
  readonly attachments: readonly { readonly filename: string | null; readonly contentType: string; readonly size: number }[];
  readonly warnings: readonly string[];
}
