import type { AcknowledgedRun } from './acknowledgement.js';
import type { ApprovalRequest, Decision, ForwardRecord, HistoryEntry, RegisterNumber } from './approval.js';
import type { AttachmentVerdict } from './attachment-policy.js';
import type { Category, LetterGround } from './category.js';
import type { Correction } from './correction.js';
import type { QuarantineCode } from './errors.js';
import type { LetterText } from './letter-text.js';
import type { AttachmentInfo, MailAddress } from './mail.js';
import type { Risk } from './risks.js';
import type { LetterStatus } from './letter-life.js';
import type { VerdictSource } from './forwarded-authentication.js';
import type { Retention } from './retention.js';
import type { Likeness, TextDifference } from './sameness.js';
import type { Verdicts } from './verdicts.js';
import type { WooMarking } from './woo.js';

export { canTransition, LETTER_STATUSES, type LetterStatus } from './letter-life.js';

/** One more delivery of the same letter (an SMTP retry, a second griffie address, the same mail sent again). */
export interface LetterCopy {
  /** The copy's own record (status `duplicate`). */
  readonly id: string;
  readonly receivedAt: string;
  /** The addresses SES received it for. */
  readonly recipients: readonly string[];
  /** Which sameness made it a copy: the Message-ID, or the same sender, subject, text and attachments. */
  readonly by: 'message_id' | 'content';
}

/** A letter that many residents sent with their own name: one entry, one number, one forward. */
export interface Campaign {
  /** Letters in the campaign, the first one included. */
  readonly count: number;
  readonly firstAt: string;
  readonly lastAt: string;
  /**
   * The first CAMPAIGN_MEMBERS_SHOWN later letters (the first is the record itself), oldest first: the ones the approval
   * page lists; the rest are counted. Every later letter has its own record (`campaignOf`): the residents are found
   * through those, never through this list (so no campaign can outgrow the record).
   */
  readonly members: readonly CampaignMember[];
  /**
   * Later letters whose text is not exactly this one's, listed or not.
   * @default the listed ones that differ (records from before it was counted)
   */
  readonly differing?: number;
}

/** A later letter of a campaign, as its first letter lists it. */
export interface CampaignMember {
  /** Its own record (status `in_campaign`). */
  readonly id: string;
  readonly receivedAt: string;
  readonly from: string;
  /** Its compared text is not exactly the first letter's (a word or a sentence of its own): the page says so. */
  readonly differs: boolean;
  /** Where it differs. */
  readonly difference?: TextDifference;
}

/** Campaign letters the approval page lists by name, and so the first letter's record (the rest are counted). */
export const CAMPAIGN_MEMBERS_SHOWN = 50;
export const MAX_COPIES = 200;

/**
 * An earlier letter that this one probably repeats (a colleague forwarding a letter that came in directly, a web form
 * reusing its Message-ID): this one is offered on its own, and the griffier decides.
 */
export interface SimilarLetter {
  readonly id: string;
  /** What they share: the bytes of a forwarded attachment, a paragraph of text, or the sender's Message-ID. */
  readonly because: Likeness | 'same_message_id';
  /** The earlier letter as it was when this one arrived (absent when its record was not there yet). */
  readonly earlier?: {
    readonly from: string;
    readonly subject: string;
    readonly receivedAt: string;
    readonly registerNumber?: RegisterNumber;
  };
}

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
  /** The griffie addresses SES received it for (from the receipt; empty when unknown). */
  readonly recipients?: readonly string[];
  readonly status: LetterStatus;
  /** For a `duplicate`: the first record of the same letter. */
  readonly duplicateOf?: string;
  /** For an `in_campaign` letter: the campaign's first letter, which carries its count. */
  readonly campaignOf?: string;
  /** Later deliveries of this same letter (each has its own `duplicate` record); at most MAX_COPIES listed. */
  readonly copies?: readonly LetterCopy[];
  /** Deliveries past the list's cap (counted only). */
  readonly copiesBeyondList?: number;
  /** On the first letter of a campaign. */
  readonly campaign?: Campaign;
  /** An earlier letter this one is probably the same as (shown to the griffier, who decides). */
  readonly similarTo?: SimilarLetter;
  readonly quarantine?: Quarantine;
  readonly from: MailAddress | null;
  readonly replyTo: readonly MailAddress[];
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly subject: string;
  /** The Date header (ISO-8601), as the sender claims it. */
  readonly sentAt: string | null;
  readonly headerMessageId: string | null;
  /** What it is: the classifier's category, or the griffie's when they corrected it (`correction`). */
  readonly category: Category;
  /** The classifier's. */
  readonly confidence: number;
  readonly forward: boolean;
  /** The classifier's signals. */
  readonly reasons: readonly string[];
  /** The griffie's correction of the classifier (the original classification is kept in it). */
  readonly correction?: Correction;
  /** A filed message the griffie marked as a Woo request: the day it was received and its term. */
  readonly woo?: WooMarking;
  /** Sent automatically or in bulk (Auto-Submitted; Precedence bulk/list/junk, List-Id or List-Unsubscribe): never acknowledged. */
  readonly automated?: { readonly autoSubmitted: boolean; readonly bulk: boolean };
  /** Why it is proposed for forwarding, in griffie terms (letters only). */
  readonly grounds?: readonly LetterGround[];
  /** Who passed it on, when someone else wrote it ("doorgestuurd door"); `author` is then who wrote it. */
  readonly forwardedBy?: MailAddress;
  readonly author?: MailAddress | null;
  readonly organisation: string | null;
  readonly topics: readonly string[];
  readonly attachments: readonly StoredAttachment[];
  /** The text exactly as the page shows it and the forward sends it (shared/domain/letter-text.ts). */
  readonly body: LetterText;
  /** The opening lines of the letter (from the PDF when the letter is in the PDF), for the approval mail. */
  readonly excerpt: string;
  /** What the griffier must know before deciding (shared/domain/risks.ts). */
  readonly risks: readonly Risk[];
  /** The SPF/DKIM/DMARC verdicts the letter is judged by (spam and virus: always SES's scan). */
  readonly verdicts: Verdicts;
  /**
   * Where `verdicts` come from: SES, or a trusted forwarder's ARC results (SES's own verdicts kept inside).
   * @default SES (records stored before forwarders were trusted have none)
   */
  readonly verdictSource?: VerdictSource;
  readonly warnings: readonly string[];
  /** The approval mail to the griffier (letters to the council only). */
  readonly approvalRequest?: ApprovalRequest;
  /** The griffier's decision; the first one wins. */
  readonly decision?: Decision;
  /** Number on the lijst ingekomen stukken, given on approval. */
  readonly registerNumber?: RegisterNumber;
  /** The forward to the raadsleden. */
  readonly forwarding?: ForwardRecord;
  /**
   * The last run of the acknowledgements that reached every sender it knew of: when, and how many letters that was
   * (1, or the campaign's count). Each sender's own acknowledgement is a record of its own (LetterRepository).
   */
  readonly acknowledged?: AcknowledgedRun;
  /** Every step, oldest first: received, approval mail sent, decided, forwarded, failures. */
  readonly history?: readonly HistoryEntry[];
  /** How long the raw mail and this record are kept (shared/domain/retention.ts); absent on records from before it. */
  readonly retention?: Retention;
  readonly schemaVersion: typeof LETTER_SCHEMA_VERSION;
}

/** Where copies of the attachments that may be forwarded are kept, beside the raw mail: `files/<letter id>/<index>`. */
export const LETTER_FILES_PREFIX = 'files/';
export const letterFileKey = (letterId: string, index: number): string => `${LETTER_FILES_PREFIX}${letterId}/${index}`;

/** The keys of the letter's stored attachment copies. */
export const fileKeysOf = (letter: Pick<Letter, 'attachments'>): string[] => letter.attachments.flatMap((a) => (a.fileKey ? [a.fileKey] : []));

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
