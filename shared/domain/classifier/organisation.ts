/**
 * The organisation's name: written "namens", in a signature, a letterhead, the display name or "Als X vragen wij".
 */
import type { Category } from '../category.js';
import type { MailAddress } from '../mail.js';
import { domainOf, isFreeMail } from './addresses.js';
import type { Prepared } from './prepare.js';
import { CLOSINGS, FUNCTION_TITLES, GENERIC_SENDER_WORDS, HOUSEHOLD, HOUSEHOLD_DOMAIN, ORGANISATION_WORDS, ROLE_MAILBOXES } from './rules.js';
import { SPACE_TO_COLLAPSE } from './text.js';

export interface Found {
  readonly name: string;
  readonly source: 'namens' | 'signature' | 'display' | 'letterhead' | 'als' | 'domain';
  readonly score: number;
}

/** The organisation shown on the record (`shown`: KINDS[kind].organisation); never one for a private person's letter. */
export function organisationFor(category: Category, shown: 'name-or-domain' | 'name' | 'none', found: Found | null, p: Prepared): string | null {
  if (category === 'citizen_letter' || shown === 'none') return null;
  if (found) return found.name;
  const domain = domainOf(p.author?.address);
  return shown === 'name' || !domain || isFreeMail(domain) ? null : domain;
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

export function findOrganisation(p: Prepared): Found | null {
  const candidates: Found[] = [];
  const add = (raw: string, source: Found['source'], base: number) => {
    const name = cleanName(raw);
    if (!name || name.length < 3 || name.length > 80) return;
    if (/@|https?:|www\./i.test(name) || !isNameLike(name)) return;
    const hasOrgWord = ORGANISATION_WORDS.test(name);
    if (!hasOrgWord && source !== 'signature' && source !== 'display') return;
    candidates.push({ name, source, score: base + (hasOrgWord ? 3 : 0) });
  };
  // Only what the author wrote: a quoted griffie signature or a forwarder's own signature is not the sender.
  const texts = p.authorTexts;
  const flat = p.normalisedAuthorTexts.join('\n');

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
  if (!display || display.includes('@') || personalDomain(sender)) return [];
  const domain = domainOf(sender?.address);
  const label = isFreeMail(domain) ? '' : domain.replace(/\.[a-z]+$/, '').replace(/[^a-z0-9]/g, '');
  const out: { name: string; bonus: number }[] = [];
  for (const piece of display.split(/\s*[|–—,()]\s*|\s-\s/)) {
    const stripped = piece.replace(FUNCTION_TITLES, '').trim();
    if (!stripped || GENERIC_SENDER_WORDS.test(stripped)) continue;
    if (HOUSEHOLD.test(stripped)) continue; // "Familie Jansen", "Henk en Wilma Peters": people, not an organisation
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

/**
 * A home's own domain: "Frank Meijer" <frank@meijer-online.nl> (the surname in the domain, the person in the mailbox),
 * "Hoekstra" <post@hoekstra-thuis.nl> or <post@familiebakker.nl> (a household word in the domain).
 */
export function personalDomain(author: MailAddress | null): string | null {
  const domain = domainOf(author?.address);
  const name = author?.name.trim() ?? '';
  if (!domain || isFreeMail(domain) || !isPersonName(name) || ROLE_MAILBOXES.test(author?.address.split('@')[0] ?? '')) return null;
  const label = domain.replace(/\.[a-z]+$/, '');
  if (HOUSEHOLD_DOMAIN.test(label)) return domain;
  const plain = (word: string) => word.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '');
  const words = name.split(/\s+/).map(plain).filter((w) => w.length >= 3);
  const surname = words.at(-1) ?? '';
  const mailbox = plain(author?.address.split('@')[0] ?? '');
  // The surname in the domain and the person in the mailbox ("Nieuws" at "Vakblad Lokaal" is no person's mailbox).
  return surname.length >= 3 && label.replace(/[^a-z0-9]/g, '').includes(surname) && words.some((w) => mailbox.includes(w)) ? domain : null;
}

/** A person's or a household's name ("Anneke de Wit", "Familie Jansen", "Henk en Wilma Peters"). */
export const isPersonName = (name: string): boolean => HOUSEHOLD.test(name) || looksLikePerson(name);

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

