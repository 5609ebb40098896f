/**
 * Named risks of a received message, for the griffier: each a stable code and a Dutch sentence that says what is
 * wrong and what to do. Stored on the record, shown first on the approval page and in the approval mail, printed by
 * `raadspost classify`. Pure: everything comes in as parameters.
 *
 * Risks do not replace the classifier; some of them stop a message from ever being offered for forwarding
 * (`BLOCKS_FORWARDING`), the others are shown so that the griffier decides knowingly.
 */
import { isDangerous, judgeAttachment, refusalReason, type AttachmentVerdict } from './attachment-policy.js';
import { LINK_PLACES, linksIn, type LetterLink, type LetterText } from './letter-text.js';
import { isFreeMail } from './classifier/addresses.js';
import { isOwnDomain, lookalikeOf, normaliseDomain, skeleton, type Lookalike } from './lookalike.js';
import type { AttachmentInfo, MailAddress, ParsedMail } from './mail.js';
import { containsApprovalLink, RAADSPOST_MARK_PATTERN } from './own-mail.js';
import { withoutFormatCharacters } from './text.js';
import type { Verdicts } from './verdicts.js';

export const RISK_CODES = [
  'impersonation',
  'lookalike_domain',
  'network_path',
  'unauthenticated_own_domain',
  'dangerous_attachment',
  'auto_submitted',
  'own_mail_returned',
  'hidden_text',
] as const;

export type RiskCode = (typeof RISK_CODES)[number];

export interface Risk {
  readonly code: RiskCode;
  /** Dutch, for the griffier; may quote attacker-controlled names (renderers escape it). */
  readonly text: string;
}

/** Risks that keep a message from ever being offered for forwarding: it is filed, visibly, with the risk. */
export const BLOCKS_FORWARDING: ReadonlySet<RiskCode> = new Set(['unauthenticated_own_domain', 'own_mail_returned']);

export const blocksForwarding = (risks: readonly Risk[]): boolean => risks.some((r) => BLOCKS_FORWARDING.has(r.code));


/** Words compared by their confusables skeleton, so that a Cyrillic "Грифие"-style spelling cannot slip past. */
const skeletons = (words: readonly string[]): ReadonlySet<string> => new Set(words.map(skeleton));
/** The municipality's authority as a sender claims it. */
const AUTHORITY_WORDS = skeletons(['gemeente', 'gem', 'griffie', 'griffier', 'raadsgriffie', 'raadsgriffier', 'burgemeester', 'college', 'wethouder', 'wethouders', 'gemeenteraad', 'raad', 'gemeentesecretaris', 'raadsleden']);
/** Titles of one person: "Burgemeester A. de Vries" from a free-mail address claims the office, whatever follows. */
const OFFICE_TITLES = skeletons(['burgemeester', 'griffier', 'raadsgriffier', 'wethouder', 'gemeentesecretaris']);
/** Mailbox names that only the municipality's offices use: on a free-mail domain they claim the office. */
const OFFICE_MAILBOXES = skeletons(['griffie', 'griffier', 'raadsgriffie', 'raadsgriffier', 'burgemeester', 'wethouder', 'gemeentesecretaris', 'gemeenteraad', 'gemeente']);
const FILLERS = skeletons(['de', 'het', 'van', 'en', 'b', 'w', 'bw', 'b&w', 'namens', 'team', 'afdeling', 'der']);

export interface RiskContext {
  readonly verdicts: Verdicts;
  /** The municipality's own mail domains, lower-case. */
  readonly ownDomains: readonly string[];
  /** The municipality's name ("Bergen op Zoom"); the own domains' names count too. */
  readonly municipality?: string;
}

export interface RiskInput {
  readonly mail: Pick<ParsedMail, 'from' | 'replyTo' | 'subject' | 'headers' | 'attachments'>;
  /** The prepared text (letter-text.ts). */
  readonly text: LetterText;
  /** The policy's verdict per attachment, in the order of `mail.attachments`. */
  readonly attachmentVerdicts: readonly AttachmentVerdict[];
}

/** Every risk of one message, in a fixed order (most serious first), each code at most once. */
export const assessRisks = ({ mail, text, attachmentVerdicts }: RiskInput, context: RiskContext): Risk[] => {
  const risks: Risk[] = [];
  const add = (code: RiskCode, sentence: string) => {
    if (!risks.some((r) => r.code === code)) risks.push({ code, text: sentence });
  };
  const own = context.ownDomains.map(normaliseDomain);
  const names = municipalityNames(own, context.municipality);
  const from = mail.from;
  const fromDomain = domainOf(from?.address);

  const returned = ownMailReturned(mail, text);
  if (returned) add('own_mail_returned', returned);

  if (fromDomain && isOwnDomain(fromDomain, own) && context.verdicts.dmarc !== 'PASS') {
    add(
      'unauthenticated_own_domain',
      `Het bericht zegt te komen van ${from!.address}, een adres van de gemeente zelf, maar dat is niet bevestigd ` +
        `(DMARC ${context.verdicts.dmarc === 'FAIL' ? 'mislukt' : 'niet geslaagd'}). Het kan vervalst zijn; het wordt niet ter doorzending aangeboden.`,
    );
  }

  if (from && fromDomain && !isOwnDomain(fromDomain, own)) {
    const claim = senderClaim(from, names);
    if (claim) add('impersonation', impersonationText(claim, from.address));
  }

  const links = [...text.links.filter((l) => l.where), ...linksIn(text.text)];
  const lookalike = lookalikeSender(mail, links, own);
  if (lookalike) add('lookalike_domain', lookalike);

  const paths = [...new Set(links.filter((l) => l.networkPath).map((l) => l.host))];
  if (paths.length > 0) {
    add(
      'network_path',
      `Het bericht verwijst naar bestanden op een andere computer (${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ' en meer' : ''}). ` +
        'Wie zo\u2019n verwijzing opent, kan zonder het te merken zijn inloggegevens naar die computer sturen. Open ze niet.',
    );
  }

  const dangerous = mail.attachments.flatMap((a, i) => {
    const v = attachmentVerdicts[i] ?? judgeAttachment(a);
    return !v.forward && isDangerous(v.refusal) ? [`${displayName(a)} (${refusalReason(v.refusal)})`] : [];
  });
  if (dangerous.length > 0) {
    const one = dangerous.length === 1;
    add(
      'dangerous_attachment',
      `${one ? 'Een bijlage kan' : `${dangerous.length} bijlagen kunnen`} schade doen en ${one ? 'gaat' : 'gaan'} niet mee naar de raadsleden: ` +
        `${dangerous.join('; ')}. Open ${one ? 'deze bijlage' : 'ze'} niet. Heeft de raad het stuk nodig, vraag de afzender dan om het als gewone pdf te sturen.`,
    );
  }

  const autoSubmitted = mail.headers.autoSubmitted?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') {
    add('auto_submitted', `Het bericht is automatisch verstuurd (Auto-Submitted: ${autoSubmitted.split(';')[0]}), niet door een persoon met de hand.`);
  }

  const hidden = hiddenText(mail, text);
  if (hidden) add('hidden_text', hidden);
  return RISK_CODES.flatMap((code) => risks.filter((r) => r.code === code));
};

/** The municipality's names, compact and lower-case: "bergenopzoom" from "Bergen op Zoom" and from bergenopzoom.nl. */
const municipalityNames = (own: readonly string[], municipality: string | undefined): string[] => {
  const names = new Set(own.map((d) => d.split('.').slice(-2, -1)[0] ?? '').filter((n) => n.length >= 2).map(compact));
  if (municipality) names.add(compact(municipality));
  names.delete('');
  return [...names];
};

const compact = (value: string): string => skeleton(value).normalize('NFD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]/gu, '');

const domainOf = (address: string | undefined): string | undefined => {
  const at = address?.lastIndexOf('@') ?? -1;
  return at > 0 ? address!.slice(at + 1).toLowerCase() : undefined;
};

/** Words that lead the name of an organisation of, for or about the municipality: it speaks for itself, not for it. */
const ASSOCIATION_LEAD = /^(\p{L}*raad|vereniging|\p{L}*vereniging|stichting|fractie|partij|platform|comit[eé]|werkgroep|bewoners\p{L}*|buurt\p{L}*|wijk\p{L}*|belangen\p{L}*|ondernemers\p{L}*|club|bond|\p{L}*bond|federatie|co[oö]peratie|kerk|parochie|school|vrienden|actiegroep|collectief|dorps\p{L}*)$/u;

/** "raad" leads a name as one of many councils (wijkraad, cliëntenraad) but claims ours alone or as gemeenteraad. */
const isAssociationLead = (word: string): boolean => ASSOCIATION_LEAD.test(word) && !AUTHORITY_WORDS.has(word);

/**
 * The authority a display name, local part or organisation claims ("Heemstede Griffie", "A. de Vries (burgemeester
 * Heemstede)", "Gem. Heemstede", griffie.heemstede@…, "Kabinet van de burgemeester"), or undefined. It claims our
 * authority when it names an authority of the municipality together with the municipality, names an office
 * (burgemeester, griffier, wethouder) without another place, or consists of authority words only. A name led by an
 * association ("Cliëntenraad gemeente Heemstede", "Wijkraad Heemstede-Zuid") speaks for itself and claims nothing.
 */
export const claimedAuthority = (value: string, names: readonly string[], kind: 'name' | 'local_part' | 'organisation'): string | undefined => {
  const cleaned = withoutFormatCharacters(value).value.trim();
  if (!cleaned) return undefined;
  const words = skeleton(cleaned).normalize('NFD').replace(/\p{M}/gu, '').split(/[^\p{L}\p{N}&]+/u).filter(Boolean);
  const meaningful = words.filter((w) => !FILLERS.has(w));
  if (meaningful.length === 0 || isAssociationLead(meaningful[0]!)) return undefined;
  const authority = meaningful.filter((w) => AUTHORITY_WORDS.has(w));
  if (authority.length === 0) return undefined;
  const namesOurs = names.some((n) => meaningful.some((w) => w === n) || (n.length >= 6 && compact(cleaned).includes(n)));
  const office = authority.some((w) => OFFICE_TITLES.has(w));
  const namesAnotherPlace = /\bvan\s+\p{L}/iu.test(cleaned) && !namesOurs && !/\bvan\s+(de|het)\b/iu.test(cleaned);
  const onlyAuthority = meaningful.every((w) => AUTHORITY_WORDS.has(w));
  if (namesOurs || (kind !== 'local_part' && (onlyAuthority || (office && !namesAnotherPlace)))) return cleaned.slice(0, 120);
  return undefined;
};

/** What the sender claims to be, when it claims the municipality's authority from outside the own domains. */
const senderClaim = (from: MailAddress, names: readonly string[]): string | undefined => {
  // A quoted local part or a second address ("griffie@heemstede.nl"@elders.example) reads as someone else's address.
  if (/"|@.*@/.test(from.address)) return from.address.slice(0, 120);
  const local = from.address.split('@')[0] ?? '';
  const domain = domainOf(from.address) ?? '';
  const byName = claimedAuthority(from.name, names, 'name');
  if (byName) return byName;
  const byLocal = claimedAuthority(local.replace(/[._+-]+/g, ' '), names, 'local_part');
  if (byLocal) return local;
  // A generic office as the mailbox of a free-mail account ("raadsgriffie@outlook.com", "burgemeester.devries@gmail.com").
  const localWords = local.toLowerCase().split(/[._+-]+/).map(skeleton);
  if (isFreeMail(domain) && localWords.some((w) => OFFICE_MAILBOXES.has(w))) return local;
  return undefined;
};

/** The impersonation risk of an organisation the classifier read in the letter ("Gemeente Heemstede" in the signature). */
export const organisationRisk = (organisation: string | null, from: MailAddress | null, context: RiskContext): Risk | undefined => {
  const domain = domainOf(from?.address);
  if (!organisation || !domain || isOwnDomain(domain, context.ownDomains.map(normaliseDomain))) return undefined;
  const claim = claimedAuthority(organisation, municipalityNames(context.ownDomains.map(normaliseDomain), context.municipality), 'organisation');
  return claim ? { code: 'impersonation', text: impersonationText(claim, from!.address) } : undefined;
};

const impersonationText = (claim: string, address: string): string =>
  `De afzender noemt zich "${claim}", maar schrijft van ${address}, buiten de eigen domeinen van de gemeente. ` +
  'Ga ervan uit dat dit niet de gemeente is; twijfelt u, bel dan de persoon of afdeling op een nummer dat u al kent.';

/** The sender's, Reply-To's or a link's domain imitating an own domain, as a sentence. */
const lookalikeSender = (mail: RiskInput['mail'], links: readonly LetterLink[], own: readonly string[]): string | undefined => {
  const candidates: { readonly where: string; readonly domain: string }[] = [
    ...(mail.from?.address ? [{ where: 'De afzender', domain: domainOf(mail.from.address) ?? '' }] : []),
    ...mail.replyTo.map((r) => ({ where: 'Het antwoordadres', domain: domainOf(r.address) ?? '' })),
    ...links.flatMap((l) => [
      { where: `Een link ${l.where ? LINK_PLACES[l.where] : 'in de brief'}`, domain: l.unicodeHost ?? l.host },
      ...(l.namedHost ? [{ where: 'De tekst bij een link', domain: l.namedHost }] : []),
    ]),
  ];
  for (const { where, domain } of candidates) {
    const found = domain && lookalikeOf(domain, own);
    if (found) return `${where} gebruikt ${domain}, ${LOOKALIKE_WORDS[found.kind]} ${found.own}. Dit is een bekende truc bij phishing: klik niet op links en antwoord niet zonder te bellen.`;
  }
  return undefined;
};

const LOOKALIKE_WORDS: Readonly<Record<Lookalike['kind'], string>> = {
  homoglyph: 'met letters die er hetzelfde uitzien maar anders zijn dan in',
  typo: 'bijna hetzelfde geschreven als',
  other_suffix: 'dezelfde naam met een andere extensie dan',
  contains_own_domain: 'een ander domein waarin de naam staat van',
  added_words: 'een nagemaakte variant van',
};

/** Our own approval mail, overview, acknowledgement or forward coming back, also quoted or forwarded by a person. */
const ownMailReturned = (mail: RiskInput['mail'], text: LetterText): string | undefined => {
  if (mail.headers.raadspostId) return 'Dit is een bericht van Raadspost zelf dat terugkomt. Het wordt niet opnieuw aangeboden.';
  const texts = [text.text, ...mail.attachments.filter((a) => a.contentType === 'message/rfc822').map((a) => a.text ?? '')];
  if (texts.some(containsApprovalLink)) {
    return 'Het bericht bevat een beslislink uit een e-mail van Raadspost (bijvoorbeeld een doorgestuurd goedkeuringsverzoek). Het wordt niet aangeboden: zo\u2019n link mag nooit bij de raadsleden komen.';
  }
  if (texts.some((t) => RAADSPOST_MARK_PATTERN.test(t))) {
    return 'Het bericht citeert of bevat een e-mail van Raadspost zelf (een antwoord, een afwezigheidsmelding of een doorgestuurd bericht). Het wordt niet opnieuw aangeboden.';
  }
  return undefined;
};

const hiddenText = (mail: RiskInput['mail'], text: LetterText): string | undefined => {
  const places: string[] = [];
  if (text.hiddenCount > 0) places.push(`${text.hiddenCount} in de tekst`);
  if (withoutFormatCharacters(mail.subject).removed > 0) places.push('in het onderwerp');
  if (mail.from && withoutFormatCharacters(mail.from.name).removed > 0) places.push('in de naam van de afzender');
  const files = mail.attachments.filter((a) => a.filename && withoutFormatCharacters(a.filename).removed > 0);
  if (files.length > 0) places.push(`in de bestandsnaam van ${files.map(displayName).join(', ')}`);
  if (places.length === 0) return undefined;
  return (
    `Het bericht bevat onzichtbare of tekstrichting-veranderende tekens (${places.join('; ')}). ` +
    'Daarmee kan tekst er anders uitzien dan hij is. Ze zijn weggehaald; op de pagina staat waar ze stonden.'
  );
};

const displayName = (a: Pick<AttachmentInfo, 'filename'>): string => `"${withoutFormatCharacters(a.filename ?? '').value || 'naamloos'}"`;
