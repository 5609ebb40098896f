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
import { withoutFormatCharacters, withoutInvisibleMarked } from './text.js';

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
  /**
   * A path to a file on another computer (`\\\\host\\share`, file:, smb:): opening one makes Windows offer the
   * user's sign-in to that computer.
   */
  readonly networkPath?: true;
  /** Where the link stands when not in the text: it is still shown and may be made clickable by a mail client. */
  readonly where?: LinkPlace;
}

/** Places outside the text where a message can carry a link, with the words the page uses for them. */
export const LINK_PLACES = { subject: 'in het onderwerp', sender_name: 'in de naam van de afzender', attachment_name: 'in de naam van een bijlage' } as const;
export type LinkPlace = keyof typeof LINK_PLACES;

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
  /** The links to show: every host at least once, then the rest in order, at most MAX_LINKS. */
  readonly links: readonly LetterLink[];
  /** Links in the text beyond `links` (each to a host already listed). */
  readonly moreLinks?: number;
}

/** The most UTF-8 bytes of text kept on a record (DynamoDB items hold 400 KB in all). */
export const MAX_TEXT_BYTES = 160 * 1024;
const MAX_MARKS = 200;
const MAX_LINKS = 300;
/** A listed link's URL is cut here (the text keeps it whole): the record stays well under DynamoDB's 400 KB. */
const MAX_LISTED_URL_CHARS = 300;
const MAX_UNSUBSCRIBE_LINES = 20;
const MAX_UNSUBSCRIBE_LINE_CHARS = 300;

/** Control characters other than tab and line feed. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const UNSUBSCRIBE_WORDS =
  /\b(afmelden|afmelding|afmeldlink|uitschrijven|uit te schrijven|uitschrijving|unsubscribe|opt[- ]?out|abonnement (opzeggen|beheren|wijzigen)|(uw|je|jouw) (e-?mail)?voorkeuren|voorkeuren (aanpassen|beheren|wijzigen)|manage (your )?(preferences|subscription)|geen (e-?mails?|nieuwsbrie(f|ven)|berichten) meer ontvangen|update your preferences)\b/i;

/**
 * The targets in a List-Unsubscribe header (`<https://…>, <mailto:…>`): web addresses with a host and mail
 * addresses, nothing shorter. The header is the sender's: a target such as `<https:>` must not take out every line
 * with a link.
 */
export const unsubscribeTargets = (listUnsubscribe: string | null): string[] =>
  [...(listUnsubscribe ?? '').matchAll(/<([^<>\s]+)>/g)]
    .map((m) => m[1]!)
    .map((target) => (target.toLowerCase().startsWith('mailto:') ? target.slice(7).split('?')[0]! : target))
    .filter((target) => (/^https?:\/\//i.test(target) ? (hostOf(target)?.includes('.') ?? false) : /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(target)));

/** Whether the line holds the target as a whole URL or address, not as part of a longer one. */
const holdsTarget = (line: string, target: string): boolean => {
  for (let at = line.indexOf(target); at >= 0; at = line.indexOf(target, at + 1)) {
    const before = line[at - 1];
    const after = line[at + target.length];
    if ((before === undefined || /[\s<(["':]/.test(before)) && (after === undefined || /[\s>)\]"'.,;!?]/.test(after))) return true;
  }
  return false;
};

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

  // Per line: invisible characters out, their columns remembered.
  const cleaned = lines.map((line) => {
    const { value, marks } = withoutInvisibleMarked(line);
    return { text: value.replace(/[ \t]+$/, ''), marks };
  });

  // Unsubscribe lines: those holding a List-Unsubscribe target, or naming unsubscribing next to a link (also when
  // the link stands alone on the next line).
  const removed = new Set<number>();
  cleaned.forEach(({ text }, i) => {
    if (targets.some((t) => holdsTarget(text, t))) removed.add(i);
    else if (UNSUBSCRIBE_WORDS.test(text)) {
      if (hasLink(text)) removed.add(i);
      else if (cleaned[i + 1] && hasLink(cleaned[i + 1]!.text) && linkOnly(cleaned[i + 1]!.text)) removed.add(i).add(i + 1);
    }
  });
  const unsubscribeLines = [...removed]
    .sort((a, b) => a - b)
    .map((i) => cleaned[i]!.text.trim())
    .filter(Boolean)
    .map((line) => (line.length > MAX_UNSUBSCRIBE_LINE_CHARS ? `${line.slice(0, MAX_UNSUBSCRIBE_LINE_CHARS)}…` : line));

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
  const { links, moreLinks } = linksToList(linksIn(kept));
  return {
    text: kept,
    hiddenAt: hiddenAt.filter((at) => at <= kept.length),
    hiddenCount,
    unsubscribeLines: unsubscribeLines.slice(0, MAX_UNSUBSCRIBE_LINES),
    truncatedChars: cutChars,
    links,
    ...(moreLinks > 0 && { moreLinks }),
  };
};

/**
 * The links a record lists: each distinct host (with its named host) first, so that no host hides behind hundreds
 * of links to another, then the others in order; in the order of the text, URLs cut for the record.
 */
const linksToList = (all: readonly LetterLink[]): { readonly links: LetterLink[]; readonly moreLinks: number } => {
  const chosen = new Set<number>();
  const hosts = new Set<string>();
  all.forEach((link, i) => {
    const key = `${link.host}\u0000${link.namedHost ?? ''}`;
    if (chosen.size < MAX_LINKS && !hosts.has(key)) {
      chosen.add(i);
      hosts.add(key);
    }
  });
  for (let i = 0; i < all.length && chosen.size < MAX_LINKS; i++) chosen.add(i);
  const links = [...chosen]
    .sort((a, b) => a - b)
    .map((i) => all[i]!)
    .map((link) => (link.url.length > MAX_LISTED_URL_CHARS ? { ...link, url: `${link.url.slice(0, MAX_LISTED_URL_CHARS)}…` } : link));
  return { links, moreLinks: all.length - links.length };
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

/**
 * Every link a mail client would make clickable in this text, with its real host, once per URL and named host.
 * A link is read on to the end of its run of characters: a client that links "https://raad.heemstede.nl%2eevil.example"
 * or "…nl。evil.example" whole sends the browser to evil.example, where a stricter reader would stop at ".nl".
 */
export const linksIn = (text: string): LetterLink[] => {
  const found: { readonly at: number; readonly link: LetterLink }[] = [];
  const seen = new Set<string>();
  const add = (link: LetterLink, at: number) => {
    const key = `${link.url}\u0000${link.namedHost ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ at, link });
  };
  for (const match of linkify().match(text) ?? []) {
    const url = widestUrl(match.url, text.slice(match.lastIndex));
    const host = hostOf(url);
    if (host === null) continue;
    const named = namedHostBefore(text, match.index, host);
    const unicodeHost = domainToUnicode(host);
    add({ url, host, ...(unicodeHost && unicodeHost !== host && { unicodeHost }), ...(named && { namedHost: named }) }, match.index);
  }
  for (const match of text.matchAll(NETWORK_PATH)) {
    const path = match[0].replace(/[.,;:!?)\]>'"]+$/, '');
    const host = networkHost(path);
    if (host) add({ url: path, host, networkPath: true }, match.index);
  }
  return found.sort((a, b) => a.at - b.at).map(({ link }) => link);
};

/** The URL read on over what follows it, when a browser would then go to another host. */
const widestUrl = (url: string, following: string): string => {
  const run = /^[^\s<>"'`\]\[(){}|^]+/u.exec(following)?.[0];
  if (!run || !/^[%\u3002\uff0e\uff61.\p{L}\p{N}-]/u.test(run)) return url;
  const wider = url + run.replace(/[.,;:!?]+$/, '');
  const host = hostOf(wider);
  return host !== null && host !== hostOf(url) ? wider : url;
};

const MAX_LINKS_OUTSIDE_TEXT = 20;

/**
 * Links in the places around the text that a mail client may also make clickable (the subject, the sender's name, a
 * file name), each marked with its place.
 */
export const linksOutsideText = (places: { readonly subject: string; readonly senderName: string; readonly attachmentNames: readonly string[] }): LetterLink[] =>
  [
    ...linksIn(withoutFormatCharacters(places.subject).value).map((l) => ({ ...l, where: 'subject' as const })),
    ...linksIn(withoutFormatCharacters(places.senderName).value).map((l) => ({ ...l, where: 'sender_name' as const })),
    ...places.attachmentNames.flatMap((name) => linksIn(withoutFormatCharacters(name).value).filter((l) => !isFileName(l, name)).map((l) => ({ ...l, where: 'attachment_name' as const }))),
  ].slice(0, MAX_LINKS_OUTSIDE_TEXT);

/** "brief.pdf" reads as a bare domain under .pdf? No such top-level domain, but "notulen.zip" and "agenda.docx.com" do. */
const isFileName = (link: LetterLink, name: string): boolean => !/^[a-z]+:\/\//i.test(name) && !name.includes('/') && link.url === `http://${name.trim().toLowerCase()}` && /\.(zip|mov|pdf|doc|docx|xlsx|pptx|odt)$/i.test(name.trim());

/** UNC paths (\\\\host\\share) and file:, smb:, afp:, nfs:, webdav: URLs. */
const NETWORK_PATH = /(?:\\\\|\b(?:file|smb|afp|nfs|webdavs?|ms-word|ms-excel|ms-powerpoint|search-ms|ms-msdt):\/{0,3})[^\s<>"]+/giu;

const networkHost = (path: string): string | undefined => {
  const rest = path.replace(/^\\\\|^[a-z-]+:(?:[a-z|]+:)*\/{0,3}/i, '');
  const host = rest.split(/[\\/?#@:]/)[0]?.toLowerCase();
  return host || (path.toLowerCase().startsWith('file:') ? 'deze computer' : undefined);
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
  // Back to the previous closing bracket or blank line: the words may wrap onto the link's line.
  const visible = text.slice(Math.max(0, linkStart - 201), linkStart - 1).split(/[\]>)]|\n[ \t]*\n/).pop() ?? '';
  for (const candidate of linkify().match(visible) ?? []) {
    const named = hostOf(candidate.url);
    if (named && !sameSite(named, host)) return named;
  }
  return undefined;
};
