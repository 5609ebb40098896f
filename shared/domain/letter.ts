import type { ApprovalRequest, Decision, ForwardRecord, HistoryEntry, RegisterNumber } from './approval.js';
import type { AttachmentVerdict } from './attachment-policy.js';
import type { Category } from './category.js';
import type { QuarantineCode } from './errors.js';
import type { LetterText } from './letter-text.js';
import type { AttachmentInfo, MailAddress } from './mail.js';
import type { Risk } from './risks.js';
import type { Verdicts } from './verdicts.js';

/**
 * The life of a message in Raadspost:
 *
 *   awaiting_approval --approve--> approved --> forwarding --> forwarded
 *          |                                        |
 *          +--reject--> rejected                    +--> forward_failed --retry--> forwarding
 *   filed        (not a letter to the council: kept on record, nothing to do)
 *   quarantined  (could not be handled; raw message kept; can be processed again)
 */
export const LETTER_STATUSES = [
  'awaiting_approval',
  'filed',
  'quarantined',
  'approved',
  'rejected',
  'forwarding',
  'forwarded',
  'forward_failed',
] as const;

export type LetterStatus = (typeof LETTER_STATUSES)[number];

const TRANSITIONS: Record<LetterStatus, readonly LetterStatus[]> = {
  awaiting_approval: ['approved', 'rejected'],
  filed: [],
  quarantined: [],
  approved: ['forwarding'],
  rejected: [],
  forwarding: ['forwarded', 'forward_failed'],
  forwarded: [],
  forward_failed: ['forwarding'],
};

export const canTransition = (from: LetterStatus, to: LetterStatus): boolean => TRANSITIONS[from].includes(to);

/** Attachment metadata as stored: no content, no extracted text (that stays in the raw message). */
export type StoredAttachment = Omit<AttachmentInfo, 'text'> & {
  readonly hasText: boolean;
  /** Whether it goes to the raadsleden, and if not why (shared/domain/attachment-policy.ts). */
  readonly verdict: AttachmentVerdict;
  /** Where a copy of its bytes is kept for the approval page and the forward (forwarded attachments only). */
  readonly fileKey?: string;
};

export interface Quarantine {
  readonly code: QuarantineCode;
  /** Dutch sentence for the griffie. */
  readonly reason: string;
  /** Technical detail for operators (never mail content). */
  readonly detail?: string;
}

/** One metadata record per SES message id: what the approval mail and the lijst ingekomen stukken need. */
export interface Letter {
  /** The SES message id: the key, and the raw object's name under the prefix. */
  readonly id: string;
  readonly rawObjectKey: string;
  readonly sizeBytes: number;
  /** When SES received it (ISO-8601). */
  readonly receivedAt: string;
  readonly status: LetterStatus;
  readonly quarantine?: Quarantine;
  readonly from: MailAddress | null;
  readonly replyTo: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly subject: string;
  /** The Date header (ISO-8601), as the sender claims it. */
  readonly sentAt: string | null;
  readonly headerMessageId: string | null;
  readonly category: Category;
  readonly confidence: number;
  readonly forward: boolean;
  readonly reasons: readonly string[];
  readonly organisation: string | null;
  readonly topics: readonly string[];
  readonly attachments: readonly StoredAttachment[];
  /** The text exactly as the page shows it and the forward sends it (shared/domain/letter-text.ts). */
  readonly body: LetterText;
  /** The opening lines of the letter (from the PDF when the letter is in the PDF), for the approval mail. */
  readonly excerpt: string;
  /** What the griffier must know before deciding (shared/domain/risks.ts). */
  readonly risks: readonly Risk[];
  readonly verdicts: Verdicts;
  readonly warnings: readonly string[];
  /** The approval mail to the griffier (letters to the council only). */
  readonly approvalRequest?: ApprovalRequest;
  /** The griffier's decision; the first one wins. */
  readonly decision?: Decision;
  /** Number on the lijst ingekomen stukken, given on approval. */
  readonly registerNumber?: RegisterNumber;
  /** The forward to the raadsleden. */
  readonly forwarding?: ForwardRecord;
  /** Every step, oldest first: received, approval mail sent, decided, forwarded, failures. */
  readonly history?: readonly HistoryEntry[];
  readonly schemaVersion: typeof LETTER_SCHEMA_VERSION;
}

/** Where copies of the attachments that may be forwarded are kept, beside the raw mail: `files/<letter id>/<index>`. */
export const LETTER_FILES_PREFIX = 'files/';
export const letterFileKey = (letterId: string, index: number): string => `${LETTER_FILES_PREFIX}${letterId}/${index}`;

/** Version 2 added the prepared text, risks and attachment verdicts; version 1 records are not read. */
export const LETTER_SCHEMA_VERSION = 2;

export interface QuarantinedLetterInput {
  readonly id: string;
  readonly rawObjectKey: string;
  readonly sizeBytes: number;
  readonly receivedAt: string;
  readonly quarantine: Quarantine;
  readonly verdicts: Verdicts;
  /** The category it falls back to: spam, since unreadable or infected mail is almost always junk; the status keeps it visible. */
  readonly category: Category;
  readonly reasons: readonly string[];
}

/** A message that could not be handled: the raw object stays, the record says why. */
export const quarantinedLetter = (input: QuarantinedLetterInput): Letter => ({
  id: input.id,
  rawObjectKey: input.rawObjectKey,
  sizeBytes: input.sizeBytes,
  receivedAt: input.receivedAt,
  status: 'quarantined',
  quarantine: input.quarantine,
  from: null,
  replyTo: [],
  to: [],
  cc: [],
  subject: '',
  sentAt: null,
  headerMessageId: null,
  category: input.category,
  confidence: 0,
  forward: false,
  reasons: input.reasons,
  organisation: null,
  topics: [],
  attachments: [],
  body: EMPTY_TEXT,
  excerpt: '',
  risks: [],
  verdicts: input.verdicts,
  warnings: [],
  schemaVersion: LETTER_SCHEMA_VERSION,
});

export const EMPTY_TEXT: LetterText = { text: '', hiddenAt: [], hiddenCount: 0, unsubscribeLines: [], truncatedChars: 0, links: [] };
