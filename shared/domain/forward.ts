/**
 * The forward to the raadsleden: a NEW message composed by Raadspost (never the original re-sent).
 * Pure: subject, cover note, headers and recipient batches. Everything taken from the original message is
 * attacker-controlled; header values are made single-line here, so an encoded CRLF in a subject can never
 * become a header of its own.
 */
import type { Decision, RegisterNumber } from './approval.js';
import { formatDutchDateTime } from './dutch-time.js';
import type { Letter } from './letter.js';
import type { MailAddress } from './mail.js';

/** SES accepts at most 50 recipients per message. */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;

/** Longest subject we write (RFC 5322 recommends 78 per line; MIME-encoding folds longer ones safely). */
const MAX_SUBJECT_CHARS = 250;
const MAX_NAME_CHARS = 120;

/**
 * One line of text safe for a header: CR, LF, every other control character, bidi overrides and line/paragraph
 * separators become spaces, runs of space collapse, the result is trimmed and cut to `max` characters.
 */
export const singleLineHeaderValue = (value: string, max: number): string =>
  value
    .replace(/[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .trim();

/** "<number>. <original subject>", as on the lijst ingekomen stukken: "28. Verkiezingen 2026 - ...". */
export const forwardSubject = (number: RegisterNumber, subject: string): string =>
  `${number.label}. ${singleLineHeaderValue(subject, MAX_SUBJECT_CHARS) || '(geen onderwerp)'}`;

/** Headers on every forward: marked as automatic (no out-of-office storms) and as ours (never offered again). */
export const forwardHeaders = (letterId: string): Readonly<Record<string, string>> => ({
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
  'X-Raadspost-Id': singleLineHeaderValue(letterId, 200),
});

/** A display name as a safe single line, or '' when it is empty or only repeats the address. */
export const safeDisplayName = (address: MailAddress): string => {
  const name = singleLineHeaderValue(address.name, MAX_NAME_CHARS).replace(/[<>"]/g, '');
  return name.toLowerCase() === address.address.toLowerCase() ? '' : name;
};

/** Splits the recipients into consecutive batches of at most `size`, in the configured order. */
export const recipientBatches = (recipients: readonly string[], size = MAX_RECIPIENTS_PER_MESSAGE): string[][] => {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const batches: string[][] = [];
  for (let i = 0; i < recipients.length; i += size) batches.push(recipients.slice(i, i + size));
  return batches;
};

/** "Naam <adres>" on one line, or the address alone. */
export const senderLine = (from: MailAddress | null): string => {
  if (!from?.address) return 'onbekend';
  const name = safeDisplayName(from);
  return name ? `${name} <${from.address}>` : from.address;
};

export interface CoverNoteInput {
  readonly letter: Pick<Letter, 'from' | 'organisation' | 'receivedAt' | 'subject' | 'attachments'>;
  readonly registerNumber: RegisterNumber;
  readonly decision: Decision;
  /** Proposed handling, e.g. "ter kennisname". */
  readonly handling: string;
  readonly municipality: string;
}

/** The Dutch note above the original text: what this is, from whom, how the griffie proposes to handle it. */
export const coverNote = ({ letter, registerNumber, decision, handling, municipality }: CoverNoteInput): string => {
  const attachments = letter.attachments.filter((a) => !a.inline);
  const lines = [
    'Geachte raadsleden,',
    '',
    `Hierbij ontvangt u een ingekomen stuk voor de gemeenteraad van ${municipality}.`,
    '',
    `Nummer:                   ${registerNumber.label}${registerNumber.year > 0 ? ` (lijst ingekomen stukken ${registerNumber.year})` : ''}`,
    `Afzender:                 ${senderLine(letter.from)}`,
    ...(letter.organisation ? [`Organisatie:              ${singleLineHeaderValue(letter.organisation, 200)}`] : []),
    `Ontvangen:                ${formatDutchDateTime(letter.receivedAt)}`,
    `Onderwerp:                ${singleLineHeaderValue(letter.subject, 500) || '(geen onderwerp)'}`,
    `Voorgestelde afhandeling: ${singleLineHeaderValue(handling, 200)}`,
    ...(attachments.length > 0
      ? [`Bijlagen:                 ${attachments.map((a) => singleLineHeaderValue(a.filename ?? '(zonder naam)', 200)).join('; ')}`]
      : []),
  ];
  if (decision.note) lines.push('', 'Toelichting van de griffie:', decision.note);
  lines.push(
    '',
    'Wilt u reageren? "Beantwoorden" gaat naar de afzender, niet naar de griffie.',
    '',
    `Met vriendelijke groet,`,
    `de griffie van ${municipality}`,
  );
  return lines.join('\n');
};

const ORIGINAL_MARKER = '---------- Oorspronkelijk bericht ----------';

/** The forward's text: the cover note, then the original message's text under a marker. */
export const forwardText = (note: string, original: { readonly from: MailAddress | null; readonly sentAt: string | null; readonly subject: string; readonly text: string }): string =>
  [
    note,
    '',
    ORIGINAL_MARKER,
    `Van: ${senderLine(original.from)}`,
    ...(original.sentAt ? [`Verzonden: ${formatDutchDateTime(original.sentAt)}`] : []),
    `Onderwerp: ${singleLineHeaderValue(original.subject, 500) || '(geen onderwerp)'}`,
    '',
    original.text.replace(/\r\n?/g, '\n').trim() || '(het bericht had geen tekst; zie de bijlage)',
    '',
  ].join('\n');

/** The Reply-To of the forward: the original sender's real address (the raadsleden answer the sender). */
export const forwardReplyTo = (letter: Pick<Letter, 'from'>): MailAddress | undefined =>
  letter.from?.address ? { name: safeDisplayName(letter.from), address: letter.from.address } : undefined;
