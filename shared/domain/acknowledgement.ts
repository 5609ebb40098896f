/**
 * The ontvangstbevestiging: when a letter has gone to the raadsleden, its sender hears from the griffie that it was
 * received, under which number it is registered, what the griffie proposes and what happens next. Each resident of a
 * campaign gets their own. Pure: who gets one, and the text from a configurable template.
 *
 * It is an automatic reply (RFC 3834): never to an address that does not read replies, never to bulk or automatic
 * mail, never to a sender whose DMARC did not pass (anyone can write a From: an acknowledgement to a forged sender
 * is mail to a stranger), and never twice to one sender for one letter (each address's is a record of its own).
 */
import type { RegisterNumber } from './approval.js';
import { formatDutchDateTime } from './dutch-time.js';
import { singleLineHeaderValue } from './forward.js';
import type { Letter } from './letter.js';
import { RAADSPOST_MARK } from './own-mail.js';

/** Why a sender gets no acknowledgement. */
export type AcknowledgementSkip = 'no_sender' | 'unsendable_address' | 'dmarc_not_passed' | 'no_reply_address' | 'automated' | 'own_domain' | 'send_refused';

/** In the griffie's words (history and page). */
export const ACKNOWLEDGEMENT_SKIP_REASONS: Readonly<Record<AcknowledgementSkip, string>> = {
  no_sender: 'het bericht had geen leesbare afzender',
  unsendable_address: 'het adres heeft tekens vóór de @ die de mailverzending van Amazon niet aankan',
  dmarc_not_passed: 'de afzender kon niet worden bevestigd (DMARC niet geslaagd)',
  no_reply_address: 'het adres leest geen antwoorden (no-reply)',
  automated: 'het bericht was automatisch of massaal verstuurd',
  own_domain: 'de afzender is de gemeente zelf',
  send_refused: 'de mailverzending van Amazon weigerde het bericht',
};

/** One sender's acknowledgement, a record of its own under the letter, kept under acknowledgementKey. */
export interface AcknowledgementRecord {
  /** `sending` while claimed (a run that died there leaves it: never sent twice), `sent`, or `skipped` with why. */
  readonly state: 'sending' | 'sent' | 'skipped';
  /** ISO-8601. */
  readonly at: string;
  /** The record this sender's letter has (the first letter, or their own campaign letter). */
  readonly letterId: string;
  readonly providerMessageId?: string;
  readonly reason?: AcknowledgementSkip;
}

/** A sender's acknowledgement with the key it is kept under. */
export interface Acknowledgement {
  readonly key: string;
  readonly record: AcknowledgementRecord;
}

/** A run of a letter's acknowledgements that reached every sender it knew of (Letter.acknowledged). */
export interface AcknowledgedRun {
  /** ISO-8601. */
  readonly at: string;
  /** The letters whose senders it handled: the letter itself and its campaign's letters. */
  readonly letters: number;
}

/**
 * Whether a forwarded letter has senders whose acknowledgement no run handled yet: no run reached them all (one died,
 * ran out of time or could not send), or its campaign counted more letters since.
 */
export const acknowledgementsDue = (letter: Pick<Letter, 'acknowledged' | 'campaign'>): boolean =>
  (letter.acknowledged?.letters ?? 0) < (letter.campaign?.count ?? 1);

/** What an acknowledgement needs of a campaign letter: its sender, their checks, and what the text names. */
export const CAMPAIGN_RESIDENT_FIELDS = ['id', 'from', 'verdicts', 'automated', 'subject', 'receivedAt', 'headerMessageId'] as const satisfies readonly (keyof Letter)[];
export type CampaignResident = Pick<Letter, (typeof CAMPAIGN_RESIDENT_FIELDS)[number]>;

/**
 * The longest address that is acknowledged (RFC 5321 allows a path of 256 octets, brackets included). A longer From is
 * no sender we can answer, and the key stays short enough for a storage key (DynamoDB's sort key: 1 KB).
 */
export const MAX_ACKNOWLEDGED_ADDRESS = 254;

/**
 * The key an acknowledgement is kept under, so nobody gets two for one letter: the address it goes to (lower case).
 * A letter that gets none (a forged or automatic sender, no address) is noted under its record's id in brackets, so
 * it never uses up the address for the real sender's own letter.
 */
export const acknowledgementKey = (letter: Pick<Letter, 'id'>, target: ReturnType<typeof acknowledgementAddress>): string =>
  'skip' in target ? `(${letter.id})` : target.address;

/** A domain as DNS knows it (an IDN in punycode, so one mailbox is one address however it was written), or '' when it is none. */
const dnsName = (domain: string): string => {
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return '';
  }
};

/** Local parts of addresses nobody reads (RFC 2142 roles and the usual no-reply spellings, Dutch ones included). */
const NO_REPLY = /^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|noreply|donotreply|mailer[-_.]?daemon|postmaster|bounces?|notifications?|notificaties?|geen[-_.]?antwoord|niet[-_.]?beantwoorden|antwoorden[-_.]?niet[-_.]?mogelijk)(?:[-+_.].*)?$/i;

/** What decides whether a sender gets an acknowledgement: the parts of their record that matter. */
export type AcknowledgementSubject = Pick<Letter, 'from' | 'verdicts' | 'automated'>;

/** The address to acknowledge (the From: the address DMARC vouched for, never a Reply-To), or why none. */
export const acknowledgementAddress = (
  letter: AcknowledgementSubject,
  ownDomains: readonly string[],
): { readonly address: string } | { readonly skip: AcknowledgementSkip } => {
  const written = letter.from?.address?.toLowerCase();
  if (!written || !written.includes('@') || written.length > MAX_ACKNOWLEDGED_ADDRESS) return { skip: 'no_sender' };
  const local = written.slice(0, written.lastIndexOf('@'));
  const domain = dnsName(written.slice(written.lastIndexOf('@') + 1));
  if (!local || !domain) return { skip: 'no_sender' };
  // SES sends only 7-bit addresses (no SMTPUTF8): a domain as an IDN goes in punycode, a local part cannot.
  if (/[^\x21-\x7e]/.test(local)) return { skip: 'unsendable_address' };
  const address = `${local}@${domain}`;
  if (ownDomains.some((d) => domain === d || domain.endsWith(`.${d}`))) return { skip: 'own_domain' };
  if (NO_REPLY.test(local)) return { skip: 'no_reply_address' };
  if (letter.automated?.autoSubmitted || letter.automated?.bulk) return { skip: 'automated' };
  if (letter.verdicts.dmarc !== 'PASS') return { skip: 'dmarc_not_passed' };
  return { address };
};

/** The words a template may use, each between braces: `{nummer}`. */
export const ACKNOWLEDGEMENT_PLACEHOLDERS = ['afzender', 'ontvangen', 'onderwerp', 'nummer', 'afdoeningsvoorstel', 'gemeente'] as const;
export type AcknowledgementPlaceholder = (typeof ACKNOWLEDGEMENT_PLACEHOLDERS)[number];

/** The default text (ACKNOWLEDGEMENT_TEMPLATE replaces it). */
export const DEFAULT_ACKNOWLEDGEMENT_TEMPLATE = `Geachte {afzender},

Op {ontvangen} ontving de griffie van de gemeente {gemeente} uw brief aan de gemeenteraad met het onderwerp "{onderwerp}". Hartelijk dank daarvoor.

Uw brief is geregistreerd als ingekomen stuk nr. {nummer} en is doorgestuurd naar alle raadsleden.
Voorgestelde afhandeling: {afdoeningsvoorstel}.

Wat gebeurt er nu?
Uw brief komt op de lijst ingekomen stukken van een van de volgende vergaderingen van de gemeenteraad. De raad besluit daar hoe uw brief wordt afgehandeld; meestal volgt hij het voorstel van de griffie. Stelt de raad uw brief in handen van het college, dan hoort u van het college. Raadsleden kunnen ook zelf contact met u opnemen.

Wilt u iets vragen over uw brief? Antwoord dan op dit bericht en noem het nummer {nummer}.

Met vriendelijke groet,

de griffie van de gemeente {gemeente}`;

/** Longest template accepted (a page of text). */
const MAX_TEMPLATE_CHARS = 5000;

/**
 * Checks a template: only known placeholders, and `{nummer}` among them (the acknowledgement's point).
 * @throws RangeError naming the problem
 */
export const checkAcknowledgementTemplate = (template: string): string => {
  const text = template.replace(/\r\n?/g, '\n').replace(/\\n/g, '\n').trim();
  if (!text) throw new RangeError('the acknowledgement template is empty');
  if (text.length > MAX_TEMPLATE_CHARS) throw new RangeError(`the acknowledgement template is ${text.length} characters, at most ${MAX_TEMPLATE_CHARS}`);
  const unknown = [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).filter((p) => !(ACKNOWLEDGEMENT_PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new RangeError(`unknown placeholder(s) {${unknown.join('}, {')}}; use ${ACKNOWLEDGEMENT_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);
  if (!text.includes('{nummer}')) throw new RangeError('the acknowledgement template must name the number: {nummer}');
  return text;
};

export interface AcknowledgementInput {
  /** The sender's own record (their campaign letter, or the letter itself). */
  readonly letter: Pick<Letter, 'id' | 'from' | 'subject' | 'receivedAt'>;
  readonly registerNumber: RegisterNumber;
  /** The afdoeningsvoorstel as decided. */
  readonly handling: string;
  readonly municipality: string;
  readonly template: string;
}

/** The acknowledgement's subject and text. The mark line (RAADSPOST_MARK) is always added under the template's text. */
export const acknowledgementMail = ({ letter, registerNumber, handling, municipality, template }: AcknowledgementInput): { readonly subject: string; readonly text: string } => {
  const values: Readonly<Record<AcknowledgementPlaceholder, string>> = {
    afzender: singleLineHeaderValue(letter.from?.name ?? '', 120).replace(/[<>"]/g, '') || 'afzender',
    ontvangen: formatDutchDateTime(letter.receivedAt),
    onderwerp: singleLineHeaderValue(letter.subject, 300) || '(geen onderwerp)',
    nummer: registerNumber.label,
    afdoeningsvoorstel: singleLineHeaderValue(handling, 200),
    gemeente: singleLineHeaderValue(municipality, 120),
  };
  // One pass over the template: a value that itself contains "{nummer}" (a subject) is not filled in again.
  const text = template.replace(/\{([a-z]+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name as AcknowledgementPlaceholder] : whole));
  return {
    subject: `Ontvangstbevestiging: uw brief aan de gemeenteraad (ingekomen stuk nr. ${registerNumber.label})`,
    text: `${text}\n\n${RAADSPOST_MARK} ${letter.id}\n`,
  };
};

/** Headers of an acknowledgement: an automatic reply (RFC 3834) that refers to the letter it answers, and ours. */
export const acknowledgementHeaders = (letterId: string, originalMessageId: string | null): Readonly<Record<string, string>> => {
  // The original Message-ID comes from the sender: only a plain id-left@id-right is repeated.
  const ref = originalMessageId && /^[^\s<>()"\\,;:@]{1,200}@[^\s<>()"\\,;:@]{1,200}$/.test(originalMessageId) ? `<${originalMessageId}>` : undefined;
  return {
    'Auto-Submitted': 'auto-replied',
    'X-Auto-Response-Suppress': 'All',
    'X-Raadspost-Id': singleLineHeaderValue(letterId, 200),
    ...(ref && { 'In-Reply-To': ref, References: ref }),
  };
};
