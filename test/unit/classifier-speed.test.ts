import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMailReader } from '../../shared/adapters/mail-reader.js';
import { MailparserMimeParser } from '../../shared/adapters/mailparser-mime-parser.js';
import { verdictsFromSesHeaders } from '../../shared/cli/ses-verdicts.js';
import { classify, classifyWithDetails } from '../../shared/domain/classifier/index.js';
import type { ParsedMail } from '../../shared/domain/mail.js';
import { literalFilter, markTrigrams, possibleIn } from '../../shared/domain/classifier/prefilter.js';
import { FAST, PLAIN, regexWords, scanWords } from '../../shared/domain/classifier/speed.js';
import { countWords, normalise, normalisedJoin } from '../../shared/domain/classifier/text.js';
import { anyOf } from '../../shared/domain/classifier/topics.js';
import {
  BULK_MAILERS,
  CLOSINGS,
  FUNCTION_TITLES,
  GENERIC_SENDER_WORDS,
  GOVERNMENT_WORDS,
  ORGANISATION_WORDS,
  PHRASES,
  PLURAL_WORDS,
  RESIDENT_VOICE,
  SINGULAR_WORDS,
  TOPICS,
} from '../../shared/domain/classifier/rules.js';
import { aMail, heemstede } from '../support/builders.js';
import { REPO_ROOT } from '../support/fixtures.js';
import { sharedMaterial } from '../support/shared-material.js';

// The classifier's speed-ups must give exactly what the plain code gave: the whole classifier with and without the
// speed layer on every message at hand, and each helper against the expression it replaces.

/** Whether the prefilter lets `text` through to `pattern` (it must whenever the pattern matches). */
function passes(pattern: RegExp, text: string): boolean {
  const table = new Uint8Array(1 << 14);
  markTrigrams(table, text, 1);
  return possibleIn(literalFilter(pattern), table, 1) === 1;
}

/** A small deterministic random source. */
function random(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

/** Case flips and characters the filter treats specially (ſ, the Kelvin sign, İ, ë, ZWSP, NBSP), spread over `text`. */
function mutate(text: string, seed: number): string {
  const next = random(seed);
  const odd = ['\u017f', '\u212a', '\u0130', 'ë', 'É', '\u200b', '\u00a0', '’', '\n', '-', ' '];
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const r = next(20);
    if (r === 0) chars[i] = (chars[i] as string).toUpperCase();
    else if (r === 1) chars[i] = (chars[i] as string).toLowerCase();
    else if (r === 2 && next(4) === 0) chars[i] = odd[next(odd.length)] as string;
  }
  return chars.join('');
}

/** Every regex the classifier puts a prefilter (or a set or alternation) in front of, and a few more. */
const RULE_PATTERNS: readonly RegExp[] = [
  ...PHRASES.map((r) => r.pattern),
  ...TOPICS.flatMap((t) => [t.name, t.words, ...(t.phrases ? [t.phrases] : [])]),
  RESIDENT_VOICE,
  GOVERNMENT_WORDS,
  ORGANISATION_WORDS,
  CLOSINGS,
  FUNCTION_TITLES,
  GENERIC_SENDER_WORDS,
  BULK_MAILERS,
  new RegExp(SINGULAR_WORDS.source, 'i'),
  new RegExp(PLURAL_WORDS.source, 'i'),
];

/** Texts of real and hand-made mail: the hold-out and fixture messages, and the labelled corpus when it is there. */
async function mailTexts(): Promise<string[]> {
  const dirs = [path.join(REPO_ROOT, 'test/fixtures/holdout'), path.join(REPO_ROOT, 'test/fixtures/mail'), sharedMaterial('corpus', 'labelled')];
  const parser = new MailparserMimeParser();
  const texts: string[] = [];
  for (const dir of dirs) {
    if (!dir) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.eml'))) {
      const mail = await parser.parse(readFileSync(path.join(dir, file)));
      texts.push(mail.subject, mail.text, normalise(mail.text));
    }
  }
  return texts.filter((t) => t !== '');
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : e.isFile() && !/\.(md|jsonl|ts)$/.test(e.name) ? [full] : [];
  });
}

describe('the speed layer', () => {
  const dirs = [
    path.join(REPO_ROOT, 'test/fixtures'),
    sharedMaterial('corpus', 'labelled'),
    sharedMaterial('corpus', 'labelled-2'),
    sharedMaterial('corpus', 'robustness'),
  ].filter((d): d is string => d !== null);
  if (dirs.length < 4) console.warn('speed layer: ../shared/corpus not found, comparing on the repository fixtures only');

  it('changes no result: every message classified with the prefilter and word scanner and without them (plain regexes)', { timeout: 120_000 }, async () => {
    // Prepare
    const read = createMailReader();
    const mails: { file: string; raw: Uint8Array; mail: ParsedMail }[] = [];
    for (const file of dirs.flatMap(filesUnder)) {
      const raw = new Uint8Array(readFileSync(file));
      const mail = await read(raw).catch(() => null);
      if (mail) mails.push({ file, raw, mail });
    }
    // ... and each message again with its text mutated (case, ſ, Kelvin sign, İ, NBSP, ZWSP), where the filter is most fragile
    const cases = mails.flatMap(({ file, raw, mail }, i) => [
      { file, raw, mail },
      { file: `${file} (mutated)`, raw, mail: { ...mail, subject: mutate(mail.subject, i + 1), text: mutate(mail.text, i + 101) } },
    ]);
    for (const ownDomains of [['heemstede.nl'], ['bergenopzoom.nl']]) {
      for (const { file, raw, mail } of cases) {
        const context = { verdicts: verdictsFromSesHeaders(raw), ownDomains };
        // Act
        const fast = classifyWithDetails(mail, context, FAST);
        const plain = classifyWithDetails(mail, context, PLAIN);
        // Assess
        expect(fast, file).toEqual(plain);
      }
    }
    expect(mails.length).toBeGreaterThan(20);
  });
});

describe('literalFilter', () => {
  it('lets through every text a pattern matches: case, word boundaries, diacritics', () => {
    // Prepare: pattern, texts it matches, texts it does not (which the filter may or may not let through)
    const cases: [RegExp, string[], string[]][] = [
      [/\bkpn\b/i, ['Bel KPN.', 'kpn', 'de Kpn-winkel'], ['kp n', 'k.p.n.']],
      [/\bing( bank)?\b/, ['ing bank', 'bij ing'], ['ING']],
      [/verifi[eë]ren/i, ['VERIFIËREN', 'verifieren'], ['verifi eren']],
      [/optimi[sz]ation/i, ['Optimization', 'OPTIMISATION'], ['optimi ation']],
      [/(first|1st|top) (page|position)s? (of|on|in) google/i, ['top positions in Google', '1st page of google'], ['top page google']],
      [/\bwet open overheid\b/i, ['Wet open overheid', 'WET OPEN OVERHEID.'], ['wet  open overheid']],
      [/(op grond van|ingevolge) (artikel [\d.:]+ (van )?)?(de )?(woo|wob)\b/i, ['Op grond van artikel 4.1 van de Woo', 'ingevolge wob'], ['op grond van wo']],
      [/a(?=bc)|(x)\1y|(?<!q)zz/i, ['abc', 'xxy', 'zz'], ['ab']],
      [/\u017fk/iu, ['sk', 'SK', '\u017f\u212a'], ['s k']],
      [/\bsk\b/iu, ['\u017f\u212a', 'SK'], ['ss']],
      [/colou?r\s*:\s*(red|blue)/i, ['Colour :red', 'color:BLUE'], ['colr:red']],
      [/^(gelezen|read)\s*:/i, ['Read: x', 'GELEZEN :'], []],
      [/\d{1,2}[.:]\d{2}\s*(-|–|tot)\s*\d{1,2}[.:]\d{2}/, ['10:00 – 12:00', '9.30 tot 11.00'], []],
      [/(copyright ©|©\s?\d{4}|all rights reserved)/i, ['© 2026', 'All Rights Reserved'], []],
      // (a string: TypeScript refuses \u without digits in a regex literal, JavaScript reads it as u)
      [new RegExp('[\\u]xyz|[\\x41\\cJ]bcd|[é\\-]efg'), ['uxyz', 'Abcd', '\nbcd', 'éefg', '-efg'], ['xyz']],
    ];
    for (const [pattern, matching, other] of cases) {
      for (const text of matching) {
        // Assess
        expect(pattern.test(text), `${pattern} should match ${text}`).toBe(true);
        expect(passes(pattern, text), `${pattern} filtered out ${text}`).toBe(true);
      }
      for (const text of other) expect(pattern.test(text)).toBe(false);
    }
  });

  it('keeps out texts that lack a required literal', () => {
    // Act + Assess
    expect(passes(/nalatenschap|erfenis/i, 'Geachte raad, wij vragen aandacht voor de stoep.')).toBe(false);
    expect(passes(/\b(woo|wob)[- ]?verzoek\b/i, 'een verzoek aan de raad')).toBe(false);
    expect(passes(/\b(woo|wob)[- ]?verzoek\b/i, 'een WOB-verzoek')).toBe(true);
  });

  it('gives no filter where it cannot tell (global flag, unknown syntax, no literal of three letters)', () => {
    // Act + Assess
    expect(literalFilter(/nalatenschap/gi)).toBeNull();
    expect(literalFilter(/\k<x>(?<x>abc)/)).toBeNull();
    expect(literalFilter(/ab|\d+/)).toBeNull();
    expect(literalFilter(/[^a-z]+x/)).toBeNull();
  });

  it('never keeps out a text that one of the rules matches (fixture and corpus mail, mutated)', async () => {
    // Prepare
    const texts = await mailTexts();
    const variants = texts.flatMap((t, i) => [t, mutate(t, i + 1), t.toUpperCase()]);
    let matched = 0;
    // Act + Assess
    for (const pattern of RULE_PATTERNS) {
      const table = new Uint8Array(1 << 14);
      const filter = literalFilter(pattern);
      for (const text of variants) {
        if (!pattern.test(text)) continue;
        matched++;
        table.fill(0);
        markTrigrams(table, text, 1);
        expect(possibleIn(filter, table, 1), `${pattern.source.slice(0, 60)} on ${text.slice(0, 60)}`).toBe(1);
      }
    }
    expect(matched).toBeGreaterThan(200);
  });

  it('never keeps out a rule phrase written into other text, in any case', () => {
    // Prepare: each phrase rule's own literal alternatives are matches of it, put inside a sentence
    const next = random(7);
    for (const rule of PHRASES) {
      const words = rule.pattern.source.match(/[a-z][a-z ]{3,}[a-z]/g) ?? [];
      for (const word of words) {
        const text = `Geachte raad, ${next(2) ? word.toUpperCase() : word} en verder niets.`;
        // Act + Assess
        if (rule.pattern.test(text)) expect(passes(rule.pattern, text), `${rule.id}: ${text}`).toBe(true);
      }
    }
  });
});

describe('prefilter in classify', () => {
  it('finds a topic phrase that runs across the join of two zones (own text, attached message)', () => {
    // Prepare: "sociale huur" only exists in body + ' ' + embedded; with the word "woning" it makes the topic
    const letter = (end: string) =>
      aMail({
        subject: 'Brief aan de raad',
        text: `Geachte raad,\n\nIk schrijf u over mijn woning en de ${end}`,
        attachments: [{ filename: 'brief.eml', contentType: 'message/rfc822', size: 100, sha256: '0'.repeat(64), inline: false, text: 'huur is te hoog voor ons. Wilt u dit doorsturen aan de raadsleden? Met vriendelijke groet, Jan' }],
      });
    // Act + Assess
    expect(classify(letter('sociale'), heemstede()).topics).toEqual(['wonen']);
    expect(classify(letter('sociale.'), heemstede()).topics).toEqual(['overig']);
  });
});

describe('normalise and normalisedJoin', () => {
  const reference = (text: string): string =>
    text
      .normalize('NFC')
      .replace(/[\u2018\u2019\u201a\u02bc`´]/g, "'")
      .replace(/[\u201c\u201d\u201e]/g, '"')
      .replace(/[\u00a0\u2007\u202f\u200b]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const pieces = ['a', 'Ë', 'e\u0301', '\u0301', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2007', '\u202f', '\u200b', '\u2028', '\ufeff', '‘', '’', '“', '„', '`', '´', 'raad', '.'];
  const randomText = (next: (n: number) => number): string => Array.from({ length: next(30) }, () => pieces[next(pieces.length)]).join('');

  it('gives what the chain of replacements gave', () => {
    // Prepare
    const next = random(11);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(next);
      // Act + Assess
      expect(normalise(text)).toBe(reference(text));
    }
  });

  it('collapses whitespace as /\\s+/g did (SPACE_TO_COLLAPSE, used on signature lines too)', () => {
    // Prepare
    const next = random(13);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(next);
      // Act + Assess: normalise of text without quotes, NFC changes and ZWSP is exactly the old collapse and trim
      const plain = text.replace(/[\u2018\u2019\u201a\u02bc`´\u201c\u201d\u201e\u200b\u0301]/g, 'x').replace(/e/g, 'x');
      expect(normalise(plain)).toBe(plain.replace(/\s+/g, ' ').trim());
    }
  });

  it('joins normalised texts as normalise joins the texts themselves', () => {
    // Prepare
    const next = random(12);
    for (let i = 0; i < 3000; i++) {
      const parts = Array.from({ length: next(4) }, () => randomText(next));
      // Act + Assess
      expect(normalisedJoin(parts.map(normalise))).toBe(normalise(parts.join('\n')));
      expect(normalisedJoin(parts.map(normalise))).toBe(normalise(parts.join('\n\n')));
    }
  });
});

describe('scanWords and countWords', () => {
  const pieces = ['a', 'Z', 'é', 'ß', 'ǅ', '9', '²', '٣', '-', '--', ' ', '.', '\u{1d400}', '\u{1d7ce}', '\u{1f600}', '\ud800', '\udc00', 'İ', '\u0301', '_'];

  it('finds the words the unicode regexes find', () => {
    // Prepare
    const next = random(21);
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: next(25) }, () => pieces[next(pieces.length)]).join('');
      const words = (digits: boolean, hyphens: boolean) => {
        const found: string[] = [];
        scanWords(text, digits, hyphens, (start, end) => found.push(text.slice(start, end)));
        return found;
      };
      // Act + Assess
      expect(words(false, false)).toEqual(text.match(/\p{L}+/gu) ?? []);
      expect(words(true, false)).toEqual(text.match(/[\p{L}\p{N}]+/gu) ?? []);
      expect(words(true, true)).toEqual(text.match(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu) ?? []);
      expect(words(false, true)).toEqual(text.match(/\p{L}[\p{L}-]*/gu) ?? []);
      for (const [digits, hyphens] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const plain: string[] = [];
        regexWords(text, digits, hyphens, (start, end) => plain.push(text.slice(start, end)));
        expect(words(digits, hyphens)).toEqual(plain);
      }
      expect(countWords(FAST, text)).toBe((text.match(/[\p{L}\p{N}]+/gu) ?? []).length);
    }
  });

  it('classifies every UTF-16 code unit as the regexes do', () => {
    // Prepare
    const wrong: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const unit = String.fromCharCode(c);
      // Act
      const letters = scanWords(unit, false, false, () => {});
      const words = countWords(FAST, unit);
      // Assess (collected: 65,536 expect calls would be slow)
      if (letters !== (/\p{L}/u.test(unit) ? 1 : 0) || words !== (/[\p{L}\p{N}]/u.test(unit) ? 1 : 0)) wrong.push(c);
    }
    expect(wrong).toEqual([]);
  });

  it('stops after `limit` words', () => {
    // Act
    const found: string[] = [];
    const count = scanWords('een twee drie vier', true, true, (s, e) => found.push(`${s}-${e}`), 2);
    // Assess
    expect(count).toBe(2);
    expect(found).toEqual(['0-3', '4-8']);
  });
});

describe('anyOf', () => {
  it('matches a word exactly when one of the topic word patterns does', () => {
    // Prepare
    const combined = anyOf(TOPICS.map((t) => t.words));
    const words = ['woning', 'huurwoningen', 'zorg', 'zorgen', 'care', 'careful', 'verkeersveiligheid', 'schoolroute', 'bomen', 'boom', 'booms', 'de', 'ozb', 'ozbx', 'elections', 'fiets-', 'x'];
    // Act + Assess
    expect(combined).not.toBeNull();
    for (const word of words) expect(combined?.test(word), word).toBe(TOPICS.some((t) => t.words.test(word)));
  });

  it('refuses patterns it cannot put together safely', () => {
    // Act + Assess
    expect(anyOf([/a/i, /b/])).toBeNull();
    expect(anyOf([/(a)\1/, /b/])).toBeNull();
    expect(anyOf([/a/g, /b/g])).toBeNull();
    expect(anyOf([/(?<x>a)/, /(?<x>b)/])).toBeNull();
    expect(anyOf([])).toBeNull();
  });
});
