/**
 * The text of a letter as the raadsleden will receive it, prepared once at ingest and stored on the record: the
 * approval page shows exactly this text and the forward sends exactly this text (what the griffier approves is
 * what the council receives). Pure.
 *
 * Preparing means: line breaks normalised, control characters removed, format characters (Unicode Cf: bidi
 * controls, zero-width characters, BOM) removed with their places remembered for the page, the newsletter tool's
 * unsubscribe lines taken out (a raadslid who clicks one would unsubscribe the griffie), runs of blank lines
 * shortened, and the whole cut at a size the record can hold. The links in the result are listed with their real
 * host, and marked when the text next to them names another host.
 */
import LinkifyIt from 'linkify-it';
import { domainToUnicode } from 'node:url';
import tlds from 'tlds';
import { FORMAT_CHARACTER } from './text.js';

export { withoutFormatCharacters } from './text.js';

export interface LetterLink {
  /** The URL a mail client opens (scheme added for "www." links). */
  readonly url: string;
  /** Its host as the browser resolves it (IDN in punycode, lower-case); for mailto: the address's domain. */
  readonly host: string;
  /** The host in Unicode, when that differs from `host` (an international domain name). */
  readonly unicodeHost?: string;
  /** A different host that the text right before the link names ("https://raad.heemstede.nl [https://evil.example]"). */
  readonly namedHost?: string;
}

export interface LetterText {
  /** Exactly what is forwarded and shown. */
  readonly text: string;
  /** Offsets into `text` where invisible characters were removed (at most MAX_MARKS). */
  readonly hiddenAt: readonly number[];
  /** How many invisible characters were removed in all. */
  readonly hiddenCount: number;
  /** The lines taken out because they hold an unsubscribe link (shown on the page, never forwarded). */
  readonly unsubscribeLines: readonly string[];
  /** Characters left out at the end because the text was too long (0: complete). */
  readonly truncatedChars: number;
  readonly links: readonly LetterLink[];
}

/** The most UTF-8 bytes of text kept on a record (DynamoDB items hold 400 KB in all). */
export const MAX_TEXT_BYTES = 160 * 1024;
const MAX_MARKS = 200;
const MAX_LINKS = 300;
const MAX_UNSUBSCRIBE_LINES = 20;

/** Control characters other than tab and line feed. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const UNSUBSCRIBE_WORDS =
  /\b(afmelden|afmelding|afmeldlink|uitschrijven|uit te schrijven|uitschrijving|unsubscribe|opt[- ]?out|abonnement (opzeggen|beheren|wijzigen)|(uw|je|jouw) (e-?mail)?voorkeuren|voorkeuren (aanpassen|beheren|wijzigen)|manage (your )?(preferences|subscription)|geen (e-?mails?|nieuwsbrie(f|ven)|berichten) meer ontvangen|update your preferences)\b/i;

/** The targets in a List-Unsubscribe header: `<https://…>, <mailto:…>`. */
export const unsubscribeTargets = (listUnsubscribe: string | null): string[] =>
  [...(listUnsubscribe ?? '').matchAll(/<([^<>\s]+)>/g)]
    .map((m) => m[1]!)
    .map((target) => (target.toLowerCase().startsWith('mailto:') ? target.slice(7).split('?')[0]! : target))
    .filter((target) => target.length >= 6);

let linkifier: LinkifyIt | undefined;
/** Links as mail clients make them: with a scheme, "www.", or a bare domain under any real top-level domain (the full IANA list, as mailparser uses). */
export const linkify = (): LinkifyIt => (linkifier ??= new LinkifyIt().tlds(tlds));

const hasLink = (line: string): boolean => linkify().test(line);

export interface PrepareTextOptions {
  /** Targets of the List-Unsubscribe header (`unsubscribeTargets`). */
  readonly unsubscribeTargets?: readonly string[];
  /** @default MAX_TEXT_BYTES */
  readonly maxBytes?: number;
}

/**
 * Prepares the body text of a received message for the page and the forward.
 * @example prepareLetterText('Geachte raad,\u200b\n\nAfmelden: https://list.example/u').text // 'Geachte raad,'
 */
export const prepareLetterText = (raw: string, options: PrepareTextOptions = {}): LetterText => {
  const targets = options.unsubscribeTargets ?? [];
  const lines = raw.replace(/\r\n?/g, '\n').replace(CONTROL_CHARACTERS, '').split('\n');

  // Per line: format characters out, their columns remembered.
  const cleaned = lines.map((line) => {
    const marks: number[] = [];
    let out = '';
    for (const char of line) {
      if (FORMAT_CHARACTER.test(char)) marks.push(out.length);
      else out += char;
    }
    return { text: out.replace(/[ \t]+$/, ''), marks };
  });

  // Unsubscribe lines: those holding a List-Unsubscribe target, or naming unsubscribing next to a link (also when
  // the link stands alone on the next line).
  const removed = new Set<number>();
  cleaned.forEach(({ text }, i) => {
    if (targets.some((t) => text.includes(t))) removed.add(i);
    else if (UNSUBSCRIBE_WORDS.test(text)) {
      if (hasLink(text)) removed.add(i);
      else if (cleaned[i + 1] && hasLink(cleaned[i + 1]!.text) && linkOnly(cleaned[i + 1]!.text)) removed.add(i).add(i + 1);
    }
  });
  const unsubscribeLines = [...removed].sort((a, b) => a - b).map((i) => cleaned[i]!.text.trim()).filter(Boolean);

  // Join, dropping leading blank lines and runs of more than one blank line; offsets follow the kept text.
  let text = '';
  const hiddenAt: number[] = [];
  let hiddenCount = 0;
  let blanks = 0;
  cleaned.forEach(({ text: line, marks }, i) => {
    hiddenCount += marks.length;
    if (removed.has(i)) return;
    if (line.trim() === '') {
      blanks++;
      if (text === '' || blanks > 1) return;
    } else blanks = 0;
    const start = text === '' ? 0 : text.length + 1;
    text = text === '' ? line : `${text}\n${line}`;
    for (const mark of marks) if (hiddenAt.length < MAX_MARKS) hiddenAt.push(start + mark);
  });
  text = text.replace(/\s+$/, '');

  const { kept, cutChars } = cutToBytes(text, options.maxBytes ?? MAX_TEXT_BYTES);
  return {
    text: kept,
    hiddenAt: hiddenAt.filter((at) => at <= kept.length),
    hiddenCount,
    unsubscribeLines: unsubscribeLines.slice(0, MAX_UNSUBSCRIBE_LINES),
    truncatedChars: cutChars,
    links: linksIn(kept),
  };
};

const linkOnly = (line: string): boolean => {
  const matches = linkify().match(line) ?? [];
  return matches.length === 1 && line.replace(matches[0]!.raw, '').replace(/[\s<>[\]()]/g, '') === '';
};

/** The text cut at a line end (or a code point) so that it has at most `maxBytes` UTF-8 bytes. */
const cutToBytes = (text: string, maxBytes: number): { readonly kept: string; readonly cutChars: number } => {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return { kept: text, cutChars: 0 };
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (Buffer.byteLength(text.slice(0, mid), 'utf8') <= maxBytes) low = mid;
    else high = mid - 1;
  }
  let end = low;
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--; // never half a surrogate pair
  const lineEnd = text.lastIndexOf('\n', end);
  if (lineEnd > end * 0.9) end = lineEnd;
  return { kept: text.slice(0, end).replace(/\s+$/, ''), cutChars: text.length - end };
};

/** Every link a mail client would make clickable in this text, with its real host. */
export const linksIn = (text: string): LetterLink[] => {
  const links: LetterLink[] = [];
  const seen = new Set<string>();
  for (const match of linkify().match(text) ?? []) {
    const host = hostOf(match.url);
    if (host === null) continue;
    const named = namedHostBefore(text, match.index, host);
    const key = `${match.url}\u0000${named ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const unicodeHost = domainToUnicode(host);
    links.push({ url: match.url, host, ...(unicodeHost && unicodeHost !== host && { unicodeHost }), ...(named && { namedHost: named }) });
    if (links.length >= MAX_LINKS) break;
  }
  return links;
};

/** The host of a URL as a browser resolves it; the domain of a mailto: address. */
export const hostOf = (url: string): string | null => {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'mailto:') return parsed.pathname.split('@')[1]?.toLowerCase() || null;
    return parsed.hostname.toLowerCase() || null;
  } catch {
    return null;
  }
};

const sameSite = (a: string, b: string): boolean => a.replace(/^www\./, '') === b.replace(/^www\./, '');

/**
 * When a link stands in brackets right after some words ("klik hier [https://…]", "raad.heemstede.nl <https://…>",
 * as HTML mail turns into text), those words are the link's visible text: a host named there that is not the
 * link's host is a classic phishing trick.
 */
const namedHostBefore = (text: string, linkStart: number, host: string): string | undefined => {
  const opener = text[linkStart - 1];
  if (opener !== '[' && opener !== '<' && opener !== '(') return undefined;
  const visible = text.slice(Math.max(0, linkStart - 201), linkStart - 1).split(/[\]>)\n]/).pop() ?? '';
  for (const candidate of linkify().match(visible) ?? []) {
    const named = hostOf(candidate.url);
    if (named && !sameSite(named, host)) return named;
  }
  return undefined;
};
