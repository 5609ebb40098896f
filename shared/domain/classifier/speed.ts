/**
 * The classifier's speed layer, apart from its meaning: a trigram index that skips a regex where it cannot match
 * (prefilter.ts) and a hand-written word scanner in place of \p{L} regex matches. `PLAIN` is the specification
 * (every regex runs, words are regex matches); `FAST` is what production uses. A test classifies every fixture
 * and corpus message with both and demands the same result, so the speed layer cannot change a decision.
 */
import { TRIGRAM_SLOTS, filterOf, markTrigrams, possibleIn } from './prefilter.js';

/** What is known about where a pattern can match: texts are marked with bits, a pattern is asked about some bits. */
export interface TextIndex {
  /** Records the pieces of `text` under `bits`. */
  mark(text: string, bits: number): void;
  /** Of `bits`, those of the texts in which `pattern` can match (never fewer than where it does match). */
  possible(pattern: RegExp, bits: number): number;
}

/** Calls `word(start, end)` for each word of `text` (at most `limit`) and returns how many there were. */
export type WordScanner = (text: string, digits: boolean, hyphens: boolean, word: (start: number, end: number) => void, limit?: number) => number;

export interface SpeedLayer {
  readonly name: 'fast' | 'plain';
  newIndex(): TextIndex;
  readonly scanWords: WordScanner;
  /** Drops, before each topic is tried, the words no topic can use (identity in the plain layer). */
  readonly topicWordFilter: (words: readonly string[], anyTopicWord: RegExp | null) => readonly string[];
}

class TrigramIndex implements TextIndex {
  private readonly table = new Uint8Array(TRIGRAM_SLOTS);
  mark(text: string, bits: number): void {
    markTrigrams(this.table, text, bits);
  }
  possible(pattern: RegExp, bits: number): number {
    return possibleIn(filterOf(pattern), this.table, bits);
  }
}

/** No index: every pattern may match everywhere, so every regex runs. */
const EVERYWHERE: TextIndex = {
  mark: () => {},
  possible: (_pattern, bits) => bits,
};

// Words are runs of letters (\p{L}) and digits (\p{N}) as a /u regex sees them (code points); scanned by hand,
// which is several times faster than matching /[\p{L}\p{N}]+/gu and collecting the matches.

const LETTER = /^\p{L}$/u;
const NUMBER = /^\p{N}$/u;
/** What a UTF-16 code unit is: 0 not looked up yet, 1 neither letter nor digit, 2 a letter, 3 a digit, 4 a high surrogate. */
const UNIT_KIND = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) UNIT_KIND[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 2 : c >= 48 && c <= 57 ? 3 : 1;
UNIT_KIND.fill(4, 0xd800, 0xdc00);
UNIT_KIND.fill(1, 0xdc00, 0xe000); // a low surrogate on its own

const kindOf = (chars: string): number => (LETTER.test(chars) ? 2 : NUMBER.test(chars) ? 3 : 1);

/** The code units taken by the character at `i` when it is a letter (`maxKind` 3: or a digit); minus that when it is not. */
function widthAt(text: string, i: number, maxKind: number): number {
  const c = text.charCodeAt(i);
  let kind = UNIT_KIND[c] as number;
  if (kind === 0) {
    kind = kindOf(String.fromCharCode(c));
    UNIT_KIND[c] = kind;
  } else if (kind === 4) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) {
      const pair = kindOf(text.slice(i, i + 2));
      return pair >= 2 && pair <= maxKind ? 2 : -2;
    }
    return -1; // a high surrogate on its own
  }
  return kind >= 2 && kind <= maxKind ? 1 : -1;
}

/**
 * Calls `word(start, end)` for each word of `text`, at most `limit` times, and returns how many there were: a run of
 * letters or, with `digits`, of letters and digits; with `hyphens` a word goes on through hyphens after its first
 * character. The same words as the matches of /\p{L}+/gu, /[\p{L}\p{N}]+/gu and /[\p{L}\p{N}][\p{L}\p{N}-]{0,}/gu.
 */
export function scanWords(text: string, digits: boolean, hyphens: boolean, word: (start: number, end: number) => void, limit = Infinity): number {
  const maxKind = digits ? 3 : 2;
  const n = text.length;
  let count = 0;
  let i = 0;
  while (i < n && count < limit) {
    let width = widthAt(text, i, maxKind);
    if (width < 0) {
      i -= width;
      continue;
    }
    const start = i;
    i += width;
    while (i < n) {
      if (hyphens && text.charCodeAt(i) === 45) {
        i++;
        continue;
      }
      width = widthAt(text, i, maxKind);
      if (width < 0) break;
      i += width;
    }
    word(start, i);
    count++;
  }
  return count;
}

const WORD_PATTERNS = {
  letters: /\p{L}+/gu,
  lettersDigits: /[\p{L}\p{N}]+/gu,
  lettersHyphens: /\p{L}[\p{L}-]*/gu,
  lettersDigitsHyphens: /[\p{L}\p{N}][\p{L}\p{N}-]*/gu,
} as const;

/** The words as the regexes find them: what scanWords must give. */
export function regexWords(text: string, digits: boolean, hyphens: boolean, word: (start: number, end: number) => void, limit = Infinity): number {
  const pattern = WORD_PATTERNS[digits ? (hyphens ? 'lettersDigitsHyphens' : 'lettersDigits') : hyphens ? 'lettersHyphens' : 'letters'];
  let count = 0;
  for (const m of text.matchAll(pattern)) {
    if (count >= limit) break;
    word(m.index, m.index + m[0].length);
    count++;
  }
  return count;
}

/** Production: the trigram prefilter and the word scanner. */
export const FAST: SpeedLayer = {
  name: 'fast',
  newIndex: () => new TrigramIndex(),
  scanWords,
  topicWordFilter: (words, anyTopicWord) => (anyTopicWord ? words.filter((w) => anyTopicWord.test(w)) : words),
};

/** The specification: every regex runs on every text, words are regex matches. */
export const PLAIN: SpeedLayer = {
  name: 'plain',
  newIndex: () => EVERYWHERE,
  scanWords: regexWords,
  topicWordFilter: (words) => words,
};
