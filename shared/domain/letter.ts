import type { ApprovalRequest, Decision, ForwardRecord, HistoryEntry, RegisterNumber } from './approval.js';
import type { Category, Classification } from './category.js';
import type { QuarantineCode } from './errors.js';
import type { AttachmentInfo, MailAddress, ParsedMail } from './mail.js';
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
export type StoredAttachment = Omit<AttachmentInfo, 'text'> & { readonly hasText: boolean };

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
  /** The opening lines of the letter (from the PDF when the letter is in the PDF). */
  readonly excerpt: string;
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
  readonly schemaVersion: 1;
}

const EXCERPT_CHARS = 600;

/** The first lines of the letter itself: the body, or the PDF's text when the body says little. */
export const letterExcerpt = (mail: ParsedMail): string => {
  const body = collapse(mail.text);
  const pdfText = mail.attachments.find((a) => a.contentType === 'application/pdf' && a.text?.trim())?.text;
  const source = body.length < 200 && pdfText ? collapse(pdfText) : body;
  return source.length <= EXCERPT_CHARS ? source : `${source.slice(0, EXCERPT_CHARS).replace(/\s+\S*$/, '')} …`;
};

const collapse = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line && !/^>/.test(line))
    .join('\n');

export interface NewLetterInput {
  readonly id: string;
  readonly rawObjectKey: string;
  readonly sizeBytes: number;
  readonly receivedAt: string;
  readonly mail: ParsedMail;
  readonly classification: Classification;
  readonly verdicts: Verdicts;
}

/** A freshly classified letter: letters to the council wait for the griffier, the rest is filed. */
export const newLetter = ({ id, rawObjectKey, sizeBytes, receivedAt, mail, classification, verdicts }: NewLetterInput): Letter => ({
  id,
  rawObjectKey,
  sizeBytes,
  receivedAt,
  status: classification.forward ? 'awaiting_approval' : 'filed',
  from: mail.from,
  replyTo: mail.replyTo,
  to: mail.to,
  cc: mail.cc,
  subject: mail.subject,
  sentAt: mail.date,
  headerMessageId: mail.messageId,
  category: classification.category,
  confidence: classification.confidence,
  forward: classification.forward,
  reasons: classification.reasons,
  organisation: classification.organisation,
  topics: classification.topics,
  attachments: mail.attachments.map(({ text, ...rest }) => ({ ...rest, hasText: Boolean(text?.trim()) })),
  excerpt: letterExcerpt(mail),
  verdicts,
  warnings: mail.warnings,
  schemaVersion: 1,
});

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
  excerpt: '',
  verdicts: input.verdicts,
  warnings: [],
  schemaVersion: 1,
});
