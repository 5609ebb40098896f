/**
 * The lijst ingekomen stukken: per meeting period every registered letter with its number, the day it came in, its
 * sender, subject, category, afdoeningsvoorstel and where it stands. The griffie puts it on the council information
 * system; that version (`public`) names no private person: a resident is "inwoner" (no name, no address, no e-mail) and
 * their name is taken out of the subject too, while organisations stay named (the usual practice; the word is
 * configurable). A campaign is one row with its count. Pure: the renderers (CSV, HTML, Word) only format these rows.
 */
import type { RegisterScheme } from './approval.js';
import { CATEGORY_LABELS } from './category.js';
import { amsterdamDate, formatDutchDay } from './dutch-time.js';
import { senderLine, singleLineHeaderValue, trustedOrganisation } from './forward.js';
import type { Letter, LetterStatus } from './letter.js';

/** The columns, in order, with their Dutch headings (CSV header row, HTML and Word table heads). */
export const LIST_COLUMNS = [
  ['number', 'Nummer'],
  ['received', 'Ontvangen'],
  ['sender', 'Afzender'],
  ['organisation', 'Organisatie'],
  ['subject', 'Onderwerp'],
  ['category', 'Categorie'],
  ['handling', 'Afdoeningsvoorstel'],
  ['status', 'Status'],
] as const;

export type ListColumn = (typeof LIST_COLUMNS)[number][0];

/** One row: one register number. Plain text (attacker-controlled parts included): renderers escape. */
export interface ListRow {
  readonly number: string;
  /** The day it came in (YYYY-MM-DD); for a campaign the first letter's. */
  readonly receivedOn: string;
  /** For a campaign: the day the last letter came in (YYYY-MM-DD). */
  readonly receivedUntil?: string;
  readonly sender: string;
  readonly organisation: string;
  readonly subject: string;
  readonly category: string;
  readonly handling: string;
  readonly status: string;
}

/** A span of days (YYYY-MM-DD, both included). */
export interface ListPeriod {
  readonly from: string;
  readonly to: string;
}

/** One table of the list: a meeting period (a calendar month unless meeting dates are given). */
export interface ListSection {
  readonly title: string;
  readonly period: ListPeriod;
  readonly rows: readonly ListRow[];
}

export interface RegisterList {
  readonly municipality: string;
  readonly period: ListPeriod;
  /** The version for publication: no private person named. */
  readonly public: boolean;
  readonly sections: readonly ListSection[];
}

export interface ListSettings {
  /** How a private person is named in the public version. @default 'inwoner' */
  readonly privateSender: string;
  /** The afdoeningsvoorstel of a letter approved before one could be chosen. */
  readonly defaultHandling: string;
}

export const DEFAULT_PRIVATE_SENDER = 'inwoner';

/** Where a registered letter stands, in the griffie's words. */
const STATUS_WORDS: Partial<Readonly<Record<LetterStatus, string>>> = {
  approved: 'goedgekeurd, wordt doorgestuurd',
  forwarding: 'wordt doorgestuurd',
  forwarded: 'doorgestuurd aan de raadsleden',
  forward_failed: 'goedgekeurd, doorsturen mislukt',
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD that is a real day. */
export const isDay = (value: string): boolean => DAY.test(value) && new Date(`${value}T12:00:00Z`).toISOString().slice(0, 10) === value;

/** The calendar month of a moment, in Dutch time. */
export const monthOf = (at: Date): ListPeriod => {
  const day = amsterdamDate(at);
  return { from: `${day.slice(0, 8)}01`, to: lastDayOfMonth(day) };
};

const lastDayOfMonth = (day: string): string => {
  const d = new Date(`${day.slice(0, 8)}01T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1, 0);
  return d.toISOString().slice(0, 10);
};

const nextDay = (day: string): string => {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/**
 * The meeting periods in `period`: with meeting dates, the letters registered up to and including a meeting's day
 * belong to that meeting (and those after the last one to "na" it); without, one table per calendar month.
 */
export const periodsOf = (period: ListPeriod, meetings: readonly string[] = []): { readonly title: string; readonly period: ListPeriod }[] => {
  const sections: { title: string; period: ListPeriod }[] = [];
  const inside = [...new Set(meetings)].filter((m) => m >= period.from && m <= period.to).sort();
  if (meetings.length > 0) {
    let from = period.from;
    for (const meeting of inside) {
      sections.push({ title: `Voor de raadsvergadering van ${formatDutchDay(meeting)}`, period: { from, to: meeting } });
      from = nextDay(meeting);
    }
    if (from <= period.to) {
      const last = inside.at(-1);
      sections.push({ title: last ? `Na de raadsvergadering van ${formatDutchDay(last)}` : `Van ${formatDutchDay(from)} tot en met ${formatDutchDay(period.to)}`, period: { from, to: period.to } });
    }
    return sections;
  }
  for (let from = period.from; from <= period.to; from = nextDay(lastDayOfMonth(from))) {
    const to = lastDayOfMonth(from) < period.to ? lastDayOfMonth(from) : period.to;
    const whole = from.endsWith('-01') && to === lastDayOfMonth(from);
    const month = `${MONTHS[Number(from.slice(5, 7)) - 1]} ${from.slice(0, 4)}`;
    sections.push({ title: whole ? `${month[0]!.toUpperCase()}${month.slice(1)}` : `Van ${formatDutchDay(from)} tot en met ${formatDutchDay(to)}`, period: { from, to } });
  }
  return sections;
};

/** The register counters the period's letters are numbered in: its years, or the one continuous counter (0). */
export const registerScopesFor = (period: ListPeriod, scheme: RegisterScheme): number[] => {
  if (scheme === 'continuous') return [0];
  const years: number[] = [];
  for (let year = Number(period.from.slice(0, 4)); year <= Number(period.to.slice(0, 4)); year++) years.push(year);
  return years;
};

/** The day a letter was registered (its number given), in Dutch time. */
const registeredOn = (letter: Letter): string | undefined => (letter.decision ? amsterdamDate(letter.decision.at) : undefined);

/** A private person writes it: a resident's letter (a campaign's are residents' by definition). */
const isPrivate = (letter: Letter): boolean => letter.category === 'citizen_letter';

/** Words that are not a name, even when they stand in a display name ("Fam. de Vries", "Dhr. J. Jansen"). */
const NOT_A_NAME = new Set(
  [
    'van', 'de', 'der', 'den', 'het', 'ten', 'ter', 'te', 'in', "'t", 'op', 'la', 'le', 'du', 'da', 'di', 'dos', 'von', 'zu', 'vd', 'v.d.', 'en', 'of',
    'dhr', 'mevr', 'mw', 'mr', 'dr', 'ir', 'ing', 'drs', 'prof', 'heer', 'mevrouw', 'familie', 'fam', 'de heer',
  ].map((w) => w.replace(/\.$/, '')),
);

/** Local parts that say nothing about a person (info@, secretariaat@). */
const ROLE_WORDS = new Set(['info', 'contact', 'post', 'mail', 'email', 'secretariaat', 'bestuur', 'admin', 'office', 'kantoor', 'redactie', 'algemeen', 'hallo', 'hello']);

const LETTER_OR_DIGIT = '\\p{L}\\p{N}';

/** The name parts of a person, most specific first: the whole name, then each part that is not a particle, title or initial. */
export const nameParts = (person: { readonly name: string; readonly address: string } | null | undefined): string[] => {
  if (!person) return [];
  const name = singleLineHeaderValue(person.name, 200).replace(/["<>]/g, '').trim();
  const words = name.split(/[\s,]+/).filter(Boolean);
  const isParticle = (w: string) => NOT_A_NAME.has(w.toLowerCase().replace(/\.$/, ''));
  const isPart = (w: string) => w.replace(/\.$/, '').length >= 2 && !isParticle(w) && !/^(\p{L}\.)+$/u.test(w);
  const parts = words.filter(isPart);
  // Each half of a double name ("Jansen-de Boer") is a name of its own too.
  const halves = words.flatMap((w) => (w.includes('-') ? w.split('-').filter(isPart) : []));
  // A surname with its particles ("van der Berg") is taken out whole, so no particle is left dangling.
  const withParticles = words.flatMap((w, i) => {
    let start = i;
    while (start > 0 && isParticle(words[start - 1]!) && !/^(dhr|mevr|mw|mr|dr|ir|ing|drs|prof|heer|mevrouw|familie|fam)$/i.test(words[start - 1]!.replace(/\.$/, ''))) start--;
    return start < i && parts.includes(w) ? [words.slice(start, i + 1).join(' ')] : [];
  });
  // The address names the person too ("Petra" <petra.jansen@…>), whatever the display name says.
  const local = person.address.split('@')[0] ?? '';
  const fromAddress = local.split(/[._-]+/).filter((w) => /^\p{L}{3,}$/u.test(w) && !ROLE_WORDS.has(w.toLowerCase()));
  return [...new Set([...(words.length > 1 ? [name] : []), ...withParticles, ...parts, ...halves, ...fromAddress])].sort((a, b) => b.length - a.length);
};

/**
 * Surnames that are everyday words too. In a subject whose writer capitalises names, one of these written in lower
 * case ("Behoud het bos", "de wijk") is the word, not the resident's name; every other match goes, in any case.
 */
const SURNAMES_THAT_ARE_WORDS = new Set([
  'bos', 'groen', 'wit', 'zwart', 'bruin', 'rood', 'visser', 'bakker', 'smit', 'smid', 'koning', 'prins', 'graaf', 'boer', 'jong', 'oude',
  'groot', 'klein', 'lange', 'kok', 'koster', 'kuiper', 'schipper', 'timmerman', 'molenaar', 'kramer', 'ruiter', 'brouwer', 'vos', 'haas',
  'wolf', 'valk', 'mol', 'lam', 'schaap', 'hoek', 'berg', 'dijk', 'dam', 'meer', 'wijk', 'wal', 'beek', 'veen', 'ven', 'linden', 'leeuwen',
  'boom', 'steen', 'post', 'winter', 'zomer', 'storm', 'molen', 'brug', 'haven', 'kerk', 'tuin', 'weg', 'straat', 'plein', 'laan',
]);

/** `part` as a pattern that also finds it with other accents ("Jose Garcia" for "José García"), for NFD text. */
const accentFree = (part: string): string =>
  [...part.normalize('NFD').replace(/\p{M}/gu, '')].map((c) => `${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\p{M}*`).join('');

/**
 * The subject without the sender's name and without e-mail addresses: "[naam]" and "[e-mailadres]" take their place.
 * @example withoutNames('Bezwaar van Jan de Vries tegen de kap', [{ name: 'Jan de Vries', address: 'jan@example.nl' }])
 * // 'Bezwaar van [naam] tegen de kap'
 */
export const withoutNames = (subject: string, people: readonly ({ readonly name: string; readonly address: string } | null | undefined)[]): string => {
  let text = subject.replace(/[^\s<>()"',;:@]+@[^\s<>()"',;:@]+\.[\p{L}]{2,}/giu, '[e-mailadres]').normalize('NFD');
  const writerCapitalises = /\p{Lu}/u.test(subject.slice(1)) && /\p{Ll}/u.test(subject);
  const asName = (match: string) => (writerCapitalises && match === match.toLowerCase() && SURNAMES_THAT_ARE_WORDS.has(match.normalize('NFC')) ? match : '[naam]');
  for (const part of [...new Set(people.flatMap(nameParts))].sort((a, b) => b.length - a.length)) {
    text = text.replace(new RegExp(`(?<![${LETTER_OR_DIGIT}\\p{M}])${accentFree(part)}(?![${LETTER_OR_DIGIT}])`, 'giu'), asName);
  }
  // "[naam] [naam]" (first name and surname matched apart, or with a particle between) is one name.
  return text.normalize('NFC').replace(/\[naam\](?:[\s._-]+(?:(?:van|de|der|den|ter|ten|het)\s+)*\[naam\])+/giu, '[naam]');
};

/** The row of one registered letter. */
export const listRow = (letter: Letter, publicVersion: boolean, settings: ListSettings): ListRow => {
  const campaign = letter.campaign && letter.campaign.count > 1 ? letter.campaign : undefined;
  const organisation = trustedOrganisation(letter);
  const residents = campaign ? `${campaign.count} ${settings.privateSender === DEFAULT_PRIVATE_SENDER ? 'inwoners' : settings.privateSender}` : undefined;
  let sender: string;
  if (publicVersion && isPrivate(letter)) sender = residents ? `${residents} (gelijkluidende brief)` : settings.privateSender;
  else if (publicVersion) sender = organisation ?? letter.from?.address.split('@')[1] ?? 'onbekend';
  else sender = `${senderLine(letter.from, letter.risks)}${residents ? ` en ${campaign!.count - 1} andere ${campaign!.count - 1 === 1 ? 'inwoner' : 'inwoners'} (gelijkluidende brief)` : ''}`;
  const subject = singleLineHeaderValue(letter.subject, 500) || '(geen onderwerp)';
  return {
    number: letter.registerNumber?.label ?? '',
    receivedOn: amsterdamDate(campaign?.firstAt ?? letter.receivedAt),
    ...(campaign && amsterdamDate(campaign.lastAt) !== amsterdamDate(campaign.firstAt) && { receivedUntil: amsterdamDate(campaign.lastAt) }),
    sender,
    organisation: publicVersion && isPrivate(letter) ? '' : (organisation ?? ''),
    subject: publicVersion && isPrivate(letter) ? withoutNames(subject, [letter.from, letter.author]) : subject,
    category: CATEGORY_LABELS[letter.category],
    handling: singleLineHeaderValue(letter.decision?.handling ?? settings.defaultHandling, 200),
    status: STATUS_WORDS[letter.status] ?? letter.status,
  };
};

/**
 * The list of the letters registered (numbered) in `period`, a section per meeting period, in number order.
 * `letters` may hold more (a whole year): only those registered in the period are listed.
 */
export const registerList = (
  letters: readonly Letter[],
  input: { readonly municipality: string; readonly period: ListPeriod; readonly public: boolean; readonly meetings?: readonly string[] },
  settings: ListSettings,
): RegisterList => {
  const numbered = letters
    .filter((l) => l.registerNumber && registeredOn(l))
    .sort((a, b) => a.registerNumber!.year - b.registerNumber!.year || a.registerNumber!.sequence - b.registerNumber!.sequence);
  return {
    municipality: input.municipality,
    period: input.period,
    public: input.public,
    sections: periodsOf(input.period, input.meetings).map(({ title, period }) => ({
      title,
      period,
      rows: numbered.filter((l) => registeredOn(l)! >= period.from && registeredOn(l)! <= period.to).map((l) => listRow(l, input.public, settings)),
    })),
  };
};

/** "2 februari 2026", or "2 februari 2026 t/m 9 februari 2026" for a campaign. */
export const receivedText = (row: ListRow): string =>
  row.receivedUntil ? `${formatDutchDay(row.receivedOn)} t/m ${formatDutchDay(row.receivedUntil)}` : formatDutchDay(row.receivedOn);

/** The list's title: "Lijst ingekomen stukken gemeenteraad Heemstede". */
export const listTitle = (list: Pick<RegisterList, 'municipality' | 'public'>): string =>
  `Lijst ingekomen stukken gemeenteraad ${singleLineHeaderValue(list.municipality, 120)}${list.public ? '' : ' (niet openbaar)'}`;

/** "1 februari 2026 tot en met 28 februari 2026". */
export const periodText = (period: ListPeriod): string => `${formatDutchDay(period.from)} tot en met ${formatDutchDay(period.to)}`;

/** A name for a file of this list: "lijst-ingekomen-stukken-2026-02-01-2026-02-28-openbaar.docx". */
export const listFileName = (list: Pick<RegisterList, 'period' | 'public'>, extension: 'csv' | 'html' | 'docx'): string =>
  `lijst-ingekomen-stukken-${list.period.from}-${list.period.to}${list.public ? '-openbaar' : ''}.${extension}`;

