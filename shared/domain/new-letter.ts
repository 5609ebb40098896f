/**
 * A received message becomes a record: its text as it will be forwarded, the fate of each attachment, its risks
 * and its classification. Pure; used by ingest and `raadspost classify` (the approval page and the forward only read
 * the record, so they do not load the link finder or the confusables table).
 */
import { attachmentsOverSizeLimit, judgeAttachment, type AttachmentContent, type AttachmentVerdict } from './attachment-policy.js';
import type { Classification } from './category.js';
import { LETTER_SCHEMA_VERSION, type Letter } from './letter.js';
import { linksOutsideText, prepareLetterText, unsubscribeTargets, type LetterText } from './letter-text.js';
import type { VerdictSource } from './forwarded-authentication.js';
import type { MailAddress, ParsedMail } from './mail.js';
import { assessRisks, blocksForwarding, organisationRisk, RISK_CODES, type Risk, type RiskContext } from './risks.js';
import type { Verdicts } from './verdicts.js';

const EXCERPT_CHARS = 600;

/** The first lines of the letter itself: the prepared text, or the PDF's text when the text says little. */
export const letterExcerpt = (mail: Pick<ParsedMail, 'attachments'>, text: string, forwarded: (index: number) => boolean = () => true): string => {
  const body = collapse(text);
  // Only a PDF that goes along can speak for the letter (never one that stays home).
  const pdfText = mail.attachments.find((a, i) => a.contentType === 'application/pdf' && a.text?.trim() && forwarded(i))?.text;
  const source = body.length < 200 && pdfText ? collapse(pdfText) : body;
  return source.length <= EXCERPT_CHARS ? source : `${source.slice(0, EXCERPT_CHARS).replace(/\s+\S*$/, '')} …`;
};

const collapse = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line && !/^>/.test(line))
    .join('\n');

/** Whether the headers say the message was sent automatically or to a list (RFC 3834, RFC 2369/2919, Precedence). */
export const automatedBy = (headers: ParsedMail['headers']): { readonly autoSubmitted: boolean; readonly bulk: boolean } => ({
  autoSubmitted: Boolean(headers.autoSubmitted && headers.autoSubmitted.trim().toLowerCase() !== 'no'),
  bulk: Boolean(headers.listId || headers.listUnsubscribe || /^(bulk|list|junk)$/i.test(headers.precedence?.trim() ?? '')),
});

/** What ingest works out about a message before it is stored: the text to forward, the attachments' fate, the risks. */
export interface PreparedLetter {
  readonly body: LetterText;
  /** Per attachment of the mail, in order. */
  readonly attachmentVerdicts: readonly AttachmentVerdict[];
  readonly risks: readonly Risk[];
}

/**
 * Prepares a parsed message for the record: its text as it will be forwarded, which attachments go along (by type,
 * by their content when `contents` has it, and within the forward's size limit), and its risks.
 */
export const prepareLetter = (mail: ParsedMail, context: RiskContext, contents: readonly (AttachmentContent | undefined)[] = []): PreparedLetter => {
  const text = prepareLetterText(mail.text, { unsubscribeTargets: unsubscribeTargets(mail.headers.listUnsubscribe) });
  const outside = linksOutsideText({ subject: mail.subject, senderName: mail.from?.name ?? '', attachmentNames: mail.attachments.map((a) => a.filename ?? '') });
  const body: LetterText = outside.length > 0 ? { ...text, links: [...outside, ...text.links] } : text;
  const judged = mail.attachments.map((a, i) => judgeAttachment(a, contents[i]));
  const forwarded = judged.flatMap((v, i) => (v.forward ? [i] : []));
  const tooLarge = attachmentsOverSizeLimit(forwarded.map((i) => mail.attachments[i]!.size), Buffer.byteLength(body.text, 'utf8'));
  const attachmentVerdicts = judged.map((v, i): AttachmentVerdict =>
    tooLarge.has(forwarded.indexOf(i)) ? { forward: false, refusal: { code: 'too_large' } } : v,
  );
  return { body, attachmentVerdicts, risks: assessRisks({ mail, text: body, attachmentVerdicts }, context) };
};

/**
 * The risks once the classifier has read the letter: an organisation it found in the signature or letterhead that
 * claims the municipality ("Gemeente Heemstede" under a gmail address) is impersonation too.
 */
export const withClassification = (prepared: PreparedLetter, classification: Classification, mail: ParsedMail, context: RiskContext): PreparedLetter => {
  const risk = prepared.risks.some((r) => r.code === 'impersonation') ? undefined : organisationRisk(classification.organisation, mail.from, context);
  if (!risk) return prepared;
  return { ...prepared, risks: RISK_CODES.flatMap((code) => [...prepared.risks, risk].filter((r) => r.code === code)) };
};

export interface NewLetterInput {
  readonly id: string;
  readonly rawObjectKey: string;
  readonly sizeBytes: number;
  readonly receivedAt: string;
  readonly mail: ParsedMail;
  readonly prepared: PreparedLetter;
  /** Where the forwarded attachments' bytes were stored, by attachment index. */
  readonly fileKeys?: ReadonlyMap<number, string>;
  readonly classification: Classification;
  readonly verdicts: Verdicts;
  /** Where the verdicts come from (SES, or a trusted forwarder's ARC results). */
  readonly verdictSource: VerdictSource;
}

/**
 * A freshly classified letter: letters to the council wait for the griffier, the rest is filed. A risk that blocks
 * forwarding (our own mail coming back, the own domain unauthenticated) files it whatever the classifier says.
 */
export const newLetter = ({ id, rawObjectKey, sizeBytes, receivedAt, mail, prepared, fileKeys, classification, verdicts, verdictSource }: NewLetterInput): Letter => ({
  id,
  rawObjectKey,
  sizeBytes,
  receivedAt,
  status: classification.forward && !blocksForwarding(prepared.risks) ? 'awaiting_approval' : 'filed',
  from: mail.from && bounded(mail.from),
  replyTo: mail.replyTo.slice(0, RECORD_LIMITS.addresses).map(bounded),
  to: mail.to.slice(0, RECORD_LIMITS.addresses).map(bounded),
  cc: mail.cc.slice(0, RECORD_LIMITS.addresses).map(bounded),
  subject: cut(mail.subject, RECORD_LIMITS.subject),
  sentAt: mail.date,
  headerMessageId: mail.messageId,
  category: classification.category,
  confidence: classification.confidence,
  forward: classification.forward,
  reasons: classification.reasons,
  ...(classification.grounds && { grounds: classification.grounds }),
  ...(classification.forwardedBy && { forwardedBy: classification.forwardedBy, author: classification.author ?? null }),
  organisation: classification.organisation,
  topics: classification.topics,
  automated: automatedBy(mail.headers),
  attachments: mail.attachments.map(({ filename, contentType, size, sha256, inline, pagesRead, pageCount, text }, i) => {
    const fileKey = fileKeys?.get(i);
    const judged = prepared.attachmentVerdicts[i] ?? judgeAttachment({ filename, contentType, inline });
    // Without stored bytes nothing can be forwarded (the CLI stores nothing; ingest stores every forwarded one).
    const verdict: AttachmentVerdict = judged.forward && fileKeys && !fileKey ? { forward: false, refusal: { code: 'unsupported' } } : judged;
    return {
      filename: filename === null ? null : cut(filename, RECORD_LIMITS.filename),
      contentType: cut(contentType, RECORD_LIMITS.contentType),
      size,
      sha256,
      inline,
      ...(pagesRead !== undefined && { pagesRead }),
      ...(pageCount !== undefined && { pageCount }),
      hasText: Boolean(text?.trim()),
      verdict,
      ...(fileKey && { fileKey }),
    };
  }),
  body: prepared.body,
  excerpt: letterExcerpt(mail, prepared.body.text, (i) => prepared.attachmentVerdicts[i]?.forward === true),
  risks: prepared.risks,
  verdicts,
  verdictSource,
  warnings: mail.warnings.slice(0, RECORD_LIMITS.warnings).map((w) => cut(w, RECORD_LIMITS.warning)),
  schemaVersion: LETTER_SCHEMA_VERSION,
});

/**
 * What a record keeps of the sender's headers, so that it stays well under DynamoDB's 400 KB whatever arrives (a
 * header may be 1 MB): beyond what the page and the forward show (the forward cuts a name at 120 characters and a
 * subject at 250), and with at most MAX_ATTACHMENTS attachments (ingest quarantines a message with more).
 */
export const RECORD_LIMITS = { subject: 1000, name: 200, address: 320, addresses: 20, filename: 255, contentType: 100, warnings: 20, warning: 300 } as const;

/** More attachments than a letter has: such a message is quarantined (its record could not hold them). */
export const MAX_ATTACHMENTS = 100;

const cut = (value: string, max: number): string => (value.length > max ? `${value.slice(0, max)}…` : value);
const bounded = (address: MailAddress): MailAddress => ({ name: cut(address.name, RECORD_LIMITS.name), address: address.address.slice(0, RECORD_LIMITS.address) });

