/**
 * When two messages are one letter. Pure (hashing is node:crypto's SHA-256, a computation).
 *
 * - **The same letter again** (a sender's server retrying, a letter sent to two griffie addresses, the same mail sent
 *   twice): the same sender with the same Message-ID, or the same sender, subject, text and attachments within a
 *   window of days. Such a copy is recorded as `duplicate` of the first, never offered or numbered again.
 * - **A campaign** (a website that lets residents send one text with their own name): letters of private persons with
 *   the same forwarded attachments whose text is the same apart from salutation, signature, names, addresses and
 *   numbers. Candidates are found through a 64-value MinHash signature of their word 4-shingles, in 16 bands of 4
 *   values (locality-sensitive hashing), so only letters that share a band are compared; the Jaccard index of the two
 *   texts' shingles decides. A campaign gets one entry, one number and one forward; a resident who added or changed
 *   more than a sentence is below the threshold and writes their own letter.
 * - **Probably the same letter** (a colleague forwarding a letter that already came in directly): a letter awaiting
 *   approval with a forwarded attachment or a paragraph of text that an earlier one had. It is offered on its own,
 *   with a pointer to the earlier letter: the griffier decides.
 */
import { createHash } from 'node:crypto';
import { withoutFormatCharacters } from './text.js';

/** A claim on a key of sameness: whoever holds it first is "the first" of that letter, campaign or likeness. */
export interface SamenessKey {
  readonly key: string;
  readonly kind: 'message_id' | 'content' | 'campaign_band' | Likeness;
}

const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** A Message-ID without brackets and spaces, lower-cased (servers differ in case, never in meaning). */
export const normaliseMessageId = (id: string | null): string | null => {
  const bare = id?.trim().replace(/^<|>$/g, '').trim().toLowerCase();
  return bare && bare.includes('@') ? bare : null;
};

// What mail systems put before (or after) a subject: reply and forward prefixes, and tags of gateways, spam filters
// and lists ("[EXTERN]", "[Ext]", "[SPAM?]", "[Raad]", "(extern)").
const SUBJECT_PREFIX = String.raw`(?:re|fw|fwd|aw|antw|antwoord|doorst|wg|tr|sv|extern|external)\s*(?:\[\d+\])?\s*:`;
const SUBJECT_TAG = String.raw`\[[^\[\]]{1,30}\]|\((?:extern|external|ext)\)`;
const LEADING_SUBJECT_MARKS = new RegExp(`^\\s*(?:(?:${SUBJECT_PREFIX}|${SUBJECT_TAG})\\s*)+`, 'i');
const TRAILING_SUBJECT_TAGS = new RegExp(`(?:\\s*(?:${SUBJECT_TAG}))+\\s*$`, 'i');

/** Subject without reply and forward prefixes, gateway and list tags, case, spacing and format characters. */
export const normaliseSubject = (subject: string): string =>
  withoutFormatCharacters(subject)
    .value.replace(LEADING_SUBJECT_MARKS, '')
    .replace(TRAILING_SUBJECT_TAGS, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/** Text for comparing: lower-case words only, all spacing the same. */
const normaliseText = (text: string): string =>
  withoutFormatCharacters(text).value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export interface DuplicateInput {
  readonly messageId: string | null;
  readonly from: string | null;
  readonly subject: string;
  /** The prepared text (letter-text.ts). */
  readonly text: string;
  /** SHA-256 of every attachment. */
  readonly attachmentHashes: readonly string[];
}

/**
 * The keys that make a later message the same letter: its Message-ID and its content, both with the sender's address.
 * A Message-ID is whatever the sender writes, so a stranger can copy one: with the sender in the key, a copied
 * Message-ID makes only the copier's own letters copies, never a real letter (a real second delivery has the same
 * From). The content key has always had the sender: the same text from someone else is their own letter (or a
 * campaign), never a copy.
 */
export const duplicateKeys = (mail: DuplicateInput): SamenessKey[] => {
  const sender = (mail.from ?? '').toLowerCase();
  const keys: SamenessKey[] = [];
  const messageId = normaliseMessageId(mail.messageId);
  if (messageId) keys.push({ key: `message-id#${sha256([sender, messageId].join('\u0000'))}`, kind: 'message_id' });
  const content = [sender, normaliseSubject(mail.subject), normaliseText(mail.text), [...mail.attachmentHashes].sort().join(',')].join('\u0000');
  keys.push({ key: `content#${sha256(content)}`, kind: 'content' });
  return keys;
};

export interface SamenessWindows {
  /**
   * Days in which the same sender, subject, text and attachments make a message a copy, and a forwarded attachment
   * or paragraph of an earlier letter marks a letter as probably the same. @default 30
   */
  readonly duplicateWindowDays: number;
  /** Days after a campaign's first letter in which more letters join it. @default 90 */
  readonly campaignWindowDays: number;
}

export const DEFAULT_SAMENESS_WINDOWS: SamenessWindows = { duplicateWindowDays: 30, campaignWindowDays: 90 };

// ---------------------------------------------------------------------------------------------------------
// Campaigns

/** Values in a MinHash signature; BANDS x ROWS of them. */
export const SIGNATURE_LENGTH = 64;
const BANDS = 16;
const ROWS = SIGNATURE_LENGTH / BANDS;
const SHINGLE_WORDS = 4;
/** Texts shorter than this (in words, after cleaning) are too short to call a campaign: every "ik ben tegen" would match. */
export const MIN_CAMPAIGN_WORDS = 40;

/**
 * Two letters are one campaign from this Jaccard index of their 4-shingles (campaignSimilarity). Measured in
 * test/unit/sameness.test.ts (the index, and the signature's estimate that finds the candidates in brackets): the same
 * campaign text with other names, addresses, salutation and signature 1.0 (1.0); with one sentence added 0.94 (0.94)
 * or one word changed 0.94 (0.95); with a one-line PS under the signature 0.88 (0.91); with a paragraph of the
 * resident's own (about 40% of the letter), in the text or under the signature, 0.60 (0.63); one organisation's two
 * different letters with the same opening and closing 0.16 (0.22); two residents writing about the same street in
 * their own words 0 (0). So from 0.9 only the same text with at most a sentence's change is one campaign, and
 * whatever more a resident writes makes it their own letter. (The index is exact: the estimate, with a standard
 * error of about 0.04 there, would let such a PS in about one time in three.) A member whose text is not exactly the
 * first letter's is marked on the approval page (campaignDifference).
 */
export const CAMPAIGN_SIMILARITY = 0.9;

/** The Jaccard index of two letters' campaign texts' word 4-shingles: 1 for the same text, 0 for nothing in common. */
export const campaignSimilarity = (a: string, b: string): number => {
  const [x, y] = [shingles(campaignText(a)), shingles(campaignText(b))];
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const shingle of x) if (y.has(shingle)) shared++;
  return shared / (x.size + y.size - shared);
};

const SALUTATION = /^\s*(geachte|beste|hooggeachte|lieve|dear|hallo|hoi|aan)\b/i;
const CLOSING = /^\s*(met (vriendelijke|hartelijke) groet(en)?|hoogachtend|vriendelijke groet(en)?|groet(en|jes)?|kind regards|regards|best regards|sincerely)\b/i;
/** "PS", "P.S.", "PPS", "NB": what a resident adds below the signature. */
const POSTSCRIPT = /^\s*(p\.?\s?p?\.?\s?s|n\.?\s?b)\.?(\s|:|$)/i;
/** A line of the signature (name, street, place, phone, a title) is shorter than a sentence and does not end like one. */
const SIGNATURE_LINE_WORDS = 8;
const NOISE: readonly [RegExp, string][] = [
  [/https?:\/\/([^\s/?#]+)\S*/gi, ' $1 '], // a link counts by its host (a tracking path differs per resident)
  [/[^\s@]+@[^\s@]+/g, ' '], // addresses
  [/\b\d{4}\s?[a-z]{2}\b/gi, ' '], // postcodes
  [/\+?\d[\d\s-]{6,}\d/g, ' '], // phone numbers
  [/\d+/g, ' '],
];

/**
 * The part of a letter that a campaign shares: without quoted lines, the salutation line, the closing and the
 * signature under it, addresses, postcodes, phone numbers and numbers (a link only by its host). What a resident
 * writes below the signature counts: a PS, or any line with a sentence in it, and everything after it.
 */
export const campaignText = (text: string): string => {
  const lines = text.split('\n').filter((line) => !/^\s*>/.test(line));
  const closing = lines.findIndex((line) => CLOSING.test(line));
  const kept = closing >= 0 ? [...lines.slice(0, closing), ...belowSignature(lines.slice(closing + 1))] : lines;
  const body = kept.filter((line) => !SALUTATION.test(line)).join('\n');
  return normaliseText(NOISE.reduce((t, [pattern, by]) => t.replace(pattern, by), body));
};

/** The lines under a closing from the first one that is not part of the signature on. */
const belowSignature = (lines: readonly string[]): readonly string[] => {
  const added = lines.findIndex((line) => {
    const words = line.split(/\s+/).filter(Boolean).length;
    return POSTSCRIPT.test(line) || words >= SIGNATURE_LINE_WORDS || (words >= 4 && /[.!?]\s*$/.test(line));
  });
  return added >= 0 ? lines.slice(added) : [];
};

/** Word 4-shingles of a cleaned text. */
const shingles = (text: string): Set<string> => {
  const words = text.split(' ').filter(Boolean);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) out.add(words.slice(i, i + SHINGLE_WORDS).join(' '));
  return out;
};

// Fixed, public seeds: the signature of a text must be the same in every run and every function.
const SEEDS = Array.from({ length: SIGNATURE_LENGTH }, (_, i) => {
  const h = createHash('sha256').update(`raadspost-minhash-${i}`).digest();
  return [h.readUInt32BE(0) | 1, h.readUInt32BE(4)] as const;
});

/**
 * The MinHash signature of a letter's campaign text, or undefined when the text is too short to compare.
 * @example campaignSignature(letterText)?.length // 64
 */
export const campaignSignature = (text: string): number[] | undefined => {
  const cleaned = campaignText(text);
  if (cleaned.split(' ').filter(Boolean).length < MIN_CAMPAIGN_WORDS) return undefined;
  const signature = new Array<number>(SIGNATURE_LENGTH).fill(0xffffffff);
  for (const shingle of shingles(cleaned)) {
    const h = createHash('sha256').update(shingle, 'utf8').digest().readUInt32BE(0);
    for (let i = 0; i < SIGNATURE_LENGTH; i++) {
      const [a, b] = SEEDS[i]!;
      const value = (Math.imul(a, h) + b) >>> 0;
      if (value < signature[i]!) signature[i] = value;
    }
  }
  return signature;
};

/**
 * The band keys of a signature: letters that share one are compared (likely from a Jaccard index of about 0.5). The
 * forwarded attachments are part of every key, so letters with other attachments (each resident's own PDF under one
 * form text) never meet: what the raadsleden receive of a campaign is its first letter's attachments.
 */
export const campaignBands = (signature: readonly number[], forwardedAttachmentHashes: readonly string[]): SamenessKey[] => {
  const attachments = [...new Set(forwardedAttachmentHashes)].sort().join(',');
  return Array.from({ length: BANDS }, (_, band) => ({
    key: `campaign-band#${band}#${sha256(`${signature.slice(band * ROWS, band * ROWS + ROWS).join(',')}|${attachments}`)}`,
    kind: 'campaign_band' as const,
  }));
};

/** Words of context shown on each side of a difference. */
const CONTEXT_WORDS = 3;
/** Longest excerpt of a difference, in characters. */
const DIFFERENCE_CHARS = 160;

/** Where a campaign letter's text differs from its first letter's: each one's words there, with a little context. */
export interface TextDifference {
  /** The campaign letter's words (lower-case, without punctuation and numbers, as compared). */
  readonly member: string;
  /** The first letter's words at the same place. */
  readonly leader: string;
}

/**
 * How a campaign letter's text differs from its first letter's, or undefined when the compared texts are the same
 * (the signature estimates similarity; this is exact). The differing stretch runs from the first word that differs
 * to the last one.
 * @example campaignDifference(member, leader) // { member: 'kap niet uit te', leader: 'kap uit te stellen' }
 */
export const campaignDifference = (memberText: string, leaderText: string): TextDifference | undefined => {
  const member = campaignText(memberText).split(' ').filter(Boolean);
  const leader = campaignText(leaderText).split(' ').filter(Boolean);
  if (member.join(' ') === leader.join(' ')) return undefined;
  let head = 0;
  while (head < member.length && head < leader.length && member[head] === leader[head]) head++;
  let tail = 0;
  while (tail < member.length - head && tail < leader.length - head && member[member.length - 1 - tail] === leader[leader.length - 1 - tail]) tail++;
  const excerpt = (words: readonly string[]) => {
    const from = Math.max(0, head - CONTEXT_WORDS);
    const to = Math.min(words.length, words.length - tail + CONTEXT_WORDS);
    const text = words.slice(from, to).join(' ');
    const cut = text.length > DIFFERENCE_CHARS ? `${text.slice(0, DIFFERENCE_CHARS).replace(/\s+\S*$/, '')} …` : text;
    return `${from > 0 ? '… ' : ''}${cut}${to < words.length && cut === text ? ' …' : ''}`;
  };
  return { member: excerpt(member), leader: excerpt(leader) };
};

// ---------------------------------------------------------------------------------------------------------
// Probably the same letter

/** What an earlier letter and a later one share: the bytes of a forwarded attachment, or a paragraph of text. */
export type Likeness = 'same_attachment' | 'same_text';

/** A paragraph shorter than this (in words) is too common to say two letters are one ("Met vriendelijke groet"). */
const LIKENESS_PARAGRAPH_WORDS = 20;
/** The longest paragraphs only: a letter is recognised by its body, and a claim stays small. */
const LIKENESS_PARAGRAPHS = 4;

/**
 * The keys by which a later letter is recognised as probably this one: each forwarded attachment's SHA-256, and its
 * longest paragraphs (as compared: lower-case words), so a colleague's forward of it, with a note above and the
 * original's header block, shares them.
 */
export const likenessKeys = (letter: { readonly text: string; readonly forwardedAttachmentHashes: readonly string[] }): SamenessKey[] => {
  const paragraphs = letter.text
    .replace(/^([^\S\n]*>)+/gm, '') // a quoted forward's lines
    .split(/\n\s*\n/)
    .map(normaliseText)
    .filter((p) => p.split(' ').length >= LIKENESS_PARAGRAPH_WORDS)
    .sort((a, b) => b.length - a.length)
    .slice(0, LIKENESS_PARAGRAPHS);
  return [
    ...[...new Set(letter.forwardedAttachmentHashes)].map((hash) => ({ key: `same-attachment#${hash}`, kind: 'same_attachment' as const })),
    ...[...new Set(paragraphs)].map((p) => ({ key: `same-text#${sha256(p)}`, kind: 'same_text' as const })),
  ];
};
