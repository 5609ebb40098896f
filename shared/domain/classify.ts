/**
 * The classifier: an explainable weighted-signal scorer. Pure: no I/O, no clock, no parser imports.
 * What counts and how much lives in classification-rules.ts; this file only applies it.
 */
import { isForwardable, type Category, type Classification } from './category.js';
import { TRIGRAM_SLOTS, filterOf, markTrigrams, possibleIn } from './phrase-prefilter.js';
import {
  ALL_ZONES,
  BUCKETS,
  BULK_MAILERS,
  CLOSINGS,
  CONFIDENCE_TEMPERATURE,
  DUTCH_SHARE,
  DUTCH_WORDS,
  FACTS,
  FALLBACK_TOPIC,
  FREE_MAIL_DOMAINS,
  FUNCTION_TITLES,
  GATE_CONFIDENCE,
  GATES,
  GENERIC_SENDER_WORDS,
  GOVERNMENT_WORDS,
  GROUP_CAPS,
  IMPERSONATED_BRANDS,
  MAX_REASONS,
  NO_SIGNAL,
  ORGANISATION_WORDS,
  PHRASES,
  PLURAL_WORDS,
  RESIDENT_VOICE,
  SENDER_KIND,
  SHORT_LEAD_WORDS,
  SINGULAR_WORDS,
  TOPICS,
  TOPIC_MAX,
  TOPIC_MIN_SCORE,
  ZONE_FACTOR,
  type Bucket,
  type FactId,
  type PhraseRule,
  type SenderKindSignal,
  type Weights,
  type Zone,
} from './classification-rules.js';
import type { MailAddress, ParsedMail } from './mail.js';
import type { Verdicts } from './verdicts.js';

/** What the classifier needs besides the mail itself. */
export interface ClassifierContext {
  /** The SES receipt's verdicts (from the event, never from the message's own headers). */
  readonly verdicts: Verdicts;
  /** The municipality's own mail domains, lower-case (e.g. heemstede.nl); subdomains count too. */
  readonly ownDomains: readonly string[];
}

/** One signal that added (or took away) points, for explaining a decision. */
export interface Contribution {
  readonly bucket: Bucket;
  readonly points: number;
  readonly reason: string;
}

/** Everything the scorer saw: for the CLI's debugging and for tests. */
export interface ScoreDetails {
  readonly scores: Readonly<Record<Bucket, number>>;
  readonly contributions: readonly Contribution[];
  /** Set when a hard rule decided. */
  readonly gate: keyof typeof GATES | null;
}

/** Longest stretch of any one text that is looked at (keeps regexes fast on huge messages). */
const MAX_ZONE_CHARS = 200_000;

/**
 * Classifies one received message.
 * @example classify(mail, { verdicts, ownDomains: ['heemstede.nl'] }) // { category: 'advocacy_letter', forward: true, ... }
 */
export function classify(mail: ParsedMail, context: ClassifierContext): Classification {
  return classifyWithDetails(mail, context).classification;
}

/** Like `classify`, with the points per kind and every signal that counted. */
export function classifyWithDetails(mail: ParsedMail, context: ClassifierContext): { classification: Classification; details: ScoreDetails } {
  const prepared = prepare(mail, context);
  const gate = findGate(mail, context);
  if (gate) {
    const { category, reason } = GATES[gate];
    const classification: Classification = {
      category,
      confidence: GATE_CONFIDENCE,
      forward: false,
      reasons: [reason],
      organisation: null,
      topics: [],
    };
    return { classification, details: { scores: emptyScores(), contributions: [], gate } };
  }

  const contributions = collectContributions(prepared, mail, context);
  const scores = sumScores(contributions);
  if (BUCKETS.every((b) => scores[b] <= 0)) {
    const classification: Classification = {
      category: NO_SIGNAL.category,
      confidence: round(softmax(scores, 'spam')),
      forward: false,
      reasons: [NO_SIGNAL.reason],
      organisation: null,
      topics: [],
    };
    return { classification, details: { scores, contributions, gate: null } };
  }
  const winner = pickWinner(scores);
  const confidence = softmax(scores, winner);

  let category: Category;
  let kindReasons: string[] = [];
  const organisation = findOrganisation(prepared);
  if (winner === 'letter') {
    const kind = senderKind(prepared, organisation);
    category = kind.organisation ? 'advocacy_letter' : 'citizen_letter';
    kindReasons = kind.reasons;
  } else {
    category = winner;
  }

  const reasons = explain(contributions, winner, kindReasons);
  const classification: Classification = {
    category,
    confidence: round(confidence),
    forward: isForwardable(category),
    reasons,
    organisation: organisationFor(category, organisation, prepared),
    topics: category === 'auto_reply' || category === 'spam' ? [] : findTopics(prepared),
  };
  return { classification, details: { scores, contributions, gate: null } };
}

// ---------------------------------------------------------------------------------------------------------------
// Preparing the text: subject, own text, forwarded or quoted message, attachment text.
// ---------------------------------------------------------------------------------------------------------------

type EmbeddedKind = 'forward' | 'quote' | null;

interface Prepared {
  readonly subject: string;
  readonly subjectIsReply: boolean;
  readonly subjectIsForward: boolean;
  /** Own text of the sender, line structure kept. */
  readonly lead: string;
  /** A forwarded or quoted message inside the body (plus text of attached messages), line structure kept. */
  readonly embedded: string;
  readonly embeddedKind: EmbeddedKind;
  readonly attachmentTexts: readonly string[];
  /** normalise() of each attachment text. */
  readonly normalisedAttachments: readonly string[];
  /** Normalised (one line, plain quotes) per zone, for phrase matching. */
  readonly zones: Readonly<Record<Zone, string>>;
  /** The three-letter pieces of the zones (ZONE_BIT per zone) and of topicText (TOPIC_TEXT_BIT), for the prefilter. */
  readonly trigrams: Uint8Array;
  /** Body, embedded and attachment zones joined by spaces: where topics are looked for. */
  readonly topicText: string;
  /** Words of own text, counted up to SHORT_LEAD_WORDS (all that is asked is whether there are that many). */
  readonly leadWords: number;
  /** The author of the forwarded message, when the forward says so. */
  readonly original: MailAddress | null;
  /** Who wrote the letter: the original author of a forward, else the From. */
  readonly author: MailAddress | null;
  readonly from: MailAddress | null;
  readonly ownDomains: readonly string[];
}

const REPLY_PREFIX = /^\s*(re|antw|aw|sv|vs|réf)\s*(\[\d+\])?\s*:\s*/i;
const FORWARD_PREFIX = /^\s*(fw|fwd|tr|wg|doorst|doorgestuurd|fw\.)\s*(\[\d+\])?\s*:\s*/i;

function prepare(mail: ParsedMail, context: ClassifierContext): Prepared {
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
  const trigrams = new Uint8Array(TRIGRAM_SLOTS);
  markTrigrams(trigrams, body, RAW_BODY_BIT);
  const split = splitBody(body, subjectIsReply, subjectIsForward, trigrams);
  const attachedMessages = mail.attachments
    .filter((a) => a.contentType === 'message/rfc822' && a.text)
    .map((a) => a.text ?? '');
  const attachmentTexts = mail.attachments
    .filter((a) => a.contentType !== 'message/rfc822' && a.text)
    .map((a) => (a.text ?? '').slice(0, MAX_ZONE_CHARS));
  const embedded = [split.embedded, ...attachedMessages].filter(Boolean).join('\n\n').slice(0, MAX_ZONE_CHARS);
  const embeddedKind: EmbeddedKind = split.kind ?? (attachedMessages.length > 0 ? 'forward' : null);
  const original = split.original ?? (attachedMessages.length > 0 ? originalFromHeaderBlock(attachedMessages[0] ?? '') : null);
  const from = mail.from && (mail.from.address || mail.from.name) ? mail.from : null;
  // A forward with a short note is the original author's letter; with a long note the forwarder speaks.
  const leadWords = countWords(split.lead, SHORT_LEAD_WORDS);
  const author = embeddedKind === 'forward' && original?.address && leadWords < SHORT_LEAD_WORDS ? original : from;
  const normalisedAttachments = attachmentTexts.map(normalise);

  const zones: Record<Zone, string> = {
    subject: normalise(subject),
    body: normalise(split.lead),
    embedded: normalise(embedded),
    attachment: normalisedJoin(normalisedAttachments), // = normalise(attachmentTexts.join('\n\n'))
  };
  markTrigrams(trigrams, zones.subject, ZONE_BIT.subject);
  // Topics are looked for in body, embedded and attachment joined by spaces: their pieces, and those across a join.
  markTrigrams(trigrams, zones.body, ZONE_BIT.body | TOPIC_TEXT_BIT);
  markTrigrams(trigrams, zones.embedded, ZONE_BIT.embedded | TOPIC_TEXT_BIT);
  markTrigrams(trigrams, zones.attachment, ZONE_BIT.attachment | TOPIC_TEXT_BIT);
  const topicText = [zones.body, zones.embedded, zones.attachment].join(' ');
  for (const join of [zones.body.length, zones.body.length + 1 + zones.embedded.length]) {
    markTrigrams(trigrams, topicText.slice(Math.max(0, join - 2), join + 3), TOPIC_TEXT_BIT);
  }
  return {
    subject,
    subjectIsReply,
    subjectIsForward,
    lead: split.lead,
    embedded,
    embeddedKind,
    attachmentTexts,
    zones,
    trigrams,
    topicText,
    normalisedAttachments,
    leadWords,
    original,
    author,
    from,
    ownDomains: context.ownDomains.map((d) => d.toLowerCase()),
  };
}

const FORWARD_MARKERS: readonly RegExp[] = [
  /^[ \t>]*-{2,}\s*(forwarded message|doorgestuurd bericht|weitergeleitete nachricht|message transf[ée]r[ée])\s*-{2,}/im,
  /^[ \t>]*(begin forwarded message|begin doorgestuurd bericht|doorgestuurd bericht|forwarded message)\s*:?[ \t]*$/im,
];
const ORIGINAL_MARKERS: readonly RegExp[] = [
  /^[ \t>]*-{2,}\s*(original message|oorspronkelijk bericht|origineel bericht|originele bericht|urspr[üu]ngliche nachricht)\s*-{2,}/im,
  // Outlook: "Van: ... / Verzonden: ..." (optionally under a line of underscores).
  /^[ \t]*\*?(van|from)\s*:\*?[ \t][^\n]*\n[ \t]*\*?(verzonden|sent|datum|date|aan|to)\s*:/im,
  /^[ \t]*\*?(van|from)\s*:\*?[ \t]*\n[ \t]*\*?(verzonden|sent|datum|date)\s*:/im,
];
const REPLY_MARKERS: readonly RegExp[] = [
  /^[ \t]*(op|on|le|am)\s[^\n]{0,200}(\n[^\n]{0,200})?\s(schreef|wrote|a écrit|schrieb)[^\n]{0,120}:[ \t]*$/im,
  /^(>[^\n]*\n){2,}/m,
];

interface SplitBody {
  lead: string;
  embedded: string;
  kind: EmbeddedKind;
  original: MailAddress | null;
}

/** Marks, in Prepared.trigrams, the pieces of the body before it is split (for the markers below). */
const RAW_BODY_BIT = 32;

/** Whether `pattern` can match the text marked with `bit` in `trigrams` (false only when it cannot). */
const mayMatch = (pattern: RegExp, trigrams: Uint8Array, bit: number): boolean => (possibleIn(filterOf(pattern), trigrams, bit) & bit) !== 0;

/** Splits the body into the sender's own text and a forwarded or quoted message below it; `trigrams`: the body's, under RAW_BODY_BIT. */
function splitBody(body: string, subjectIsReply: boolean, subjectIsForward: boolean, trigrams: Uint8Array): SplitBody {
  let best: { index: number; kind: EmbeddedKind } | null = null;
  const consider = (patterns: readonly RegExp[], kind: EmbeddedKind) => {
    for (const pattern of patterns) {
      const m = mayMatch(pattern, trigrams, RAW_BODY_BIT) ? pattern.exec(body) : null;
      if (m && (best === null || m.index < best.index)) best = { index: m.index, kind };
    }
  };
  consider(FORWARD_MARKERS, 'forward');
  consider(ORIGINAL_MARKERS, subjectIsReply && !subjectIsForward ? 'quote' : 'forward');
  consider(REPLY_MARKERS, subjectIsForward ? 'forward' : 'quote');
  if (best === null) {
    const form = webForm(body, trigrams);
    return form ? { lead: '', embedded: body, kind: 'forward', original: form } : { lead: body, embedded: '', kind: null, original: null };
  }
  const { index, kind } = best as { index: number; kind: EmbeddedKind };
  const lead = body.slice(0, index).replace(/_{8,}\s*$/, '');
  const rest = body.slice(index);
  const embedded = rest
    .split('\n')
    .map((line) => line.replace(/^(\s*>)+ ?/, ''))
    .join('\n');
  return { lead, embedded, kind, original: originalFromHeaderBlock(embedded) };
}

const WEB_FORM_EMAIL = /^[ \t]*\*?(?:e-?mail(?:adres)?|email address|uw e-?mailadres)\s*:\*?[ \t]*([^\s@<>]+@[^\s@<>]+\.[a-z]{2,})/im;
const WEB_FORM_NAME = /^[ \t]*\*?(?:naam|name|uw naam|voornaam en achternaam)\s*:\*?[ \t]*(.+)$/im;
const WEB_FORM_MESSAGE = /^[ \t]*\*?(?:bericht|message|toelichting|uw (?:vraag|bericht|reactie)|opmerking(?:en)?|vraag)\s*:/im;

/**
 * A message composed by a web form or ticket system on someone's behalf ("Naam: ... E-mailadres: ... Bericht: ...").
 * The person in the form is the author, not the system that sent it.
 */
function webForm(body: string, trigrams: Uint8Array): MailAddress | null {
  // The head is part of the body, so the body's trigrams tell where the patterns cannot match.
  if (!mayMatch(WEB_FORM_EMAIL, trigrams, RAW_BODY_BIT) || !mayMatch(WEB_FORM_MESSAGE, trigrams, RAW_BODY_BIT)) return null;
  const head = body.slice(0, 3000);
  const email = WEB_FORM_EMAIL.exec(head);
  const name = WEB_FORM_NAME.exec(head);
  const message = WEB_FORM_MESSAGE.test(head);
  if (!email?.[1] || !message) return null;
  return { name: name?.[1]?.trim() ?? '', address: email[1].toLowerCase() };
}

/** The "Van:/From:" of a forwarded header block, or the author in "Op ... schreef Naam <adres>:". */
function originalFromHeaderBlock(text: string): MailAddress | null {
  const head = text.slice(0, 1500);
  const from = /^[ \t]*\*?(?:van|from|afzender)\s*:\*?[ \t]*([^\n]*)$/im.exec(head);
  if (from?.[1] && from[1].trim() !== '') return parseAddress(from[1]);
  const wrote = /^[ \t]*(?:op|on)\s[^\n]{0,250}?(?:\n[^\n]{0,200}?)?(?:schreef|wrote)[^\n]{0,120}:/im.exec(head);
  if (wrote && /@/.test(wrote[0])) return parseAddress(wrote[0].replace(/^[\s\S]*?(?:\d{1,2}:\d{2}|\d{4})\s*(?:uur)?,?\s*/, ''));
  return null;
}

function parseAddress(value: string): MailAddress {
  const address = (/<([^>\s]+@[^>\s]+)>/.exec(value)?.[1] ?? /mailto:([^\]\s>]+)/i.exec(value)?.[1] ?? /([\w.+'-]+@[\w-]+(\.[\w-]+)+)/.exec(value)?.[1] ?? '')
    .toLowerCase()
    .replace(/[.,;]$/, '');
  const name = value
    .replace(/<[^>]*>|\[mailto:[^\]]*\]/gi, '')
    .replace(/[\w.+'-]+@[\w-]+(\.[\w-]+)+/g, '')
    .replace(/["']/g, '')
    .trim();
  return { name, address };
}

const TYPOGRAPHIC_QUOTES = /[\u2018\u2019\u201a\u02bc`´\u201c\u201d\u201e]/;
/** Whitespace to rewrite: a run of two or more, or one character other than a plain space (same result as /\s+/ -> ' ', fewer replacements). */
const SPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

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

/** The number of runs of letters and digits (/[\p{L}\p{N}]+/gu), counted up to `limit`. */
export const countWords = (text: string, limit = Infinity): number => scanWords(text, true, false, () => {}, limit);

const LONGEST_DUTCH_WORD = Math.max(...[...DUTCH_WORDS].map((w) => w.length));

function isDutch(text: string): boolean {
  const lower = text.slice(0, 20_000).toLowerCase();
  let dutch = 0;
  const words = scanWords(lower, false, false, (start, end) => {
    if (end - start <= LONGEST_DUTCH_WORD && DUTCH_WORDS.has(lower.slice(start, end))) dutch++;
  });
  if (words < 8) return false;
  return dutch / words >= DUTCH_SHARE;
}

// ---------------------------------------------------------------------------------------------------------------
// Hard rules.
// ---------------------------------------------------------------------------------------------------------------

function findGate(mail: ParsedMail, { verdicts }: ClassifierContext): keyof typeof GATES | null {
  const h = mail.headers;
  if (h.raadspostId) return 'ownForward';
  if (verdicts.virus === 'FAIL') return 'virus';
  if (verdicts.spam === 'FAIL') return 'spamVerdict';
  if (h.contentType === 'multipart/report') {
    if (h.reportType === 'delivery-status') return 'deliveryReport';
    if (h.reportType === 'disposition-notification') return 'readReport';
    return 'otherReport';
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Signals and points.
// ---------------------------------------------------------------------------------------------------------------

interface Hit {
  readonly group: string;
  readonly weights: Weights;
  readonly factor: number;
  readonly reason: string;
}

function collectContributions(p: Prepared, mail: ParsedMail, context: ClassifierContext): Contribution[] {
  const hits: Hit[] = [];
  const matched = new Set<string>();

  for (const rule of PHRASES) {
    const factor = matchRule(rule, p, possibleIn(filterOf(rule.pattern), p.trigrams, ALL_ZONE_BITS));
    if (factor > 0) {
      matched.add(rule.id);
      hits.push({ group: rule.group ?? rule.id, weights: rule.weights, factor, reason: rule.reason });
    }
  }

  const facts = findFacts(p, mail, context, matched);
  for (const [id, detail] of facts) {
    const fact = FACTS[id];
    hits.push({ group: fact.group ?? `fact:${id}`, weights: fact.weights, factor: 1, reason: fact.reason.replace('{}', detail) });
  }
  return capGroups(hits);
}

const ZONE_BIT: Readonly<Record<Zone, number>> = { subject: 1, body: 2, embedded: 4, attachment: 8 };
const ALL_ZONE_BITS = 15;

/** The highest zone factor at which the rule matches (0: no match); `possible`: the ZONE_BITs where it can match at all. */
function matchRule(rule: PhraseRule, p: Prepared, possible: number): number {
  let best = 0;
  for (const zone of rule.in ?? ALL_ZONES) {
    if ((possible & ZONE_BIT[zone]) === 0) continue;
    const factor = zoneFactor(zone, p);
    if (factor <= best) continue;
    const text = p.zones[zone];
    if (text !== '' && matches(rule, text)) best = factor;
  }
  return best;
}

function zoneFactor(zone: Zone, p: Prepared): number {
  if (zone !== 'embedded') return ZONE_FACTOR[zone];
  if (p.embeddedKind === 'quote' && p.leadWords >= SHORT_LEAD_WORDS) return ZONE_FACTOR.quoted;
  return ZONE_FACTOR.forwarded;
}

const globalCopies = new WeakMap<RegExp, RegExp>();

function matches(rule: PhraseRule, text: string): boolean {
  if (!rule.unless) return rule.pattern.test(text);
  let global = globalCopies.get(rule.pattern);
  if (!global) {
    global = new RegExp(rule.pattern.source, rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`);
    globalCopies.set(rule.pattern, global);
  }
  global.lastIndex = 0;
  let count = 0;
  for (let m = global.exec(text); m !== null && count < 20; m = global.exec(text), count++) {
    if (m[0] === '') global.lastIndex++;
    if (!rule.unless.test(sentenceAround(text, m.index, m[0].length))) return true;
  }
  return false;
}

function sentenceAround(text: string, index: number, length: number): string {
  const before = text.slice(Math.max(0, index - 200), index);
  const start = Math.max(before.lastIndexOf('. '), before.lastIndexOf('? '), before.lastIndexOf('! '));
  const after = text.slice(index + length, index + length + 200);
  const ends = [after.indexOf('. '), after.indexOf('? '), after.indexOf('! ')].filter((i) => i >= 0);
  const end = ends.length > 0 ? Math.min(...ends) : after.length;
  return before.slice(start + 1) + text.slice(index, index + length) + after.slice(0, end);
}

/** Within one group, points per kind add up to the group's cap; negative points are never capped. */
function capGroups(hits: readonly Hit[]): Contribution[] {
  const totals = new Map<string, number>();
  const out: Contribution[] = [];
  for (const hit of hits) {
    for (const bucket of BUCKETS) {
      const weight = hit.weights[bucket];
      if (weight === undefined || weight === 0) continue;
      const raw = weight * hit.factor;
      if (raw < 0) {
        out.push({ bucket, points: raw, reason: hit.reason });
        continue;
      }
      const key = `${hit.group}/${bucket}`;
      const cap = GROUP_CAPS[hit.group] ?? Number.POSITIVE_INFINITY;
      const used = totals.get(key) ?? 0;
      const points = Math.min(raw, Math.max(0, cap - used));
      totals.set(key, used + points);
      if (points > 0) out.push({ bucket, points, reason: hit.reason });
    }
  }
  return out;
}

function findFacts(p: Prepared, mail: ParsedMail, { verdicts }: ClassifierContext, matched: ReadonlySet<string>): Map<FactId, string> {
  const facts = new Map<FactId, string>();
  const h = mail.headers;
  const from = p.from;
  const fromDomain = domainOf(from?.address);
  const authorDomain = domainOf(p.author?.address);

  if (h.autoSubmitted && h.autoSubmitted !== 'no') facts.set('autoSubmitted', h.autoSubmitted);
  if (h.xAutoResponseSuppress) facts.set('autoResponseSuppress', '');
  if (h.precedence === 'auto_reply') facts.set('precedenceAutoReply', '');
  if (h.precedence && /^(bulk|list|junk)$/.test(h.precedence)) facts.set('precedenceBulk', h.precedence);
  if (h.listUnsubscribe) facts.set('listUnsubscribe', '');
  if (h.listId) facts.set('listId', '');
  const mailer = h.mailer ? BULK_MAILERS.exec(h.mailer) : null;
  if (mailer) facts.set('bulkMailer', mailer[0]);
  if (mail.to.length === 0 || mail.to.some((a) => /undisclosed|verborgen|niet (openbaar|bekend)/i.test(a.name))) facts.set('undisclosedRecipients', '');
  if (h.inReplyTo) facts.set('isReply', '');
  if (p.subjectIsReply && !h.inReplyTo && p.embeddedKind !== 'quote') facts.set('fakeReply', '');
  if (
    h.contentType === 'text/calendar' ||
    mail.attachments.some((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics' || /\.ics$/i.test(a.filename ?? ''))
  ) {
    facts.set('calendar', '');
  }

  const local = from?.address.split('@')[0] ?? '';
  if (/^(mailer-daemon|postmaster|mail-daemon)$/i.test(local) || /mail delivery (system|subsystem)/i.test(from?.name ?? '')) {
    facts.set('mailerDaemon', from?.address ?? '');
  } else if (/^(no-?reply|do-?not-?reply|donotreply|noreply)/i.test(local)) {
    facts.set('noReplySender', '');
  }

  // The own organisation: authenticated mail from an own domain, unless it forwards someone else's letter.
  const authFailed = verdicts.dmarc === 'FAIL' || verdicts.spf === 'FAIL';
  if (fromDomain && isOwnDomain(fromDomain, p.ownDomains)) {
    if (authFailed) facts.set('ownDomainSpoofed', '');
    else if (p.embeddedKind === 'forward' && authorDomain && !isOwnDomain(authorDomain, p.ownDomains)) facts.set('ownDomainForwarder', fromDomain);
    else facts.set('ownDomain', fromDomain);
  } else if (authorDomain && isOwnDomain(authorDomain, p.ownDomains) && !authFailed) {
    facts.set('ownDomain', authorDomain);
  }
  if (fromDomain && !isOwnDomain(fromDomain, p.ownDomains) && isLookalike(fromDomain, p.ownDomains)) facts.set('ownDomainLookalike', fromDomain);

  const displayName = from?.name ?? '';
  const brand = IMPERSONATED_BRANDS.find((b) => b.pattern.test(displayName));
  if (brand && fromDomain && !brand.domains.some((d) => fromDomain === d || fromDomain.endsWith(`.${d}`))) facts.set('brandImpersonation', brand.name);
  const nameAddress = /[\w.+-]+@([\w-]+(\.[\w-]+)+)/.exec(displayName);
  if (nameAddress?.[1] && fromDomain && nameAddress[1].toLowerCase() !== fromDomain) facts.set('displayNameAddress', nameAddress[0]);

  if (verdicts.dmarc === 'FAIL') facts.set('dmarcFail', '');
  if (verdicts.spf === 'FAIL') facts.set('spfFail', '');
  if (verdicts.dkim === 'FAIL') facts.set('dkimFail', '');
  const freeReplyTo = mail.replyTo.map((a) => domainOf(a.address)).find((d) => d && d !== fromDomain && isFreeMail(d));
  if (freeReplyTo && fromDomain && !isFreeMail(fromDomain)) facts.set('freeMailReplyTo', freeReplyTo);

  const letterFile = mail.attachments.find(
    (a) =>
      /(brief|letter|petitie|petition|zienswijze|motie|oproep|standpunt|position|manifest|reactie)/i.test(a.filename ?? '') &&
      /pdf|word|document|text\/plain|rtf|opendocument/i.test(a.contentType),
  );
  if (letterFile) facts.set('letterAttachment', letterFile.filename ?? '');
  if (mail.attachments.some((a) => a.contentType === 'message/rfc822' && !a.text)) facts.set('forwardedAttachmentUnread', '');

  const addressed = ['addressed-council', 'addressed-to-council', 'addressed-council-en'].some((id) => matched.has(id));
  const asks = ['ask-council', 'ask-question', 'ask-own', 'writing-to-you', 'concern'].some((id) => matched.has(id));
  const letterCore =
    ['distribution-request', 'distribution-receive', 'letter-subject', 'letter-kind', 'letter-to-council', 'motion-other-council'].some((id) =>
      matched.has(id),
    ) ||
    (addressed && asks);
  if (letterCore) facts.set('letterToCouncil', '');
  const invitationCore =
    facts.has('calendar') ||
    matched.has('inv-subject') ||
    matched.has('inv-distribution') ||
    (matched.has('inv-invite') && (matched.has('inv-rsvp') || matched.has('inv-time-range')));
  if (invitationCore) facts.set('invitationCore', '');

  if (isDutch(`${p.zones.subject} ${p.zones.body} ${p.zones.embedded} ${p.zones.attachment}`)) facts.set('dutchText', '');
  return facts;
}

const domainOf = (address: string | undefined | null): string => {
  const at = address?.lastIndexOf('@') ?? -1;
  return at >= 0 && address ? address.slice(at + 1).toLowerCase().replace(/[>\s.]+$/, '') : '';
};

const isOwnDomain = (domain: string, own: readonly string[]): boolean => own.some((d) => domain === d || domain.endsWith(`.${d}`));

const isFreeMail = (domain: string): boolean => FREE_MAIL_DOMAINS.includes(domain);

/** heemstede-nl.info, heemstede.info, gemeenteheemstede.com, heemstede-login.nl: not ours but made to look so. */
function isLookalike(domain: string, own: readonly string[]): boolean {
  const label = domain.replace(/\.[a-z]+$/, '').replace(/[^a-z0-9]/g, '');
  return own.some((d) => {
    const base = d.replace(/\.[a-z]+$/, '').replace(/[^a-z0-9]/g, '');
    if (base.length < 4) return false;
    return (
      label === base ||
      label === `gemeente${base}` ||
      (label.startsWith(base) && /^(nl|gemeente|login|secure|mail|portal|support|it|servicedesk|verify|verificatie|account|office)+$/.test(label.slice(base.length)))
    );
  });
}

function sumScores(contributions: readonly Contribution[]): Record<Bucket, number> {
  const scores = emptyScores();
  for (const c of contributions) scores[c.bucket] += c.points;
  return scores;
}

function emptyScores(): Record<Bucket, number> {
  return Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Record<Bucket, number>;
}

/** Highest points win; on a tie the earlier kind in BUCKETS (a letter first: better offered than lost). */
function pickWinner(scores: Readonly<Record<Bucket, number>>): Bucket {
  let winner: Bucket = BUCKETS[0];
  for (const bucket of BUCKETS) if (scores[bucket] > scores[winner] + 1e-9) winner = bucket;
  return winner;
}

function softmax(scores: Readonly<Record<Bucket, number>>, winner: Bucket): number {
  const exps = BUCKETS.map((b) => Math.exp(scores[b] / CONFIDENCE_TEMPERATURE));
  const total = exps.reduce((a, b) => a + b, 0);
  return Math.exp(scores[winner] / CONFIDENCE_TEMPERATURE) / total;
}

const round = (n: number): number => Math.round(n * 100) / 100;

function explain(contributions: readonly Contribution[], winner: Bucket, extra: readonly string[]): string[] {
  const byReason = new Map<string, number>();
  for (const c of contributions) if (c.bucket === winner && c.points > 0) byReason.set(c.reason, (byReason.get(c.reason) ?? 0) + c.points);
  const ranked = [...byReason.entries()].sort((a, b) => b[1] - a[1]).map(([reason]) => reason);
  const reasons = [...ranked.slice(0, MAX_REASONS - Math.min(extra.length, 2)), ...extra.slice(0, 2)];
  return reasons.length > 0 ? reasons : ['geen duidelijke kenmerken; behandeld als brief'];
}

// ---------------------------------------------------------------------------------------------------------------
// Advocacy or citizen letter.
// ---------------------------------------------------------------------------------------------------------------

function senderKind(p: Prepared, organisation: Found | null): { organisation: boolean; reasons: string[] } {
  const signals: [SenderKindSignal, string][] = [];
  const domain = domainOf(p.author?.address);
  if (organisation && organisation.source !== 'domain') signals.push(['organisationNamed', organisation.name]);
  if (domain && !isFreeMail(domain) && !isOwnDomain(domain, p.ownDomains)) signals.push(['organisationDomain', domain]);
  if (organisation && GOVERNMENT_WORDS.test(organisation.name)) signals.push(['governmentBody', '']);
  const text = [p.lead, p.embedded, ...p.attachmentTexts].join('\n');
  const singular = (text.match(SINGULAR_WORDS) ?? []).length;
  const plural = (text.match(PLURAL_WORDS) ?? []).length;
  if (plural >= 2 && plural >= 2 * singular) signals.push(['pluralVoice', '']);
  else if (singular >= 2 && singular >= 2 * plural) signals.push(['singularVoice', '']);
  // normalise(text), from the texts normalised already.
  if (RESIDENT_VOICE.test(normalisedJoin([p.zones.body, p.zones.embedded, ...p.normalisedAttachments]))) signals.push(['residentVoice', '']);
  if (domain && isFreeMail(domain)) signals.push(['freeMail', domain]);
  if (!organisation) signals.push(['noOrganisationName', '']);

  let org = 0;
  let priv = 0;
  const reasons: { side: 'organisation' | 'private'; weight: number; reason: string }[] = [];
  for (const [id, detail] of signals) {
    const s = SENDER_KIND[id];
    if (s.side === 'organisation') org += s.weight;
    else priv += s.weight;
    reasons.push({ side: s.side, weight: s.weight, reason: s.reason.replace('{}', detail) });
  }
  const isOrg = org > priv;
  const side = isOrg ? 'organisation' : 'private';
  return {
    organisation: isOrg,
    reasons: reasons
      .filter((r) => r.side === side)
      .sort((a, b) => b.weight - a.weight)
      .map((r) => r.reason),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The organisation's name.
// ---------------------------------------------------------------------------------------------------------------

interface Found {
  readonly name: string;
  readonly source: 'namens' | 'signature' | 'display' | 'letterhead' | 'als' | 'domain';
  readonly score: number;
}

function organisationFor(category: Category, found: Found | null, p: Prepared): string | null {
  if (category === 'citizen_letter' || category === 'spam') return null;
  if (found) return found.name;
  const domain = domainOf(p.author?.address);
  if (!domain || isFreeMail(domain)) return null;
  if (category === 'auto_reply') return null;
  return domain;
}

const NAME_TOKEN = "[\\p{Lu}\\d][\\p{L}\\p{N}.&'’-]*";
const CONNECTOR = "(?:van|voor|de|der|den|het|en|in|op|aan|'t|&|of|for|the|and|afdeling|regio|kring)";
const NAME_SPAN = `${NAME_TOKEN}(?: (?:${CONNECTOR} )*(?:${NAME_TOKEN}|\\(${NAME_TOKEN}\\)))*`;
const NAMENS = new RegExp(
  `\\b(?:[Nn]amens|[Oo]n behalf of) (?:het bestuur van |de leden van |het bestuur en de leden van |the )?(?:de |het |onze |ons |our )?(${NAME_SPAN})`,
  'gu',
);
const ALS_WIJ = new RegExp(`\\b[Aa]ls (${NAME_SPAN}),? (?:zitten|maken|vragen|willen|zijn|hebben|zien|staan|pleiten|roepen) (?:wij|we)\\b`, 'gu');
const SPAN_ONLY = new RegExp(`^${NAME_SPAN}$`, 'u');
/** Lower-case words allowed inside an organisation's name ("Fietsersbond afdeling Zuid-Kennemerland"). */
const LOWER_IN_NAME = /^(afdeling|regio|kring|district|gemeente|provincie|stichting|vereniging|voor|van|de|der|den|het|en|in|op|aan|'t|&|of|for|the|and|e\.?v\.?|b\.?v\.?|n\.?v\.?)$/i;

/** A name, not a sentence: at most eight words, every lower-case word one that occurs in names. */
function isNameLike(name: string): boolean {
  const tokens = name.split(/\s+/).filter(Boolean);
  return tokens.length > 0 && tokens.length <= 8 && /^[\p{Lu}\d]/u.test(name) && tokens.every((t) => /^[\p{Lu}\d(]/u.test(t) || LOWER_IN_NAME.test(t));
}

function findOrganisation(p: Prepared): Found | null {
  const candidates: Found[] = [];
  const add = (raw: string, source: Found['source'], base: number) => {
    const name = cleanName(raw);
    if (!name || name.length < 3 || name.length > 80) return;
    if (/@|https?:|www\./i.test(name) || !isNameLike(name)) return;
    const hasOrgWord = ORGANISATION_WORDS.test(name);
    if (!hasOrgWord && source !== 'signature' && source !== 'display') return;
    candidates.push({ name, source, score: base + (hasOrgWord ? 3 : 0) });
  };
  const texts = [p.lead, p.embedded, ...p.attachmentTexts];
  const flat = [p.zones.body, p.zones.embedded, ...p.normalisedAttachments].join('\n'); // = texts.map(normalise).join('\n')

  for (const m of flat.matchAll(NAMENS)) if (m[1]) add(m[1], 'namens', 2);
  for (const text of texts) for (const c of signatureCandidates(text, flat)) add(c.name, 'signature', 2 + c.bonus);
  // Only the author's own name: a colleague forwarding a letter is not its sender.
  for (const c of displayNameCandidates(p.author)) add(c.name, 'display', 1 + c.bonus);
  for (const text of p.attachmentTexts) {
    const head = text.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 4);
    for (const line of head) if (!/^(aan|geachte|betreft|onderwerp|datum|to|dear)\b/i.test(line)) add(line.split(/\s[|–—]\s/)[0] ?? line, 'letterhead', 1);
  }
  for (const m of flat.matchAll(ALS_WIJ)) if (m[1]) add(m[1], 'als', 1);

  if (candidates.length === 0) return null;
  return candidates.reduce((best, c) => (c.score > best.score ? c : best));
}

/** Organisation names in the lines after a closing ("Met vriendelijke groet, / naam / functie / Organisatie"). */
function signatureCandidates(text: string, flat: string): { name: string; bonus: number }[] {
  const lines = text.split('\n').map((l) => l.replace(SPACE_TO_COLLAPSE, ' ').trim()); // = l.replace(/\s+/g, ' ').trim()
  const out: { name: string; bonus: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!CLOSINGS.test(lines[i] ?? '') || (lines[i] ?? '').length > 60) continue;
    // "Met vriendelijke groet, Stichting X" on one line.
    const sameLine = (lines[i] ?? '').replace(CLOSINGS, '').replace(/^[\s,:]+/, '');
    const block = [sameLine, ...lines.slice(i + 1, i + 12)].filter((l) => l !== '').slice(0, 8);
    block.forEach((line, n) => {
      if (line.length > 90 || /@|https?:|www\.|postbus|^\+?\d[\d\s()-]{6,}$|^[tfme]\.? ?\+?\d/i.test(line)) return;
      for (const piece of line.split(/\s*[|–—,]\s*|\s-\s/)) {
        const stripped = piece.replace(FUNCTION_TITLES, '').trim();
        const hadTitle = stripped !== piece.trim();
        if (ORGANISATION_WORDS.test(stripped) && /^[\p{Lu}\d]/u.test(stripped)) out.push({ name: stripped, bonus: 0 });
        else if (ORGANISATION_WORDS.test(stripped) && hadTitle) out.push({ name: stripped, bonus: 0 });
        else if (hadTitle && SPAN_ONLY.test(stripped) && !GENERIC_SENDER_WORDS.test(stripped)) out.push({ name: stripped, bonus: 1.5 });
        else if (n === 0 && SPAN_ONLY.test(stripped) && occurrences(flat, stripped) >= (looksLikePerson(stripped) ? 4 : 3)) {
          out.push({ name: stripped, bonus: 1 });
        }
      }
    });
  }
  return out;
}

function displayNameCandidates(sender: MailAddress | null): { name: string; bonus: number }[] {
  const display = sender?.name ?? '';
  if (!display || display.includes('@')) return [];
  const domain = domainOf(sender?.address);
  const label = isFreeMail(domain) ? '' : domain.replace(/\.[a-z]+$/, '').replace(/[^a-z0-9]/g, '');
  const out: { name: string; bonus: number }[] = [];
  for (const piece of display.split(/\s*[|–—,()]\s*|\s-\s/)) {
    const stripped = piece.replace(FUNCTION_TITLES, '').trim();
    if (!stripped || GENERIC_SENDER_WORDS.test(stripped)) continue;
    const squashed = stripped.toLowerCase().replace(/[^a-z0-9]/g, '');
    // "Cultuurpodium Heemstede" <info@cultuurpodiumheemstede.nl>: the name is the domain, so not a person.
    if (squashed.length >= 6 && label.includes(squashed)) out.push({ name: stripped, bonus: 2 });
    else if (ORGANISATION_WORDS.test(stripped)) out.push({ name: stripped, bonus: 0 });
    else if (!looksLikePerson(stripped) && /^[\p{Lu}\d]/u.test(stripped) && (/[.\d]|\p{Ll}\p{Lu}/u.test(stripped) || stripped.split(' ').length >= 2)) {
      out.push({ name: stripped, bonus: 1 });
    }
  }
  return out;
}

const TUSSENVOEGSEL = /^(van|de|der|den|ter|ten|te|het|'t|el|al|da|di|du|le|la|von|op|in|v\.d\.)$/i;

/** "Anneke de Wit", "J. (Joop) van Dam", "A.M. Stol": capitalised words, initials and tussenvoegsels only. */
function looksLikePerson(name: string): boolean {
  if (ORGANISATION_WORDS.test(name)) return false;
  const tokens = name.split(/\s+/).filter(Boolean);
  if (tokens.length === 0 || tokens.length > 6) return false;
  return tokens.every(
    (t) =>
      /^\p{Lu}[\p{Ll}'’]+(-\p{Lu}?[\p{Ll}'’]+)?$/u.test(t) ||
      /^(\p{Lu}\.)+$/u.test(t) ||
      /^\(\p{Lu}[\p{Ll}]+\)$/u.test(t) ||
      TUSSENVOEGSEL.test(t),
  );
}

function occurrences(text: string, needle: string): number {
  if (needle.length < 4) return 0;
  let count = 0;
  for (let i = text.indexOf(needle); i >= 0 && count < 10; i = text.indexOf(needle, i + needle.length)) count++;
  return count;
}

function cleanName(raw: string): string {
  let name = raw
    .replace(/\s+/g, ' ')
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/[\s,.;:]+$/, '')
    .replace(/^(de|het|the)\s+/i, '')
    .trim();
  // Trailing connectors left by the span ("Vereniging X en").
  name = name.replace(new RegExp(`(\\s${CONNECTOR})+$`, 'iu'), '').trim();
  // "Griffie gemeente X" writes for the municipality.
  name = name.replace(/^griffie (van )?(de )?gemeente\b/i, 'gemeente');
  return name.charAt(0).toUpperCase() + name.slice(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Topics.
// ---------------------------------------------------------------------------------------------------------------

/** Marks, in Prepared.trigrams, the pieces of Prepared.topicText. */
const TOPIC_TEXT_BIT = 16;

/**
 * One regex that matches where any of `patterns` matches (an alternation of them), or null when they cannot be put
 * together safely (different flags, a global or sticky one, back references).
 */
export function anyOf(patterns: readonly RegExp[]): RegExp | null {
  const flags = patterns[0]?.flags ?? '';
  if (patterns.length === 0 || patterns.some((re) => re.flags !== flags || /[gy]/.test(re.flags) || /\\[1-9]|\\k</.test(re.source))) return null;
  try {
    return new RegExp(patterns.map((re) => `(?:${re.source})`).join('|'), flags);
  } catch (err) {
    if (err instanceof SyntaxError) return null; // e.g. two patterns with a group of the same name
    throw err;
  }
}

/** Most words belong to no topic: one test sets them aside. */
const ANY_TOPIC_WORD = anyOf(TOPICS.map((t) => t.words));

/** The distinct lower-case words among the first 50,000 of `text` that can belong to a topic. */
function topicWords(text: string): string[] {
  const lower = text.toLowerCase();
  const words = new Set<string>();
  scanWords(lower, true, true, (start, end) => words.add(lower.slice(start, end)), 50_000);
  return ANY_TOPIC_WORD ? [...words].filter((w) => ANY_TOPIC_WORD.test(w)) : [...words];
}

function findTopics(p: Prepared): string[] {
  const subject = p.zones.subject;
  const text = p.topicText;
  const textWords = topicWords(text);
  const subjectWords = topicWords(subject);
  const scored: { topic: string; score: number }[] = [];
  for (const { topic, name, words, phrases } of TOPICS) {
    const nameIn = possibleIn(filterOf(name), p.trigrams, ZONE_BIT.subject | TOPIC_TEXT_BIT);
    let score = 0;
    if (nameIn & ZONE_BIT.subject && name.test(subject)) score += 4;
    else if (nameIn & TOPIC_TEXT_BIT && name.test(text)) score += 2;
    const phrase = phrases ? (possibleIn(filterOf(phrases), p.trigrams, TOPIC_TEXT_BIT) & TOPIC_TEXT_BIT) !== 0 && phrases.test(text) : false;
    score += Math.min(4, textWords.filter((w) => words.test(w)).length + (phrase ? 1 : 0));
    score += 2 * subjectWords.filter((w) => words.test(w)).length;
    if (score >= TOPIC_MIN_SCORE) scored.push({ topic, score });
  }
  const topics = scored
    .sort((a, b) => b.score - a.score)
    .slice(0, TOPIC_MAX)
    .map((t) => t.topic);
  return topics.length > 0 ? topics : [FALLBACK_TOPIC];
}
