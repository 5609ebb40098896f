/**
 * When two messages are one letter. Pure (hashing is node:crypto's SHA-256, a computation).
 *
 * - **The same letter again** (a sender's server retrying, a letter sent to two griffie addresses, the same mail sent
 *   twice): the same Message-ID, or the same sender, subject, text and attachments within a window of days. Such a
 *   copy is recorded as `duplicate` of the first, never offered or numbered again.
 * - **A campaign** (a website that lets residents send one text with their own name): letters of private persons whose
 *   text is the same apart from salutation, signature, names, addresses and numbers. Similarity is the Jaccard index of
 *   their word 4-shingles, estimated with a 64-value MinHash signature; candidates are found through 16 bands of 4
 *   values (locality-sensitive hashing), so only letters that share a band are compared. A campaign gets one entry,
 *   one number and one forward; a resident who rewrote the letter substantially is below the threshold and writes
 *   their own letter.
 */
import { createHash } from 'node:crypto';
import { withoutFormatCharacters } from './text.js';

/** A claim on a key of sameness: whoever holds it first is "the first" of that letter or campaign. */
export interface SamenessKey {
  readonly key: string;
  readonly kind: 'message_id' | 'content' | 'campaign_band';
}

const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** A Message-ID without brackets and spaces, lower-cased (servers differ in case, never in meaning). */
export const normaliseMessageId = (id: string | null): string | null => {
  const bare = id?.trim().replace(/^<|>$/g, '').trim().toLowerCase();
  return bare && bare.includes('@') ? bare : null;
};

/** Subject without reply and forward prefixes, case, spacing and format characters. */
export const normaliseSubject = (subject: string): string =>
  withoutFormatCharacters(subject)
    .value.toLowerCase()
    .replace(/^\s*((re|fw|fwd|aw|antw|antwoord|doorst|wg|tr|sv)\s*(\[\d+\])?\s*:\s*)+/i, '')
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

/** The keys that make a later message the same letter: its Message-ID and its content. */
export const duplicateKeys = (mail: DuplicateInput): SamenessKey[] => {
  const keys: SamenessKey[] = [];
  const messageId = normaliseMessageId(mail.messageId);
  if (messageId) keys.push({ key: `message-id#${sha256(messageId)}`, kind: 'message_id' });
  const content = [
    (mail.from ?? '').toLowerCase(),
    normaliseSubject(mail.subject),
    normaliseText(mail.text),
    [...mail.attachmentHashes].sort().join(','),
  ].join('\u0000');
  keys.push({ key: `content#${sha256(content)}`, kind: 'content' });
  return keys;
};

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
 * Two letters are one campaign from this estimated Jaccard index of their 4-shingles. Set by the near-misses in
 * test/unit/sameness.test.ts: the same campaign text with other names, addresses and salutation scores 1.0, with an
 * added sentence 0.94; a campaign text with a paragraph of the resident's own (about 40% of the letter) 0.63, so it
 * is the resident's own letter; one organisation's two different letters with the same opening and closing 0.22;
 * two residents writing about the same street in their own words 0. (A 64-value signature estimates with a
 * standard error of about 0.06.)
 */
export const CAMPAIGN_SIMILARITY = 0.7;

const SALUTATION = /^\s*(geachte|beste|hooggeachte|lieve|dear|hallo|hoi|aan)\b/i;
const CLOSING = /^\s*(met (vriendelijke|hartelijke) groet(en)?|hoogachtend|vriendelijke groet(en)?|groet(en|jes)?|kind regards|regards|best regards|sincerely)\b/i;
const NOISE = [
  /[^\s@]+@[^\s@]+/g, // addresses
  /https?:\/\/\S+/g,
  /\b\d{4}\s?[a-z]{2}\b/gi, // postcodes
  /\+?\d[\d\s-]{6,}\d/g, // phone numbers
  /\d+/g,
];

/**
 * The part of a letter that a campaign shares: without quoted lines, the salutation line, everything from the closing
 * on (the signature), addresses, links, postcodes, phone numbers and numbers.
 */
export const campaignText = (text: string): string => {
  const lines = text.split('\n').filter((line) => !/^\s*>/.test(line));
  const closing = lines.findIndex((line) => CLOSING.test(line));
  const body = (closing >= 0 ? lines.slice(0, closing) : lines).filter((line) => !SALUTATION.test(line)).join('\n');
  return normaliseText(NOISE.reduce((t, pattern) => t.replace(pattern, ' '), body));
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

/** The estimated Jaccard index of two signatures: the share of positions where they agree. */
export const similarity = (a: readonly number[], b: readonly number[]): number => {
  if (a.length !== SIGNATURE_LENGTH || b.length !== SIGNATURE_LENGTH) return 0;
  let same = 0;
  for (let i = 0; i < SIGNATURE_LENGTH; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_LENGTH;
};

/** The band keys of a signature: letters that share one are compared (likely from a Jaccard index of about 0.5). */
export const campaignBands = (signature: readonly number[]): SamenessKey[] =>
  Array.from({ length: BANDS }, (_, band) => ({
    key: `campaign-band#${band}#${sha256(signature.slice(band * ROWS, band * ROWS + ROWS).join(','))}`,
    kind: 'campaign_band' as const,
  }));
