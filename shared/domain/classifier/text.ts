/**
 * Text helpers of the classifier: one normal form for phrase matching, word counts and the Dutch-language test.
 */
import { DUTCH_SHARE, DUTCH_WORDS } from './rules.js';
import type { SpeedLayer } from './speed.js';

const TYPOGRAPHIC_QUOTES = /[\u2018\u2019\u201a\u02bc`´\u201c\u201d\u201e]/;
/** Whitespace to rewrite: a run of two or more, or one character other than a plain space (same result as /\s+/ -> ' ', fewer replacements). */
export const SPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

/**
 * One line with plain quotes and single spaces: NFC, typographic quotes made plain, every run of whitespace (and
 * zero-width spaces) one space, trimmed.
 * @example normalise('“Geachte”\u00a0 raad\n') // '"Geachte" raad'
 */
export function normalise(text: string): string {
  let out = text.normalize('NFC');
  if (TYPOGRAPHIC_QUOTES.test(out)) out = out.replace(/[\u2018\u2019\u201a\u02bc`´]/g, "'").replace(/[\u201c\u201d\u201e]/g, '"');
  // U+00A0, U+2007 and U+202F are whitespace to \s already; U+200B is not.
  if (out.includes('\u200b')) out = out.replace(/\u200b/g, ' ');
  return out.replace(SPACE_TO_COLLAPSE, ' ').trim();
}

/**
 * normalise() of texts joined by line breaks, from the texts normalised one by one: the break and the whitespace
 * around it become one space, and a text that normalises to nothing leaves no trace.
 * @example normalisedJoin([normalise(a), normalise(b)]) === normalise(`${a}\n\n${b}`)
 */
export const normalisedJoin = (normalised: readonly string[]): string => normalised.filter((t) => t !== '').join(' ');

/** The number of runs of letters and digits (/[\p{L}\p{N}]+/gu), counted up to `limit`. */
export const countWords = (speed: SpeedLayer, text: string, limit = Infinity): number => speed.scanWords(text, true, false, () => {}, limit);

const LONGEST_DUTCH_WORD = Math.max(...[...DUTCH_WORDS].map((w) => w.length));

/** Whether at least DUTCH_SHARE of the (first 20,000 characters') words are common Dutch words. */
export function isDutch(speed: SpeedLayer, text: string): boolean {
  const lower = text.slice(0, 20_000).toLowerCase();
  let dutch = 0;
  const words = speed.scanWords(lower, false, false, (start, end) => {
    if (end - start <= LONGEST_DUTCH_WORD && DUTCH_WORDS.has(lower.slice(start, end))) dutch++;
  });
  if (words < 8) return false;
  return dutch / words >= DUTCH_SHARE;
}
