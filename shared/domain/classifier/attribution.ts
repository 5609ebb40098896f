/**
 * Who wrote what. A body is cut into the sender's own text and the pieces below it (forwarded messages, quoted
 * history), each with its author when its header says so ("Van:", "From:", "Op ... schreef ...:"); a web form's
 * notification carries the person in the form. From that: who wrote the letter, and who only passed it on.
 */
import type { MailAddress } from '../mail.js';
import { isOwnDomain, domainOf } from './addresses.js';
import { SHORT_LEAD_WORDS } from './rules.js';
import type { TextIndex } from './speed.js';

export type EmbeddedKind = 'forward' | 'quote' | null;

/** A forwarded or quoted message inside the body. */
export interface Piece {
  /** Its text, quote marks removed, from its header block to the next piece. */
  readonly text: string;
  /** Who wrote it, from its header block; null when it does not say. */
  readonly author: MailAddress | null;
  readonly kind: 'forward' | 'quote';
}

export interface Attribution {
  /** The sender's own text, above any piece. */
  readonly lead: string;
  readonly pieces: readonly Piece[];
  /** A web form's notification: the person in the form. */
  readonly form: MailAddress | null;
}

/** Marks, in the text index, the pieces of the body before it is cut (for the markers below). */
export const RAW_BODY_BIT = 32;
/** Marks the body after its first marker with the quote marks removed (where the other markers are looked for). */
const REST_BIT = 64;
/** More pieces than this are taken as one (a thread of hundreds of replies says nothing more). */
const MAX_PIECES = 12;

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
  // "Op 3 feb. 2026 om 10:02 schreef X <x@y>:", "On ... wrote:", Apple Mail's "Op ... heeft X het volgende geschreven:".
  /^[ \t]*(op|on|le|am)\s[^\n]{0,200}(\n[^\n]{0,200})?\s(schreef|wrote|a écrit|schrieb|het volgende geschreven)([^\n]{0,120}|[^\n]{0,120}\n[^\n]{0,120}):[ \t]*$/im,
  /^(>[^\n]*\n){2,}/m,
];

/** Whether `pattern` can match the text marked with `bit` (false only when it cannot). */
const mayMatch = (pattern: RegExp, index: TextIndex, bit: number): boolean => (index.possible(pattern, bit) & bit) !== 0;

/** The first marker at or after `from` in `text`, and the kind of piece it starts. */
function firstMarker(text: string, from: number, bit: number, index: TextIndex, subjectIsReply: boolean, subjectIsForward: boolean) {
  const tail = from === 0 ? text : text.slice(from);
  let best: { at: number; kind: 'forward' | 'quote' } | null = null;
  const consider = (patterns: readonly RegExp[], kind: 'forward' | 'quote') => {
    for (const pattern of patterns) {
      const m = mayMatch(pattern, index, bit) ? pattern.exec(tail) : null;
      if (m && (best === null || m.index < best.at)) best = { at: m.index, kind };
    }
  };
  consider(FORWARD_MARKERS, 'forward');
  consider(ORIGINAL_MARKERS, subjectIsReply && !subjectIsForward ? 'quote' : 'forward');
  consider(REPLY_MARKERS, subjectIsForward ? 'forward' : 'quote');
  const found = best as { at: number; kind: 'forward' | 'quote' } | null;
  return found ? { at: from + found.at, kind: found.kind } : null;
}

/** Removes quote marks at the start of every line. */
const unquote = (text: string): string => (/^\s*>/m.test(text) ? text.replace(/^(?:[^\S\n]*>)+ ?/gm, '') : text);

const HEADER_LINE = /^[ \t]*\*?(van|from|afzender|verzonden|sent|aan|to|cc|bcc|onderwerp|subject|datum|date|reply-to|beantwoorden aan|prioriteit|importance|bijlagen|attachments)\s*:/i;

/** Where a piece's header block ends: past its marker line, the header lines under it ("Van:", "Onderwerp:", ...) and blank lines. */
function headerEnd(text: string): number {
  let at = text.indexOf('\n') + 1;
  if (at === 0) return text.length;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end < 0 ? text.length : end);
    if (!HEADER_LINE.test(line) && !/^[\s_]*$/.test(line)) break;
    at = end < 0 ? text.length : end + 1;
  }
  return at;
}

/**
 * Cuts the body into the sender's own text and the pieces below it; `index`: the body's, under RAW_BODY_BIT.
 * A body without any piece may be a web form's notification.
 */
export function attribute(body: string, subjectIsReply: boolean, subjectIsForward: boolean, index: TextIndex): Attribution {
  const first = firstMarker(body, 0, RAW_BODY_BIT, index, subjectIsReply, subjectIsForward);
  if (first === null) {
    const form = webForm(body, index);
    return form ? { lead: '', pieces: [{ text: body, author: form, kind: 'forward' }], form } : { lead: body, pieces: [], form: null };
  }
  const lead = body.slice(0, first.at).replace(/_{8,}\s*$/, '');
  const quoted = body.slice(first.at);
  const rest = unquote(quoted);
  // A piece of the body has no three-letter piece the body lacks; removing quote marks can make new ones.
  const restBit = rest === quoted ? RAW_BODY_BIT : REST_BIT;
  if (restBit === REST_BIT) index.mark(rest, REST_BIT);
  const pieces: Piece[] = [];
  let start = 0;
  let kind = first.kind;
  while (start < rest.length) {
    const next = pieces.length < MAX_PIECES - 1 ? firstMarker(rest, start + Math.max(1, headerEnd(rest.slice(start))), restBit, index, subjectIsReply, subjectIsForward) : null;
    const text = rest.slice(start, next?.at ?? rest.length);
    pieces.push({ text, author: originalFromHeaderBlock(text), kind });
    if (next === null) break;
    start = next.at;
    kind = next.kind;
  }
  return { lead, pieces, form: null };
}

/** The same person: the same address, or the same name where an address is missing. */
export const sameWriter = (a: MailAddress | null, b: MailAddress | null): boolean =>
  !!a && !!b && (a.address && b.address ? a.address === b.address : !!a.name && a.name.toLowerCase() === b.name.toLowerCase());

/** Who wrote the letter, and who passed it on (null when the sender wrote it). */
export function authorOf(
  from: MailAddress | null,
  attribution: Attribution,
  embeddedKind: EmbeddedKind,
  original: MailAddress | null,
  leadWords: number,
  ownDomains: readonly string[],
): { author: MailAddress | null; forwardedBy: MailAddress | null } {
  const passedOn = (author: MailAddress) => ({ author, forwardedBy: from });
  if (attribution.form) return passedOn(attribution.form);
  if (embeddedKind !== 'forward' || !original || !(original.address || original.name) || sameWriter(original, from)) return { author: from, forwardedBy: null };
  // A colleague who forwards an outside letter passes it on, whatever the note says; anyone else does so with a
  // short note ("zie hieronder"), and speaks for themself with a long one.
  const colleague = isOwnDomain(domainOf(from?.address), ownDomains) && !isOwnDomain(domainOf(original.address), ownDomains);
  return colleague || leadWords < SHORT_LEAD_WORDS ? passedOn(original) : { author: from, forwardedBy: null };
}

const WEB_FORM_EMAIL = /^[ \t]*\*?(?:e-?mail(?:adres)?|email address|uw e-?mailadres)\s*:\*?[ \t]*([^\s@<>]+@[^\s@<>]+\.[a-z]{2,})/im;
const WEB_FORM_NAME = /^[ \t]*\*?(?:naam|name|uw naam|voornaam en achternaam)\s*:\*?[ \t]*(.+)$/im;
const WEB_FORM_MESSAGE = /^[ \t]*\*?(?:bericht|message|toelichting|uw (?:vraag|bericht|reactie)|opmerking(?:en)?|vraag)\s*:/im;

/**
 * A message composed by a web form or ticket system on someone's behalf ("Naam: ... E-mailadres: ... Bericht: ...").
 * The person in the form is the author, not the system that sent it.
 */
function webForm(body: string, index: TextIndex): MailAddress | null {
  // The head is part of the body, so the body's index tells where the patterns cannot match.
  if (!mayMatch(WEB_FORM_EMAIL, index, RAW_BODY_BIT) || !mayMatch(WEB_FORM_MESSAGE, index, RAW_BODY_BIT)) return null;
  const head = body.slice(0, 3000);
  const email = WEB_FORM_EMAIL.exec(head);
  const name = WEB_FORM_NAME.exec(head);
  const message = WEB_FORM_MESSAGE.test(head);
  if (!email?.[1] || !message) return null;
  return { name: name?.[1]?.trim() ?? '', address: email[1].toLowerCase() };
}

/** The "Van:/From:" of a forwarded header block, or the author in "Op ... schreef Naam <adres>:". */
export function originalFromHeaderBlock(text: string): MailAddress | null {
  const head = text.slice(0, 1500);
  const from = /^[ \t]*\*?(?:van|from|afzender)\s*:\*?[ \t]*([^\n]*)$/im.exec(head);
  if (from?.[1] && from[1].trim() !== '') return parseAddress(from[1]);
  const wrote = /^[ \t]*(?:op|on)\s[^\n]{0,250}?(?:\n[^\n]{0,200}?)?(?:schreef|wrote|het volgende geschreven)(?:[^\n]{0,120}|[^\n]{0,120}\n[^\n]{0,120}):[ \t]*$/im.exec(head);
  if (!wrote || !/@/.test(wrote[0])) return null;
  // Who comes after the date and time: "Op <datum> om 10:02 schreef Naam <adres>:", "On <date> at 10:02 AM, Name
  // <address> wrote:", Apple Mail's "Op <datum> om 10:02 heeft Naam <adres> het volgende geschreven:".
  let who = wrote[0].replace(/^[ \t]*(?:op|on)\s/i, '');
  const time = /\d{1,2}:\d{2}(?::\d{2})?\s*(?:uur|[ap]\.?m\.?)?,?\s*/i.exec(who);
  who = time ? who.slice(time.index + time[0].length) : who.replace(/^[\s\S]*?\b\d{4}\b,?\s*/, '');
  who = who
    .replace(/^(?:heeft|schreef|wrote)\s+/i, '')
    .replace(/\s*(?:het volgende geschreven|schreef|wrote)?\s*:\s*$/i, '');
  return parseAddress(who);
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
