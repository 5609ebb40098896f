/**
 * The forward to the raadsleden: a NEW message composed by Raadspost (never the original re-sent).
 * Pure: subject, cover note, headers and recipient batches. Everything taken from the original message is
 * attacker-controlled; header values are made single-line here, so an encoded CRLF in a subject can never
 * become a header of its own.
 */
import type { Decision, RegisterNumber } from './approval.js';
import { refusalReason } from './attachment-policy.js';
import { formatDutchDate, formatDutchDateTime } from './dutch-time.js';
import type { Letter, StoredAttachment } from './letter.js';
import { isPlainAddress, type MailAddress } from './mail.js';
import { RAADSPOST_MARK } from './own-mail.js';
import type { Risk } from './risks.js';
import { withoutFormatCharacters } from './text.js';

/** SES accepts at most 50 recipients per message. */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;

/** Longest subject we write (RFC 5322 recommends 78 per line; MIME-encoding folds longer ones safely). */
const MAX_SUBJECT_CHARS = 250;
const MAX_NAME_CHARS = 120;

/**
 * One line of text safe for a header: format characters (bidi controls, zero-width, BOM) are removed, CR, LF, every
 * other control character and line/paragraph separators become spaces, runs of space collapse, the result is trimmed
 * and cut to `max` characters (never half a surrogate pair).
 */
export const singleLineHeaderValue = (value: string, max: number): string =>
  Array.from(
    withoutFormatCharacters(value)
      .value.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  )
    .slice(0, max)
    .join('')
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

/** A display name as a safe single line, or '' when it is empty or only repeats the address. Never used as a header of ours. */
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

const ADDRESS_IN_NAME = /[^\s<>"'@,;:()]+@[^\s<>"'@,;:()]+\.[a-z]{2,}/gi;

/** True when the display name contains an address that is not the real one ("bank@rabobank.nl" <x@evil.example>). */
export const displayNameLooksLikeOtherAddress = (from: MailAddress | null): boolean => {
  if (!from?.name) return false;
  const found = from.name.match(ADDRESS_IN_NAME) ?? [];
  return found.some((a) => a.toLowerCase() !== from.address.toLowerCase());
};

/** Whether the sender's name may be repeated: not when it claims the municipality, imitates its domain or shows another address. */
const nameIsTrusted = (risks: readonly Risk[], from?: MailAddress | null): boolean =>
  !risks.some((r) => r.code === 'impersonation' || r.code === 'lookalike_domain') && !displayNameLooksLikeOtherAddress(from ?? null);

/** "Naam <adres>" on one line, or the address alone (also when the name claims the municipality: see risks.ts). */
export const senderLine = (from: MailAddress | null, risks: readonly Risk[] = []): string => {
  if (!from?.address) return 'onbekend';
  const name = nameIsTrusted(risks, from) ? safeDisplayName(from) : '';
  return name ? `${name} <${from.address}>` : from.address;
};

/** The organisation as it may be shown: none when the sender claims the municipality or imitates its domain. */
export const trustedOrganisation = (letter: Pick<Letter, 'organisation' | 'risks' | 'from'>): string | null =>
  letter.organisation && nameIsTrusted(letter.risks, letter.from) ? letter.organisation : null;

/** An attachment's file name as it is shown and sent: one line, no format characters. */
export const attachmentName = (a: Pick<StoredAttachment, 'filename'>, index: number): string =>
  singleLineHeaderValue(a.filename ?? '', 200) || `bijlage-${index + 1}`;

/** The attachments that go along, and those that stay home with why (inline images of the HTML layout are not named). */
export const forwardedAttachments = (attachments: readonly StoredAttachment[]): { readonly index: number; readonly attachment: StoredAttachment }[] =>
  attachments.flatMap((attachment, index) => (attachment.verdict.forward && attachment.fileKey ? [{ index, attachment }] : []));

export const attachmentsLeftOut = (attachments: readonly StoredAttachment[]): { readonly name: string; readonly reason: string }[] =>
  attachments.flatMap((a, index) =>
    a.verdict.forward || a.verdict.refusal.code === 'inline' ? [] : [{ name: attachmentName(a, index), reason: refusalReason(a.verdict.refusal) }],
  );

export interface CoverNoteInput {
  readonly letter: Pick<Letter, 'id' | 'from' | 'organisation' | 'receivedAt' | 'subject' | 'attachments' | 'risks' | 'verdicts' | 'campaign'>;
  readonly registerNumber: RegisterNumber;
  readonly decision: Decision;
  /** Proposed handling, e.g. "ter kennisname". */
  readonly handling: string;
  readonly municipality: string;
}

/** The Dutch note above the original text: what this is, from whom, how the griffie proposes to handle it. */
export const coverNote = ({ letter, registerNumber, decision, handling, municipality }: CoverNoteInput): string => {
  const sent = forwardedAttachments(letter.attachments);
  const leftOut = attachmentsLeftOut(letter.attachments);
  const organisation = trustedOrganisation(letter);
  const lines = [
    'Geachte raadsleden,',
    '',
    `Hierbij ontvangt u een ingekomen stuk voor de gemeenteraad van ${municipality}.`,
    '',
    `Nummer:                   ${registerNumber.label}${registerNumber.year > 0 ? ` (lijst ingekomen stukken ${registerNumber.year})` : ''}`,
    `Afzender:                 ${senderLine(letter.from, letter.risks)}`,
    ...(organisation ? [`Organisatie:              ${singleLineHeaderValue(organisation, 200)}`] : []),
    `Ontvangen:                ${formatDutchDateTime(letter.receivedAt)}`,
    ...(letter.campaign && letter.campaign.count > 1 ? [`Gelijkluidend:            ${campaignLine(letter.campaign)}`] : []),
    `Onderwerp:                ${singleLineHeaderValue(letter.subject, 500) || '(geen onderwerp)'}`,
    `Voorgestelde afhandeling: ${singleLineHeaderValue(handling, 200)}`,
    ...(sent.length > 0 ? [`Bijlagen:                 ${sent.map(({ attachment, index }) => attachmentName(attachment, index)).join('; ')}`] : []),
    ...(leftOut.length > 0 ? [`Niet doorgestuurd:        ${leftOut.map(({ name, reason }) => `${name} (${reason})`).join('; ')}`] : []),
  ];
  if (decision.note) lines.push('', 'Toelichting van de griffie:', decision.note);
  lines.push(
    '',
    forwardReplyTo(letter)
      ? 'Wilt u reageren? "Beantwoorden" gaat naar de afzender, niet naar de griffie.'
      : `Wilt u reageren? "Beantwoorden" gaat naar de griffie: ${replyToWithheldBecause(letter)}.`,
    '',
    `Met vriendelijke groet,`,
    `de griffie van ${municipality}`,
    '',
    `${RAADSPOST_MARK} ${letter.id}`,
  );
  return lines.join('\n');
};

/** "door 312 inwoners gestuurd, van 2 februari 2026 tot 9 februari 2026" (the first one's sender is named above). */
export const campaignLine = (campaign: { readonly count: number; readonly firstAt: string; readonly lastAt: string }): string =>
  `dezelfde brief is door ${campaign.count} inwoners gestuurd, van ${formatDutchDate(campaign.firstAt)} tot ${formatDutchDate(campaign.lastAt)}`;

const ORIGINAL_MARKER = '---------- Oorspronkelijk bericht ----------';

/**
 * The forward's text: the cover note, then the letter's prepared text (exactly what the approval page showed,
 * `Letter.body.text`) under a marker.
 */
export const forwardText = (
  note: string,
  original: { readonly from: MailAddress | null; readonly risks: readonly Risk[]; readonly sentAt: string | null; readonly subject: string; readonly text: string },
): string =>
  [note, '', ...originalHeadLines(original), '', original.text || '(het bericht had geen tekst; zie de bijlage)', ''].join('\n');

/** The lines above the letter's text in the forward (and in the page's preview of it). */
export const originalHeadLines = (original: { readonly from: MailAddress | null; readonly risks: readonly Risk[]; readonly sentAt: string | null; readonly subject: string }): string[] => [
  ORIGINAL_MARKER,
  `Van: ${senderLine(original.from, original.risks)}`,
  ...(original.sentAt ? [`Verzonden: ${formatDutchDateTime(original.sentAt)}`] : []),
  `Onderwerp: ${singleLineHeaderValue(original.subject, 500) || '(geen onderwerp)'}`,
];

/** The forward's subject as the page previews it, before the letter has its number. */
export const previewSubject = (subject: string): string => forwardSubject({ year: 0, sequence: 0, label: '[nummer]' }, subject);

/**
 * The Reply-To of the forward, the same one the approval page shows: the sender's bare address (never a display name
 * from the message, which could read "Griffie Heemstede"), and only when DMARC passed. Without it, replies of
 * raadsleden go to the griffie, which is safe.
 */
export const forwardReplyTo = (letter: Pick<Letter, 'from' | 'verdicts' | 'risks'>): MailAddress | undefined =>
  letter.from?.address && !replyToWithheldBecause(letter) ? { name: '', address: letter.from.address } : undefined;

/** Why the forward has no Reply-To (Dutch, for the cover note and the page), or undefined when it has one. */
export const replyToWithheldBecause = (letter: Pick<Letter, 'from' | 'verdicts' | 'risks'>): string | undefined => {
  if (!letter.from?.address) return 'het bericht had geen leesbare afzender';
  if (letter.verdicts.dmarc !== 'PASS') return 'de afzender kon niet worden bevestigd (de DMARC-controle is niet geslaagd), dus staat zijn adres niet als antwoordadres in dit bericht';
  if (!isPlainAddress(letter.from.address)) return 'het adres van de afzender is ongebruikelijk samengesteld (het bevat aanhalingstekens of een ander adres)';
  if (!nameIsTrusted(letter.risks, letter.from)) return 'de afzender doet zich voor als de gemeente, gebruikt een nagemaakt domein of een naam die op een ander adres lijkt, dus staat zijn adres niet als antwoordadres in dit bericht';
  return undefined;
};
