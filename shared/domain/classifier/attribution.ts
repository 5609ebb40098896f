/**
 * Who wrote what: the sender's own text apart from a forwarded message or quoted history below it, and the author
 * of a forwarded message or of a web form.
 */
import type { MailAddress } from '../mail.js';
import type { TextIndex } from './speed.js';

export type EmbeddedKind = 'forward' | 'quote' | null;

export interface SplitBody {
  readonly lead: string;
  readonly embedded: string;
  readonly kind: EmbeddedKind;
  readonly original: MailAddress | null;
}

/** Marks, in the text index, the pieces of the body before it is split (for the markers below). */
export const RAW_BODY_BIT = 32;

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

/** Whether `pattern` can match the raw body (false only when it cannot). */
const mayMatch = (pattern: RegExp, index: TextIndex): boolean => (index.possible(pattern, RAW_BODY_BIT) & RAW_BODY_BIT) !== 0;

/** Splits the body into the sender's own text and a forwarded or quoted message below it; `index`: the body's, under RAW_BODY_BIT. */
export function splitBody(body: string, subjectIsReply: boolean, subjectIsForward: boolean, index: TextIndex): SplitBody {
  let best: { index: number; kind: EmbeddedKind } | null = null;
  const consider = (patterns: readonly RegExp[], kind: EmbeddedKind) => {
    for (const pattern of patterns) {
      const m = mayMatch(pattern, index) ? pattern.exec(body) : null;
      if (m && (best === null || m.index < best.index)) best = { index: m.index, kind };
    }
  };
  consider(FORWARD_MARKERS, 'forward');
  consider(ORIGINAL_MARKERS, subjectIsReply && !subjectIsForward ? 'quote' : 'forward');
  consider(REPLY_MARKERS, subjectIsForward ? 'forward' : 'quote');
  if (best === null) {
    const form = webForm(body, index);
    return form ? { lead: '', embedded: body, kind: 'forward', original: form } : { lead: body, embedded: '', kind: null, original: null };
  }
  const { index: at, kind } = best as { index: number; kind: EmbeddedKind };
  const lead = body.slice(0, at).replace(/_{8,}\s*$/, '');
  const rest = body.slice(at);
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
function webForm(body: string, index: TextIndex): MailAddress | null {
  // The head is part of the body, so the body's index tells where the patterns cannot match.
  if (!mayMatch(WEB_FORM_EMAIL, index) || !mayMatch(WEB_FORM_MESSAGE, index)) return null;
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
