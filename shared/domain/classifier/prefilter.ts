/**
 * The phrase prefilter of the classifier (speed.ts): which texts a rule's regex can match at all, from the three-letter
 * pieces of the literals every match must contain. Only speed (issue 6: a 6 KB mail under 1 ms); results are what the
 * regexes alone give (test/unit/classify-prefilter.test.ts checks every rule against that).
 */
// ---------------------------------------------------------------------------------------------------------------
// Prefilter: a regex is run on a text only when the text holds, for every literal the regex cannot match without,
// each of its three-letter pieces. Exact by construction: it may let through a text the regex then does not match,
// never the other way round, so every result is what the regex alone gives.
// ---------------------------------------------------------------------------------------------------------------

/**
 * What a regex's matches must contain, worked out from its source. `exact`: the regex matches only these strings
 * (null: too many or not known); `prefix`/`suffix`: every match starts/ends with one of these ('' when nothing is
 * known); `required`: every match contains, for each clause, at least one of its strings. Strings are lower-case
 * ASCII: any other character counts as unknown, so a case-insensitive match is always found in the lowered text.
 */
interface Literals {
  readonly exact: readonly string[] | null;
  readonly prefix: readonly string[];
  readonly suffix: readonly string[];
  readonly required: readonly (readonly string[])[];
}

/** More strings than this in one set are not tracked (the set is dropped, which only weakens the filter). */
const MAX_LITERALS = 64;
/** Strings shorter than this have no trigram: a clause with one is no use. */
const MIN_LITERAL = 3;
/** Clauses kept per node (the most narrowing ones). */
const MAX_CLAUSES = 8;

/** Any string at all, the empty one included: the safe answer for whatever is not analysed. */
const ANYTHING: Literals = { exact: null, prefix: [''], suffix: [''], required: [] };

const unique = (strings: readonly string[]): string[] => [...new Set(strings)];

function cross(left: readonly string[], right: readonly string[]): string[] | null {
  if (left.length * right.length > MAX_LITERALS) return null;
  return unique(left.flatMap((l) => right.map((r) => l + r)));
}

/** How much a clause narrows: its shortest string, then the fewer strings the better. */
const clauseScore = (clause: readonly string[]): number => Math.min(...clause.map((s) => s.length)) * 1000 - clause.length;

/** The useful clauses, most narrowing first, at most MAX_CLAUSES. */
function usefulClauses(clauses: readonly (readonly string[])[]): (readonly string[])[] {
  const seen = new Set<string>();
  const out: (readonly string[])[] = [];
  for (const clause of clauses) {
    if (clause.length === 0 || clause.length > 2 * MAX_LITERALS || clause.some((s) => s.length < MIN_LITERAL)) continue;
    const key = [...clause].sort().join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(clause);
  }
  return out.sort((a, b) => clauseScore(b) - clauseScore(a)).slice(0, MAX_CLAUSES);
}

const fromExact = (exact: readonly string[], parts: readonly (readonly string[])[] = []): Literals => ({
  exact,
  prefix: exact,
  suffix: exact,
  required: usefulClauses([exact, ...parts]),
});
const EMPTY_MATCH = fromExact(['']);

const prefixesOf = (l: Literals): readonly string[] => l.exact ?? l.prefix;
const suffixesOf = (l: Literals): readonly string[] => l.exact ?? l.suffix;

function concatLiterals(a: Literals, b: Literals): Literals {
  const exact = a.exact && b.exact ? cross(a.exact, b.exact) : null;
  if (exact) return fromExact(exact, [...a.required, ...b.required]);
  const prefix = (a.exact && cross(a.exact, b.prefix)) || prefixesOf(a);
  const suffix = (b.exact && cross(a.suffix, b.exact)) || suffixesOf(b);
  const joint = cross(suffixesOf(a), prefixesOf(b));
  return { exact: null, prefix, suffix, required: usefulClauses([...a.required, ...b.required, ...(joint ? [joint] : [])]) };
}

/** One clause for a choice of options: each option contributes one of its clauses (none when an option has none). */
function eitherClause(options: readonly Literals[]): readonly string[] | null {
  const pick = (choose: (clauses: readonly (readonly string[])[]) => readonly string[]): string[] | null => {
    const all: string[] = [];
    for (const option of options) {
      if (option.required.length === 0) return null;
      all.push(...choose(option.required));
    }
    const clause = unique(all);
    return clause.length <= 2 * MAX_LITERALS ? clause : null;
  };
  return (
    pick((clauses) => clauses[0] as readonly string[]) ??
    pick((clauses) => clauses.reduce((small, c) => (c.length < small.length ? c : small)))
  );
}

function altLiterals(options: readonly Literals[]): Literals {
  if (options.length === 1) return options[0] as Literals;
  const union = (pick: (l: Literals) => readonly string[]): string[] | null => {
    const all = unique(options.flatMap(pick));
    return all.length > MAX_LITERALS ? null : all;
  };
  const clause = eitherClause(options);
  if (options.every((o) => o.exact)) {
    const exact = union((o) => o.exact as readonly string[]);
    if (exact) return fromExact(exact, clause ? [clause] : []);
  }
  return {
    exact: null,
    prefix: union(prefixesOf) ?? [''],
    suffix: union(suffixesOf) ?? [''],
    required: clause ? usefulClauses([clause]) : [],
  };
}

function repeatLiterals(l: Literals, min: number, max: number): Literals {
  if (min === 0) return max === 1 && l.exact ? fromExact(unique([...l.exact, ''])) : ANYTHING;
  if (l.exact && min === max) {
    let exact: string[] | null = [''];
    for (let i = 0; i < min && exact; i++) exact = cross(exact, l.exact);
    if (exact) return fromExact(exact, l.required);
  }
  return { exact: null, prefix: prefixesOf(l), suffix: suffixesOf(l), required: l.required };
}

class UnsupportedPattern extends Error {}

/** Reads a regex source (the subset the rules use; anything else throws UnsupportedPattern) into its Literals. */
class LiteralReader {
  private at = 0;
  constructor(
    private readonly source: string,
    private readonly unicode: boolean,
  ) {}

  read(): Literals {
    const result = this.alternation();
    if (this.at !== this.source.length) throw new UnsupportedPattern(`unexpected ${this.source[this.at]}`);
    return result;
  }

  private alternation(): Literals {
    const options = [this.sequence()];
    while (this.source[this.at] === '|') {
      this.at++;
      options.push(this.sequence());
    }
    return altLiterals(options);
  }

  private sequence(): Literals {
    let result = EMPTY_MATCH;
    while (this.at < this.source.length && this.source[this.at] !== '|' && this.source[this.at] !== ')') {
      result = concatLiterals(result, this.quantified(this.atom()));
    }
    return result;
  }

  private quantified(atom: Literals): Literals {
    const s = this.source;
    let min: number;
    let max: number;
    const c = s[this.at];
    if (c === '?' || c === '*' || c === '+') {
      this.at++;
      [min, max] = c === '?' ? [0, 1] : c === '*' ? [0, Infinity] : [1, Infinity];
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.at));
      if (!m) throw new UnsupportedPattern('brace that is not a quantifier');
      this.at += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    } else return atom;
    if (s[this.at] === '?') this.at++;
    if (s[this.at] === '?' || s[this.at] === '*' || s[this.at] === '+' || s[this.at] === '{') throw new UnsupportedPattern('double quantifier');
    return repeatLiterals(atom, min, max);
  }

  private atom(): Literals {
    const s = this.source;
    const c = s[this.at++] as string;
    switch (c) {
      case '(': {
        let lookaround = false;
        if (s.startsWith('?:', this.at)) this.at += 2;
        else if (s.startsWith('?=', this.at) || s.startsWith('?!', this.at)) [this.at, lookaround] = [this.at + 2, true];
        else if (s.startsWith('?<=', this.at) || s.startsWith('?<!', this.at)) [this.at, lookaround] = [this.at + 3, true];
        else if (s.startsWith('?<', this.at)) {
          const m = /^\?<[A-Za-z_$][\w$]*>/.exec(s.slice(this.at));
          if (!m) throw new UnsupportedPattern('group name');
          this.at += m[0].length;
        } else if (s[this.at] === '?') throw new UnsupportedPattern('group kind');
        const inner = this.alternation();
        if (s[this.at++] !== ')') throw new UnsupportedPattern('unclosed group');
        return lookaround ? EMPTY_MATCH : inner;
      }
      case '[':
        return this.characterClass();
      case '.':
        return ANYTHING;
      case '^':
      case '$':
        return EMPTY_MATCH;
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
      case '{':
      case '}':
      case ']':
      case ')':
        throw new UnsupportedPattern(`${c} out of place`);
      default:
        return literalChar(c);
    }
  }

  private escape(): Literals {
    const s = this.source;
    const c = s[this.at++];
    if (c === undefined) throw new UnsupportedPattern('trailing backslash');
    if (c === 'b' || c === 'B') return EMPTY_MATCH;
    if ('dDwWsS'.includes(c)) return ANYTHING;
    if ((c === 'p' || c === 'P') && this.unicode) {
      const m = /^\{[\w=]+\}/.exec(s.slice(this.at));
      if (!m) throw new UnsupportedPattern('property escape');
      this.at += m[0].length;
      return ANYTHING;
    }
    const control: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
    if (control[c] !== undefined) return literalChar(control[c]);
    if (c === 'x' || c === 'u') {
      const m = (c === 'x' ? /^[0-9a-fA-F]{2}/ : this.unicode ? /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]{1,6}\})/ : /^[0-9a-fA-F]{4}/).exec(s.slice(this.at));
      if (!m) throw new UnsupportedPattern('hex escape');
      this.at += m[0].length;
      return literalChar(String.fromCodePoint(parseInt(m[0].replace(/[{}]/g, ''), 16)));
    }
    if (/[1-9]/.test(c)) {
      while (/[0-9]/.test(s[this.at] ?? '')) this.at++;
      return ANYTHING; // a back reference (or, outside unicode mode, an octal escape)
    }
    if (/[\^$\\.*+?()[\]{}|/\-,:;'"!@#%&=<>~` ]/.test(c)) return literalChar(c);
    throw new UnsupportedPattern(`escape \\${c}`);
  }

  /** A class of up to four plain characters ([sz], [- ]) gives its characters; any other class is unknown. */
  private characterClass(): Literals {
    const s = this.source;
    const chars: string[] = [];
    let plain = true;
    if (s[this.at] === '^') {
      plain = false;
      this.at++;
    }
    for (;;) {
      const c = s[this.at++];
      if (c === undefined) throw new UnsupportedPattern('unclosed class');
      if (c === ']') break;
      if (c === '[' && this.unicode) throw new UnsupportedPattern('nested class');
      if (c === '\\') {
        const e = s[this.at++];
        if (e === undefined) throw new UnsupportedPattern('trailing backslash');
        if ((e === 'p' || e === 'P') && this.unicode && s[this.at] === '{') {
          const close = s.indexOf('}', this.at);
          if (close < 0) throw new UnsupportedPattern('property escape');
          this.at = close + 1;
        } else if (e === 'u' || e === 'x' || e === 'c') {
          // Only the well-formed escapes: anything else would make the class end somewhere else than it seems.
          const m = (e === 'c' ? /^[A-Za-z]/ : e === 'x' ? /^[0-9a-fA-F]{2}/ : this.unicode ? /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]{1,6}\})/ : /^[0-9a-fA-F]{4}/).exec(s.slice(this.at));
          if (!m) throw new UnsupportedPattern(`escape \\${e} in a class`);
          this.at += m[0].length;
        }
        plain = false;
        continue;
      }
      if (c === '-' && chars.length > 0 && s[this.at] !== ']') plain = false;
      chars.push(c);
    }
    if (!plain || chars.length === 0 || chars.length > 4) return ANYTHING;
    return altLiterals(chars.map(literalChar));
  }
}

/** One character of a pattern: itself (lower-cased) when ASCII, else unknown (it may match a non-ASCII letter). */
function literalChar(c: string): Literals {
  const code = c.charCodeAt(0);
  if (c.length !== 1 || code >= 0x80) return ANYTHING;
  return fromExact([c.toLowerCase()]);
}

/** 16K slots: small enough to allocate and zero per message in microseconds, and a few thousand pieces leave most empty. */
const TRIGRAM_BITS = 14;
export const TRIGRAM_SLOTS = 1 << TRIGRAM_BITS;
const trigramSlot = (a: number, b: number, c: number): number => Math.imul((a << 14) | (b << 7) | c, 0x9e3779b1) >>> (32 - TRIGRAM_BITS);

/** A character as the trigram index sees it: ASCII lower-cased, ſ and the Kelvin sign as s and k (they match those under /iu), else -1. */
function indexCode(c: number): number {
  if (c < 0x80) return c >= 65 && c <= 90 ? c + 32 : c;
  if (c === 0x17f) return 115;
  if (c === 0x212a) return 107;
  return -1;
}

/** Sets `bit` in the slot of every three-character piece of `text`. */
export function markTrigrams(table: Uint8Array, text: string, bit: number): void {
  let a = -1;
  let b = -1;
  for (let i = 0; i < text.length; i++) {
    const c = indexCode(text.charCodeAt(i));
    if (c < 0) {
      a = b = -1;
      continue;
    }
    if (a >= 0) {
      const slot = trigramSlot(a, b, c);
      table[slot] = (table[slot] as number) | bit;
    }
    a = b;
    b = c;
  }
}

/** For each clause, for each of its literals, the slots of its trigrams. */
export type LiteralFilter = readonly (readonly (readonly number[])[])[];

/**
 * The prefilter of `pattern`: for each literal its matches must contain (see Literals), its trigram slots; null when
 * there is none worth checking (no literal of three characters, syntax not read, or a global/sticky regex whose
 * calls must not be skipped).
 * @example possibleIn(literalFilter(/erfenis|loterij/i), table, bit) // 0 when the text marked with `bit` lacks a piece of each word
 */
export function literalFilter(pattern: RegExp): LiteralFilter | null {
  if (/[gyv]/.test(pattern.flags)) return null;
  let literals: Literals;
  try {
    literals = new LiteralReader(pattern.source, pattern.flags.includes('u')).read();
  } catch (err) {
    if (err instanceof UnsupportedPattern) return null;
    throw err;
  }
  const clauses = literals.required.map((clause) =>
    clause.map((s) => {
      const slots = new Set<number>();
      for (let i = 0; i + 2 < s.length; i++) slots.add(trigramSlot(s.charCodeAt(i), s.charCodeAt(i + 1), s.charCodeAt(i + 2)));
      return [...slots];
    }),
  );
  return clauses.length > 0 ? clauses : null;
}

/** The bits (of those marked in `table`) of the texts in which the pattern can match; `all` when there is no filter. */
export function possibleIn(filter: LiteralFilter | null, table: Uint8Array, all: number): number {
  if (filter === null) return all;
  let mask = all;
  for (const clause of filter) {
    let either = 0;
    for (const slots of clause) {
      let bits = mask;
      for (const slot of slots) {
        bits &= table[slot] as number;
        if (bits === 0) break;
      }
      either |= bits;
      if (either === mask) break;
    }
    mask = either;
    if (mask === 0) return 0;
  }
  return mask;
}

/** The prefilter of each regex, worked out on first use (so that importing classify stays cheap). */
const filters = new Map<RegExp, LiteralFilter | null>();
export function filterOf(pattern: RegExp): LiteralFilter | null {
  let filter = filters.get(pattern);
  if (filter === undefined) {
    filter = literalFilter(pattern);
    filters.set(pattern, filter);
  }
  return filter;
}
