/**
 * Demo mail for `npm start`: realistic newsletter-tool mail with the letter as a PDF attachment.
 *
 * - `buildDemoLetterEml()`: Raadspost's own demo (a fictional neighbourhood association in Heemstede asks the
 *   griffier to pass its letter on to all raadsleden before a council debate).
 * - `buildSeedEml(text)`: the same structure around the text of ../shared/seed (the real example).
 *
 * Both are composed with nodemailer's MailComposer (multipart/mixed: multipart/alternative text + HTML,
 * then the PDF made with pdf-lib), as a newsletter tool would send them.
 */
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';

export interface DemoMail {
  /** Envelope sender and recipient for the SMTP intake. */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly subject: string;
  /**
   * The Message-ID header (without brackets), the same at every start: `npm start` sends its demo letters each time,
   * and a second delivery of one message is what the duplicate check recognises it by.
   */
  readonly messageId: string;
  readonly raw: Buffer;
}

// ---------------------------------------------------------------------------------------------------------
// Our own demo letter (fictional people, association and domains; the recipient is the demo griffie).

const GRIFFIE = 'griffie@heemstede.nl';

const DEMO_INTRO = [
  'Op donderdag 26 februari 2026 bespreekt de gemeenteraad de Mobiliteitsvisie Heemstede 2040. Als Wijkvereniging Glip-Zuid hebben wij een brief geschreven aan alle raadsleden over de schoolroutes in onze wijk.',
  'Wilt u deze brief (pdf, in de bijlage) vóór het debat doorsturen aan alle leden van de gemeenteraad?',
  'Hartelijk dank voor uw hulp.',
];

/** When the association wrote its letter (the PDF's dates). */
const DEMO_LETTER_DATE = new Date('2026-02-02T10:00:00+01:00');

const DEMO_LETTER = [
  '# Wijkvereniging Glip-Zuid',
  'secretariaat@glipzuid.example',
  'Aan: de leden van de gemeenteraad van Heemstede',
  'Datum: 2 februari 2026',
  'Onderwerp: veilige schoolroutes in Glip-Zuid, inbreng voor de Mobiliteitsvisie 2040',
  'Geachte raadsleden,',
  'Elke schooldag lopen en fietsen ruim vierhonderd kinderen door Glip-Zuid naar de drie basisscholen in en rond onze wijk. De route over de Zuiderlaan en het Glipperpad is voor hen de kortste weg, maar ook de gevaarlijkste: auto’s rijden er harder dan de toegestane 50 km per uur, de oversteek bij de sporthal heeft geen zebrapad en tussen acht en half negen staan ouders dubbel geparkeerd.',
  'In het afgelopen jaar hebben bewoners samen met de ouderraden van de scholen de route drie weken lang geteld en gefotografeerd. Wij zagen 61 bijna-ongelukken, vooral bij de oversteek en bij de uitrit van de supermarkt. Het rapport van die telling sturen wij u graag toe.',
  '# Onze vragen aan u',
  '1. Neem de schoolroutes in Glip-Zuid op als voorbeeldproject in de Mobiliteitsvisie, met een veilige oversteek bij de sporthal in 2027.',
  '2. Maak van de Zuiderlaan tussen het Glipperpad en de Kerklaan een 30 km-zone met een inrichting die daarbij past.',
  '3. Betrek de wijk en de scholen vanaf het begin bij het ontwerp, bijvoorbeeld met een schouw op een gewone schoolochtend.',
  'Wij nodigen u van harte uit om een ochtend met ons mee te lopen. U bent welkom op elke schooldag om kwart over acht bij de sporthal.',
  'Met vriendelijke groet,',
  'namens het bestuur van Wijkvereniging Glip-Zuid,',
  'Marieke van der Linden, secretaris',
];

/**
 * The demo: newsletter-tool mail from a neighbourhood association with its letter to the council as a PDF. With a
 * `variant`, another letter of the same shape (its own Message-ID and subject), for tests that need several letters.
 */
export async function buildDemoLetterEml({ variant }: { readonly variant?: string } = {}): Promise<DemoMail> {
  const from = 'secretariaat@glipzuid.example';
  const subject = `Brief aan de raad: veilige schoolroutes in Glip-Zuid${variant ? ` (${variant})` : ''}`;
  const messageId = `glipzuid-2026-02-brief-aan-de-raad${variant ? `-${variant}` : ''}@mail.buurtpost.example`;
  const pdf = await renderLetterPdf({ title: 'Brief aan de gemeenteraad: veilige schoolroutes', author: 'Wijkvereniging Glip-Zuid', date: DEMO_LETTER_DATE, paragraphs: DEMO_LETTER });
  const raw = await composeNewsletter({
    from: { name: 'Wijkvereniging Glip-Zuid', address: from },
    to: GRIFFIE,
    subject,
    messageId,
    date: new Date(),
    heading: 'Veilige schoolroutes in Glip-Zuid: onze brief aan de gemeenteraad',
    salutation: 'Geachte griffier,',
    paragraphs: DEMO_INTRO,
    closing: ['Met vriendelijke groet,', 'Marieke van der Linden', 'secretaris Wijkvereniging Glip-Zuid'],
    attachmentLabel: 'Brief aan de leden van de gemeenteraad (pdf)',
    webVersionUrl: 'https://buurtpost.example/w/glipzuid/2026-02',
    unsubscribeUrl: 'https://buurtpost.example/afmelden/glipzuid/7731',
    footer: `Je ontvangt deze e-mail omdat ${GRIFFIE} is aangemeld voor berichten van Wijkvereniging Glip-Zuid.`,
    mailer: 'Buurtpost Mailer 4.2',
    pdf: { filename: 'Brief aan de gemeenteraad - schoolroutes Glip-Zuid.pdf', content: pdf },
  });
  return { envelope: { from: 'bounces+glipzuid@mail.buurtpost.example', to: [GRIFFIE] }, subject, messageId, raw };
}

// ---------------------------------------------------------------------------------------------------------
// The seed: the real example, rebuilt from the text of the griffie's printout.

const DUTCH_MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/**
 * Builds an .eml of the seed letter from its text: the header lines (Van/Verzonden/Aan/Onderwerp) give the
 * envelope, the whole body becomes the mail text, and the letter part ("De brief van …" up to the sender's
 * footer) becomes the PDF attachment.
 */
export async function buildSeedEml(seedText: string): Promise<DemoMail> {
  const lines = seedText.replace(/\r\n/g, '\n').split('\n');
  const header = (label: string) => lines.find((l) => l.trimStart().startsWith(`${label}:`))?.split(':').slice(1).join(':').trim() ?? '';
  const bodyStart = lines.findIndex((l) => l.trimStart().startsWith('Onderwerp:')) + 1;
  const body = lines.slice(bodyStart);

  // The printout numbers the item on the griffie's list ("28. …"); that number was not in the subject.
  const subject = header('Onderwerp').replace(/^\d+\.\s*/, '');
  const text = body.join('\n');
  const from = /\bVoeg (\S+@\S+) toe\b/.exec(text.replace(/\s+/g, ' '))?.[1] ?? 'info@dorpswerknh.example';
  const to = /verstuurd aan (\S+@[^\s.]+(?:\.[^\s.]+)+)/.exec(text)?.[1] ?? GRIFFIE;
  const sentAt = parseDutchDate(header('Verzonden')) ?? new Date();

  const letterStart = body.findIndex((l) => /^De brief van /.test(l.trim()));
  const letterEnd = body.findIndex((l, i) => i > letterStart && /ondersteunt dorpsraden/.test(l));
  const letterLines = letterStart >= 0 ? body.slice(letterStart + 1, letterEnd > 0 ? letterEnd : undefined) : body;
  const pdf = await renderLetterPdf({
    title: 'Brief aan de leden van de gemeenteraad',
    author: 'Dorpswerk Noord-Holland en LVKK',
    date: sentAt,
    paragraphs: toParagraphs(letterLines),
  });

  const paragraphs = toParagraphs(body.filter((l) => !/Bekijk de webversie/.test(l)));
  // Derived from the text: the same seed is the same message at every start.
  const messageId = `seed-${createHash('sha256').update(seedText).digest('hex').slice(0, 24)}@${from.split('@')[1]}`;
  const raw = await composeNewsletter({
    from: { name: 'Dorpswerk Noord-Holland', address: from },
    to,
    subject,
    messageId,
    date: sentAt,
    paragraphs,
    attachmentLabel: 'De bijlage in pdf-formaat: Brief aan de leden van de gemeenteraad',
    webVersionUrl: 'https://dorpswerknh.example/nieuwsbrief/gr2026',
    unsubscribeUrl: 'https://dorpswerknh.example/afmelden',
    mailer: 'newsletter tool (seed)',
    pdf: { filename: 'Brief aan de leden van de gemeenteraad.pdf', content: pdf },
  });
  return { envelope: { from, to: [to] }, subject, messageId, raw };
}

/** "maandag 16 juni 2025 09:00" (Dutch, Amsterdam time) -> Date. */
export function parseDutchDate(value: string): Date | undefined {
  const m = /(\d{1,2})\s+([a-z]+)\s+(\d{4})(?:\s+(\d{1,2}):(\d{2}))?/i.exec(value);
  const month = m ? DUTCH_MONTHS.indexOf(m[2]!.toLowerCase()) : -1;
  if (!m || month < 0) return undefined;
  const pad = (n: string | number) => String(n).padStart(2, '0');
  // Summer time (CEST) from the last Sunday of March to the last Sunday of October; approximated by month.
  const offset = month >= 3 && month <= 9 ? '+02:00' : '+01:00';
  return new Date(`${m[3]}-${pad(month + 1)}-${pad(m[1]!)}T${pad(m[4] ?? '9')}:${m[5] ?? '00'}:00${offset}`);
}

/** Joins the printout's hard-wrapped lines into paragraphs; blank (or whitespace-only) lines separate them. */
const toParagraphs = (lines: readonly string[]): string[] =>
  lines
    .map((l) => l.trim())
    .join('\n')
    .split(/\n{2,}/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);

// ---------------------------------------------------------------------------------------------------------
// Composition

interface NewsletterInput {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: string;
  readonly subject: string;
  /** Without angle brackets. */
  readonly messageId: string;
  readonly date: Date;
  readonly heading?: string;
  readonly salutation?: string;
  readonly paragraphs: readonly string[];
  readonly closing?: readonly string[];
  readonly attachmentLabel: string;
  readonly webVersionUrl: string;
  readonly unsubscribeUrl: string;
  readonly footer?: string;
  readonly mailer: string;
  readonly pdf: { readonly filename: string; readonly content: Uint8Array };
}

async function composeNewsletter(n: NewsletterInput): Promise<Buffer> {
  const blocks = [n.heading, n.salutation, ...n.paragraphs, n.closing?.join('\n')].filter((b): b is string => Boolean(b));
  const footer = [n.footer, 'Geen berichten meer ontvangen? Meld je hier af.'].filter(Boolean).join(' ');
  const text = [
    `Bekijk de webversie: ${n.webVersionUrl}`,
    ...blocks,
    `In de bijlage: ${n.attachmentLabel}`,
    '--',
    `${footer}\nAfmelden: ${n.unsubscribeUrl}`,
  ].join('\n\n');
  const html = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>${escapeHtml(n.subject)}</title></head>
<body style="margin:0;background:#f2f2f2">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="600" cellpadding="16" cellspacing="0" style="background:#ffffff;font-family:Arial,sans-serif;font-size:15px;line-height:1.5">
<tr><td style="font-size:12px;color:#777;text-align:right"><a href="${n.webVersionUrl}">Bekijk de webversie</a></td></tr>
<tr><td>
${blocks.map((b, i) => (i === 0 && n.heading ? `<h1 style="font-size:20px">${escapeHtml(b)}</h1>` : `<p>${escapeHtml(b).replace(/\n/g, '<br>')}</p>`)).join('\n')}
<p><strong>In de bijlage:</strong> ${escapeHtml(n.attachmentLabel)}</p>
</td></tr>
<tr><td style="font-size:12px;color:#777">${escapeHtml(n.footer ?? '')} <a href="${n.unsubscribeUrl}">Meld je hier af</a>.</td></tr>
</table></td></tr></table>
</body></html>`;

  const composer = new MailComposer({
    from: n.from,
    to: n.to,
    subject: n.subject,
    messageId: `<${n.messageId}>`,
    date: n.date,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${n.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Mailer': n.mailer,
    },
    attachments: [{ filename: n.pdf.filename, content: Buffer.from(n.pdf.content), contentType: 'application/pdf' }],
  });
  return composer.compile().build();
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// ---------------------------------------------------------------------------------------------------------
// PDF

/** A4 letter in Helvetica; paragraphs starting with "# " are bold headings. Real text, so pdf-parse can read it. */
export async function renderLetterPdf({ title, author, date, paragraphs }: { title: string; author: string; date: Date; paragraphs: readonly string[] }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setAuthor(author);
  doc.setCreator('Raadspost demo');
  // pdf-lib stamps "now" otherwise: the same letter must be the same bytes at every start, or it is a new letter.
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const [width, height] = [595.28, 841.89];
  const margin = 64;
  const size = 11;
  const leading = 15;
  let page = doc.addPage([width, height]);
  let y = height - margin;

  for (const paragraph of paragraphs) {
    const heading = paragraph.startsWith('# ');
    const font = heading ? bold : regular;
    const lines = wrap(encodable(font, heading ? paragraph.slice(2) : paragraph), font, size, width - 2 * margin);
    for (const line of lines) {
      if (y < margin) {
        page = doc.addPage([width, height]);
        y = height - margin;
      }
      page.drawText(line, { x: margin, y, size, font });
      y -= leading;
    }
    y -= leading * 0.6;
  }
  return doc.save();
}

/** Replaces characters the standard font cannot encode (WinAnsi), instead of failing on them. */
const encodable = (font: PDFFont, text: string): string => {
  const supported = new Set(font.getCharacterSet());
  return Array.from(text, (ch) => (supported.has(ch.codePointAt(0)!) ? ch : ch === '\u2011' ? '-' : '?')).join('');
};

const wrap = (text: string, font: PDFFont, size: number, maxWidth: number): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
};
