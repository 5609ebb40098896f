/**
 * Preparing a message for the rules: the subject without Re:/Fwd:, the sender's own text, a forwarded or quoted
 * message, attachment text, each normalised once, and who wrote the letter.
 */
import type { MailAddress, ParsedMail } from '../mail.js';
import { domainOf, isOwnDomain } from './addresses.js';
import { RAW_BODY_BIT, attribute, authorOf, originalFromHeaderBlock, sameWriter, type EmbeddedKind } from './attribution.js';
import { SHORT_LEAD_WORDS, type Zone } from './rules.js';
import type { SpeedLayer, TextIndex } from './speed.js';
import { countWords, normalise, normalisedJoin } from './text.js';

/** Longest stretch of any one text that is looked at (keeps regexes fast on huge messages). */
const MAX_ZONE_CHARS = 200_000;

/** The bit of each zone in the text index. */
export const ZONE_BIT: Readonly<Record<Zone, number>> = { subject: 1, body: 2, embedded: 4, attachment: 8 };
export const ALL_ZONE_BITS = 15;
/** Marks, in the text index, the pieces of Prepared.topicText. */
export const TOPIC_TEXT_BIT = 16;

export interface Prepared {
  readonly subject: string;
  readonly subjectIsReply: boolean;
  readonly subjectIsForward: boolean;
  /** Own text of the sender, line structure kept. */
  readonly lead: string;
  /**
   * Forwarded or quoted messages inside the body (plus text of attached messages), line structure kept; without what
   * the own organisation wrote when someone else writes (the griffie's quoted answer is not the resident's letter).
   */
  readonly embedded: string;
  readonly embeddedKind: EmbeddedKind;
  readonly attachmentTexts: readonly string[];
  /** normalise() of each attachment text. */
  readonly normalisedAttachments: readonly string[];
  /** Normalised (one line, plain quotes) per zone, for phrase matching. */
  readonly zones: Readonly<Record<Zone, string>>;
  /** Where patterns can match: the zones (ZONE_BIT), topicText (TOPIC_TEXT_BIT) and the raw body (RAW_BODY_BIT). */
  readonly index: TextIndex;
  readonly speed: SpeedLayer;
  /** Body, embedded and attachment zones joined by spaces: where topics are looked for. */
  readonly topicText: string;
  /** Words of own text, counted up to SHORT_LEAD_WORDS (all that is asked is whether there are that many). */
  readonly leadWords: number;
  /** The author of the forwarded message, when the forward says so. */
  readonly original: MailAddress | null;
  /** Who wrote the letter: the original author of a forward or the person in a web form, else the From. */
  readonly author: MailAddress | null;
  /** Whether a quoted or forwarded piece was written by the own organisation. */
  readonly quotesOwn: boolean;
  /** The person in a web form's notification, when the body is one. */
  readonly form: MailAddress | null;
  /** Who passed the letter on when someone else wrote it (a colleague, a web form, a secretary); else null. */
  readonly forwardedBy: MailAddress | null;
  /** What the author wrote (own text or the forwarded letter, their quoted earlier mail, attachments): where sender and organisation are looked for. */
  readonly authorTexts: readonly string[];
  /** normalise() of each of authorTexts. */
  readonly normalisedAuthorTexts: readonly string[];
  readonly from: MailAddress | null;
  readonly ownDomains: readonly string[];
}

const REPLY_PREFIX = /^\s*(re|antw|aw|sv|vs|réf)\s*(\[\d+\])?\s*:\s*/i;
const FORWARD_PREFIX = /^\s*(fw|fwd|tr|wg|doorst|doorgestuurd|fw\.)\s*(\[\d+\])?\s*:\s*/i;

export function prepare(mail: ParsedMail, ownDomains: readonly string[], speed: SpeedLayer): Prepared {
  let subject = mail.subject.trim();
  let subjectIsReply = false;
  let subjectIsForward = false;
  for (let i = 0; i < 5; i++) {
    if (REPLY_PREFIX.test(subject)) {
      subjectIsReply = true;
      subject = subject.replace(REPLY_PREFIX, '');
    } else if (FORWARD_PREFIX.test(subject)) {
      subjectIsForward = true;
      subject = subject.replace(FORWARD_PREFIX, '');
    } else break;
  }

  const body = mail.text.slice(0, MAX_ZONE_CHARS).replace(/\r\n?/g, '\n');
  const index = speed.newIndex();
  index.mark(body, RAW_BODY_BIT);
  const attribution = attribute(body, subjectIsReply, subjectIsForward, index);
  const attachedMessages = mail.attachments
    .filter((a) => a.contentType === 'message/rfc822' && a.text)
    .map((a) => ({ text: a.text ?? '', author: originalFromHeaderBlock(a.text ?? ''), kind: 'forward' as const }));
  const attachmentTexts = mail.attachments
    .filter((a) => a.contentType !== 'message/rfc822' && a.text)
    .map((a) => (a.text ?? '').slice(0, MAX_ZONE_CHARS));
  const pieces = [...attribution.pieces, ...attachedMessages];
  const embeddedKind: EmbeddedKind = pieces[0]?.kind ?? null;
  const original = pieces[0]?.author ?? null;
  const from = mail.from && (mail.from.address || mail.from.name) ? mail.from : null;
  const leadWords = countWords(speed, attribution.lead, SHORT_LEAD_WORDS);
  const own = ownDomains.map((d) => d.toLowerCase());
  const { author, forwardedBy } = authorOf(from, attribution, embeddedKind, original, leadWords, own);
  // The author's pieces, and forwarded ones that do not say who wrote them (what the sender points at).
  const byAuthor = (piece: { author: MailAddress | null; kind: 'forward' | 'quote' }) => (piece.author ? sameWriter(piece.author, author) : piece.kind === 'forward');
  const ourOwn = (piece: { author: MailAddress | null }) => isOwnDomain(domainOf(piece.author?.address), own);
  const authorIsOwn = isOwnDomain(domainOf(author?.address), own);
  const embedded = pieces
    .filter((piece) => authorIsOwn || !ourOwn(piece))
    .map((piece) => piece.text)
    .join('\n\n')
    .slice(0, MAX_ZONE_CHARS);
  const authorPieces = pieces.filter(byAuthor).map((piece) => piece.text.slice(0, MAX_ZONE_CHARS));
  const normalisedAttachments = attachmentTexts.map(normalise);
  const lead = forwardedBy ? [] : [attribution.lead];
  const authorTexts = [...lead, ...authorPieces, ...attachmentTexts];

  const zones: Record<Zone, string> = {
    subject: normalise(subject),
    body: normalise(attribution.lead),
    embedded: normalise(embedded),
    attachment: normalisedJoin(normalisedAttachments), // = normalise(attachmentTexts.join('\n\n'))
  };
  index.mark(zones.subject, ZONE_BIT.subject);
  // Topics are looked for in body, embedded and attachment joined by spaces: their pieces, and those across a join.
  index.mark(zones.body, ZONE_BIT.body | TOPIC_TEXT_BIT);
  index.mark(zones.embedded, ZONE_BIT.embedded | TOPIC_TEXT_BIT);
  index.mark(zones.attachment, ZONE_BIT.attachment | TOPIC_TEXT_BIT);
  const topicText = [zones.body, zones.embedded, zones.attachment].join(' ');
  for (const join of [zones.body.length, zones.body.length + 1 + zones.embedded.length]) {
    index.mark(topicText.slice(Math.max(0, join - 2), join + 3), TOPIC_TEXT_BIT);
  }
  return {
    subject,
    subjectIsReply,
    subjectIsForward,
    lead: attribution.lead,
    embedded,
    embeddedKind,
    attachmentTexts,
    zones,
    index,
    speed,
    topicText,
    normalisedAttachments,
    leadWords,
    original,
    author,
    forwardedBy,
    form: attribution.form,
    quotesOwn: pieces.some(ourOwn),
    authorTexts,
    // normalise() of each, from what was normalised already: the lead is the body zone, attachments are normalised once.
    normalisedAuthorTexts: [...lead.map(() => zones.body), ...authorPieces.map(normalise), ...normalisedAttachments],
    from,
    ownDomains: own,
  };
}
