/**
 * What the griffier sees about a letter, in Dutch words: shared by the approval page and the approval mail so
 * both say the same thing. Pure: no I/O. The strings returned here are plain text (attacker-controlled parts
 * included); the renderers escape them.
 */
import type { ForwardFailureCode, LetterSummary, SummaryAttachment } from '../domain/approval.js';
import type { SimilarLetter } from '../domain/letter.js';
import { CATEGORY_LABELS, type LetterGround } from '../domain/category.js';
import { confidenceLevel } from '../domain/confidence.js';
import { formatDutchDateTime } from '../domain/dutch-time.js';
import { campaignLine } from '../domain/forward.js';
import { withoutFormatCharacters } from '../domain/text.js';
import type { MailAddress } from '../domain/mail.js';
import type { VerdictStatus } from '../domain/verdicts.js';

export { CATEGORY_LABELS, formatDutchDateTime };

/** "Naam <adres>", or only the address when there is no name (or the name is the address itself). */
export function formatAddress(address: MailAddress | null): string {
  if (!address) return 'onbekend (geen leesbare afzender)';
  const name = singleLine(address.name);
  const real = address.address || 'geen leesbaar adres';
  return name && name.toLowerCase() !== real ? `${name} <${real}>` : real;
}

/** Size in kB as the griffie reads it: "146 kB", never "0 kB". */
export const formatKilobytes = (bytes: number): string =>
  `${new Intl.NumberFormat('nl-NL').format(Math.max(1, Math.round(bytes / 1024)))} kB`;

/** "Brief.pdf (pdf-document, 146 kB)". */
export function describeAttachment(a: SummaryAttachment): string {
  const type = a.typeLabel ?? (singleLine(a.contentType.toLowerCase()) || 'onbekend type');
  return `${a.name} (${type}, ${formatKilobytes(a.size)})`;
}

const AUTH_WORDS: Readonly<Record<VerdictStatus, string>> = {
  PASS: 'in orde',
  FAIL: 'MISLUKT',
  GRAY: 'onduidelijk',
  PROCESSING_FAILED: 'kon niet worden gecontroleerd',
  DISABLED: 'niet gecontroleerd',
};

const SCAN_WORDS: Readonly<Record<'spam' | 'virus', Readonly<Record<VerdictStatus, string>>>> = {
  spam: { PASS: 'geen spam', FAIL: 'SPAM', GRAY: 'mogelijk spam', PROCESSING_FAILED: 'niet gecontroleerd', DISABLED: 'niet gecontroleerd' },
  virus: { PASS: 'geen virus', FAIL: 'VIRUS GEVONDEN', GRAY: 'onduidelijk', PROCESSING_FAILED: 'niet gecontroleerd', DISABLED: 'niet gecontroleerd' },
};

/** One line with the SES checks: "SPF in orde · DKIM in orde · DMARC MISLUKT · geen spam · geen virus". */
export function describeVerdicts(v: LetterSummary['verdicts']): string {
  return [
    `SPF ${AUTH_WORDS[v.spf]}`,
    `DKIM ${AUTH_WORDS[v.dkim]}`,
    `DMARC ${AUTH_WORDS[v.dmarc]}`,
    SCAN_WORDS.spam[v.spam],
    SCAN_WORDS.virus[v.virus],
  ].join(' · ');
}

/**
 * Who checked the sender (SPF, DKIM, DMARC): Amazon SES on receipt, or, for mail the griffie's own mail system
 * forwarded, that system when the message first arrived (its ARC results; SES only saw the forwarding).
 */
export function describeVerdictSource(source: LetterSummary['verdictSource']): string {
  return source.kind === 'forwarder'
    ? `${singleLine(source.forwarder)}, bij de eerste ontvangst: het bericht kwam via uw eigen doorsturing binnen (gegevens van ${singleLine(source.forwarder)}, niet van de afzender)`
    : 'Amazon SES, bij ontvangst';
}

/** One fact about the letter, as a label and plain-text value (a list when there are several). */
export interface Fact {
  readonly label: string;
  readonly value: string | readonly string[];
  /** Something failed here: shown in the warning colour. */
  readonly alert?: boolean;
  /** A text whose line breaks matter (a note). */
  readonly multiline?: boolean;
}

/**
 * Everything to warn the griffier about, most serious first: the named risks (risks.ts), then the checks that did
 * not pass. Plain text.
 */
export function letterWarnings(s: LetterSummary): string[] {
  const warnings = s.risks.map((r) => r.text);
  const has = (code: string) => s.risks.some((r) => r.code === code);
  if (s.failedAuthentication.length > 0 && !has('unauthenticated_own_domain')) {
    warnings.push(
      `De afzender kon niet worden bevestigd: ${joinDutch(s.failedAuthentication.map(singleLine))} ${s.failedAuthentication.length === 1 ? 'is' : 'zijn'} niet geslaagd. ` +
        'Het bericht kan vervalst zijn. Twijfelt u, neem dan contact op met de afzender via een adres of telefoonnummer dat u al kent.',
    );
  }
  if (s.displayNameLooksLikeOtherAddress) {
    warnings.push(
      `De naam van de afzender ziet eruit als een ander e-mailadres. Het echte adres is ${s.from?.address || 'onbekend'}. ` +
        'Dit is een bekende truc bij phishing.',
    );
  }
  if (s.verdicts.virus === 'FAIL') warnings.push('De virusscan van Amazon SES heeft een virus gevonden. Stuur deze brief niet door.');
  if (s.verdicts.spam === 'FAIL') warnings.push('Amazon SES beoordeelt dit bericht als spam.');
  return warnings;
}

/** The grounds of a letter as the griffie would say them. */
const GROUND_SENTENCES: Readonly<Record<LetterGround, (s: LetterSummary) => string>> = {
  addressed_to_council: () => 'De brief is gericht aan de gemeenteraad.',
  asks_distribution: () => 'De afzender vraagt de brief aan alle raadsleden door te sturen.',
  asks_council: () => 'De brief vraagt de raad iets te doen of te besluiten.',
  letter_in_attachment: () => 'De brief zelf zit in de bijlage.',
  on_behalf_of_members: (s) => `${s.organisation ? `${singleLine(s.organisation)} schrijft` : 'Een vereniging of organisatie schrijft'} namens haar bestuur of leden.`,
  organisation: (s) => `${s.organisation ? `Een organisatie (${singleLine(s.organisation)})` : 'Een organisatie'} schrijft de raad.`,
  resident: () => 'Een inwoner schrijft de raad.',
  personal_capacity: () => 'Een inwoner schrijft op persoonlijke titel.',
  passed_on: () => 'Iemand anders heeft de brief doorgestuurd; Raadspost beoordeelt de brief van de schrijver zelf.',
};

/** Why Raadspost proposes forwarding, in sentences for the griffier (empty for what is not a letter). */
export const groundSentences = (s: LetterSummary): string[] => s.grounds.map((g) => GROUND_SENTENCES[g](s));

/** "hoog" or "twijfel (Raadspost weet het niet zeker)". */
export const describeConfidence = (confidence: number): string =>
  confidenceLevel(confidence) === 'hoog' ? 'zekerheid hoog' : 'twijfel: Raadspost weet het niet zeker, kijk zelf goed';

/** The summary as label/value pairs, in the order the griffier reads them. Plain text. */
export function letterFacts(s: LetterSummary): Fact[] {
  const facts: Fact[] = [{ label: 'Afzender', value: formatAddress(s.from) }];
  const replyTo = s.replyTo.filter((r) => r.address && r.address !== s.from?.address);
  if (replyTo.length > 0) facts.push({ label: 'Antwoordadres in het bericht', value: replyTo.map(formatAddress), alert: true });
  facts.push(
    { label: 'Organisatie', value: singleLine(s.organisation ?? '') || 'geen organisatie herkend' },
    { label: 'Onderwerp', value: singleLine(s.subject) || '(geen onderwerp)' },
    { label: 'Ontvangen', value: formatDutchDateTime(s.receivedAt) },
    ...(s.campaign ? [{ label: 'Gelijkluidend', value: campaignFact(s.campaign) }] : []),
    ...(s.similarTo ? [{ label: 'Lijkt op', value: similarFact(s.similarTo), alert: true }] : []),
    ...(s.copies > 0 ? [{ label: 'Nogmaals ontvangen', value: `${s.copies} keer dezelfde brief (niet nog eens aangeboden)` }] : []),
    {
      label: 'Soort',
      value: s.correction
        ? `${CATEGORY_LABELS[s.category]} (volgens de griffie; Raadspost had het opgeborgen als ${CATEGORY_LABELS[s.correction.original.category]})`
        : `${CATEGORY_LABELS[s.category]} (${describeConfidence(s.confidence)})`,
    },
    ...(s.correction?.kind === 'submitted_to_council'
      ? [{ label: 'Voorgelegd door', value: `${singleLine(s.correction.by)} op ${formatDutchDateTime(s.correction.at)}, vanuit het dagelijkse overzicht` }]
      : []),
  );
  if (s.passedOn) {
    facts.push({ label: 'Doorgestuurd door', value: formatAddress(s.passedOn.by) });
    if (s.passedOn.author) facts.push({ label: 'Geschreven door', value: formatAddress(s.passedOn.author) });
  }
  const why = groundSentences(s);
  if (why.length > 0) facts.push({ label: 'Waarom voorgesteld', value: why });
  else if (s.reasons.length > 0) facts.push({ label: 'Waarom', value: s.reasons.map(singleLine) });
  facts.push(
    { label: 'Onderwerpen', value: s.topics.length > 0 ? joinDutch(s.topics.map(singleLine)) : 'geen herkend' },
    {
      label: 'Controles',
      value: describeVerdicts(s.verdicts),
      alert: s.failedAuthentication.length > 0 || s.verdicts.spam === 'FAIL' || s.verdicts.virus === 'FAIL',
    },
    { label: 'Gecontroleerd door', value: describeVerdictSource(s.verdictSource) },
  );
  if (s.warnings.length > 0) facts.push({ label: 'Opmerkingen bij het lezen', value: s.warnings.map((w) => singleLine(readingNote(w))) });
  return facts;
}

/**
 * A reading warning as the griffier reads it: the record keeps the code and the technical detail for operators
 * ("PDF_UNREADABLE: PDF "x" kon niet worden gelezen (…): Invalid PDF structure."); the page says what it means.
 */
export const readingNote = (warning: string): string =>
  READING_NOTES.reduce<string | undefined>((found, [pattern, say]) => found ?? (pattern.test(warning) ? warning.replace(pattern, say) : undefined), undefined) ?? warning;

const READING_NOTES: readonly (readonly [RegExp, string])[] = [
  [/^PDF_[A-Z_]+: (PDF ".*" kon niet worden gelezen \([^)]*\)):[\s\S]*$/, '$1.'],
  [/^bijgevoegd bericht (".*") kon niet worden gelezen:[\s\S]*$/, 'Het bijgevoegde bericht $1 kon niet worden gelezen.'],
  [/^Date header is not a valid date$/, 'De verzenddatum in het bericht is ongeldig.'],
  [/^html could not be converted to text:[\s\S]*$/, 'De opmaak van het bericht kon niet in gewone tekst worden omgezet; de tekst kan onvolledig zijn. Het origineel is bewaard.'],
];

/** The campaign in one sentence, with how many of its letters differ from this one's text. */
const campaignFact = (campaign: NonNullable<LetterSummary['campaign']>): string =>
  `${campaignLine(campaign)}. Het is één ingekomen stuk met één nummer; de raadsleden krijgen de brief één keer.` +
  (campaign.differing > 0
    ? ` Let op: ${campaign.differing === 1 ? 'één van die brieven wijkt' : `${campaign.differing} van die brieven wijken`} iets af van deze tekst (zie de lijst van afzenders).`
    : '');

const SIMILAR_BECAUSE: Readonly<Record<SimilarLetter['because'], string>> = {
  same_attachment: 'Een bijlage is precies dezelfde.',
  same_text: 'Een alinea van de tekst is precies dezelfde.',
  same_message_id: 'Het bericht heeft hetzelfde kenmerk (Message-ID) van dezelfde afzender, maar een andere inhoud.',
};

/** "Ingekomen stuk 12 (2026): «onderwerp» van x@y, ontvangen ... Een bijlage is precies dezelfde. ..." */
export function similarFact(similar: SimilarLetter): string {
  const earlier = similar.earlier;
  const which = earlier?.registerNumber
    ? `ingekomen stuk ${singleLine(earlier.registerNumber.label)}${earlier.registerNumber.year > 0 ? ` (${earlier.registerNumber.year})` : ''}`
    : 'een eerder ontvangen brief';
  const about = earlier
    ? `: “${singleLine(earlier.subject) || '(geen onderwerp)'}” van ${singleLine(earlier.from) || 'een onbekende afzender'}, ontvangen ${formatDutchDateTime(earlier.receivedAt)}`
    : ' die tegelijk binnenkwam';
  return `Deze brief lijkt op ${which}${about}. ${SIMILAR_BECAUSE[similar.because]} Is het dezelfde brief, dan hoeft hij niet nog eens naar de raadsleden; u beslist.`;
}

/** The attachments that go to the raadsleden, and those that do not (with why); layout images are only counted. */
export const attachmentsOf = (s: LetterSummary) => ({
  forwarded: s.attachments.filter((a) => a.forwarded),
  leftOut: s.attachments.filter((a) => !a.forwarded && !a.inline),
  layoutImages: s.attachments.filter((a) => a.inline && !a.forwarded).length,
});

/** One line saying what the approval page holds: "de volledige tekst, 3 links en 1 bijlage om te openen". */
export function pageContents(s: LetterSummary): string {
  const { forwarded, leftOut } = attachmentsOf(s);
  const parts = ['de volledige tekst die de raadsleden krijgen'];
  const links = s.text.links.length + (s.text.moreLinks ?? 0);
  parts.push(links === 0 ? 'geen links' : `${links} ${links === 1 ? 'link' : 'links'}`);
  if (forwarded.length > 0) parts.push(`${forwarded.length} ${forwarded.length === 1 ? 'bijlage' : 'bijlagen'} om te openen`);
  if (leftOut.length > 0) parts.push(`${leftOut.length} ${leftOut.length === 1 ? 'bijlage die niet meegaat' : 'bijlagen die niet meegaan'}`);
  return joinDutch(parts);
}

/** The Reply-To the forward carries, as the griffier reads it. */
export const describeForwardReplyTo = (s: LetterSummary): string =>
  'address' in s.forwardReplyTo ? s.forwardReplyTo.address : `de griffie (${s.forwardReplyTo.withheld})`;

/** Whether the excerpt is the PDF's text (the mail itself says little): then it is labelled as read from the file. */
export const excerptIsFromPdf = (s: Pick<LetterSummary, 'excerpt' | 'text'>): boolean => {
  if (!s.excerpt || s.text.text.length >= 200) return false;
  const flat = (value: string) => value.replace(/\s+/g, ' ').trim();
  const text = flat(withoutFormatCharacters(s.text.text).value);
  return cleanExcerpt(s.excerpt).replace(/ …$/, '').split('\n').map(flat).some((line) => line && !text.includes(line));
};

/** The label above the excerpt. */
export const excerptLabel = (s: Pick<LetterSummary, 'excerpt' | 'text'>): string =>
  excerptIsFromPdf(s) ? 'Begin van de brief in de pdf (de tekst zoals Raadspost die uit het bestand las)' : 'Begin van de brief';

/** The opening lines, with control characters removed and line breaks kept (at most a few blank lines). */
export const cleanExcerpt = (excerpt: string): string =>
  withoutFormatCharacters(excerpt.replace(/\r\n?/g, '\n'))
    .value.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/**
 * One line of text: line breaks, control characters and format characters (bidi overrides and zero-width
 * characters, used to disguise file names and addresses) become a space or disappear.
 */
export const singleLine = (text: string): string =>
  withoutFormatCharacters(text)
    .value.replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim();

/** "a, b en c". */
export const joinDutch = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;

/** Why a forward failed, in the griffier's words. */
export const FAILURE_WORDS: Readonly<Partial<Record<ForwardFailureCode, string>>> = {
  FORWARD_CAP_REACHED: 'het maximum aantal doorzendingen per uur is bereikt',
  SEND_REJECTED: 'de mailverzending van Amazon weigerde het bericht',
  LETTER_FILE_MISSING: 'een bijlage is niet meer gevonden in de opslag',
  DEPENDENCY_UNAVAILABLE: 'er was een storing bij de opslag of de mailverzending',
  FORWARD_FAILED: 'alle pogingen mislukten door een storing',
  FORWARD_UNCERTAIN: 'de mailverzending gaf geen antwoord, dus het is niet zeker of de raadsleden het kregen; vraag het een raadslid voordat u het opnieuw laat versturen',
};
