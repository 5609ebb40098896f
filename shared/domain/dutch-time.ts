// Made on first use: the first time-zone formatter loads ICU's zone data (~15 ms), which a cold start that formats
// no date (most ingests, the reconciler) should not pay.
let dateTime: Intl.DateTimeFormat | undefined;
const DATE_TIME_OPTIONS: Intl.DateTimeFormatOptions = {
  timeZone: 'Europe/Amsterdam',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};

/**
 * A moment as the griffie writes it, in Dutch time: "donderdag 26 februari 2026 om 09:15".
 * Built from parts so it does not depend on the ICU version's choice of literals.
 * Used by the approval page, the approval mail and the forward's cover note.
 * @example formatDutchDateTime('2026-02-26T08:15:00Z') // 'donderdag 26 februari 2026 om 09:15'
 */
export function formatDutchDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'onbekend moment';
  const parts = (dateTime ??= new Intl.DateTimeFormat('nl-NL', DATE_TIME_OPTIONS)).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')} om ${part('hour')}:${part('minute')}`;
}

let date: Intl.DateTimeFormat | undefined;

/**
 * A day as the griffie writes it, in Dutch time: "26 februari 2026".
 * @example formatDutchDate('2026-02-26T08:15:00Z') // '26 februari 2026'
 */
export function formatDutchDate(iso: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return 'onbekende datum';
  const parts = (date ??= new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' })).formatToParts(moment);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')}`;
}

let isoDay: Intl.DateTimeFormat | undefined;

/**
 * The calendar day in the Netherlands at a moment, as YYYY-MM-DD (New Year's night 00:30 CET is already the new day).
 * @example amsterdamDate('2026-01-31T23:30:00Z') // '2026-02-01'
 * @throws RangeError for a moment that is not a date
 */
export function amsterdamDate(iso: string | Date): string {
  const moment = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(moment.getTime())) throw new RangeError(`not a moment: ${String(iso)}`);
  // en-CA writes dates as YYYY-MM-DD.
  return (isoDay ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' })).format(moment);
}

/** A YYYY-MM-DD day as the griffie writes it: "2 maart 2026". */
export const formatDutchDay = (day: string): string => formatDutchDate(`${day}T12:00:00Z`);
