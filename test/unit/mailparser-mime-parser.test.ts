import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { MailparserMimeParser, mimeDepth } from '../../shared/adapters/mailparser-mime-parser.js';
import { MalformedMailError } from '../../shared/domain/errors.js';
import { mailFixture } from '../support/fixtures.js';
import { deeplyNestedMail, hugeHeaderMail, manyPartsMail } from '../support/hostile-mail.js';
import { makePdf } from '../support/pdf.js';

const parser = new MailparserMimeParser();
const bytes = (text: string) => new TextEncoder().encode(text);

describe('MailparserMimeParser', () => {
  it('decodes an ISO-8859-1 letter with encoded words into our model', async () => {
    // Prepare
    const raw = await mailFixture('parse-plain-iso-8859-1.eml');
    // Act
    const mail = await parser.parse(raw);
    // Assess
    expect(mail.from).toEqual({ name: 'Wim Dékker', address: 'w.dekker@example.nl' });
    expect(mail.replyTo).toEqual([{ name: '', address: 'wim@thuis.example' }]);
    expect(mail.subject).toBe('Zorgen over de brüg bij de Vaart');
    expect(mail.text).toContain('één verzoek');
    expect(mail.textFromHtml).toBe(false);
    expect(mail.date).toBe('2026-02-03T09:15:00.000Z');
    expect(mail.messageId).toBe('parse-1@example.nl');
    expect(mail.headers.contentType).toBe('text/plain');
  });

  it('derives the text from the HTML when there is no text part and keeps the list headers', async () => {
    // Act
    const mail = await parser.parse(await mailFixture('parse-html-only.eml'));
    // Assess
    expect(mail.textFromHtml).toBe(true);
    expect(mail.text).toContain('Eerste alinea met nadruk');
    expect(mail.text).not.toContain('<p>');
    expect(mail.headers.listUnsubscribe).toContain('https://platform.example/afmelden');
    expect(mail.headers.listId).toBe('Nieuwsbrief <nieuws.platform.example>');
    expect(mail.headers.precedence).toBe('bulk');
  });

  it('derives the text from an HTML part in multipart/mixed, which mailparser leaves unconverted (web forms, PHP mailers)', async () => {
    // Prepare
    const raw = [
      'From: Formulier <noreply@formulier.example>', 'To: griffie@gemeente.example', 'Subject: Brief', 'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/html; charset=utf-8', '',
      '<p>Geachte leden van de raad,</p><p>Wij vragen &eacute;&eacute;n ding.</p>', '--b',
      'Content-Type: application/pdf; name="brief.pdf"', 'Content-Disposition: attachment; filename="brief.pdf"', 'Content-Transfer-Encoding: base64', '',
      Buffer.from('%PDF-1.4').toString('base64'), '--b--', '',
    ].join('\r\n');
    // Act
    const mail = await parser.parse(Buffer.from(raw));
    // Assess
    expect(mail.text).toBe('Geachte leden van de raad,\n\nWij vragen één ding.');
    expect(mail.textFromHtml).toBe(true);
    expect(mail.attachments.map((a) => a.filename)).toEqual(['brief.pdf']);
  });

  it('keeps the message when such HTML is too long to convert, with a warning', async () => {
    const raw = ['From: a@b.example', 'Subject: x', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/html', '', `<p>${'x'.repeat(2000)}</p>`, '--b--', ''].join('\r\n');
    const mail = await new MailparserMimeParser({ maxHtmlLengthToParse: 1000 }).parse(Buffer.from(raw));
    expect(mail.text).toBe('');
    expect(mail.warnings.join(' ')).toContain('HTML too long');
  });

  it('recognises a delivery status notification by its report type', async () => {
    // Act
    const mail = await parser.parse(await mailFixture('parse-dsn.eml'));
    // Assess
    expect(mail.headers.contentType).toBe('multipart/report');
    expect(mail.headers.reportType).toBe('delivery-status');
    expect(mail.headers.autoSubmitted).toBe('auto-replied');
    expect(mail.text).toContain('niet worden bezorgd');
  });

  it('keeps a forwarded message/rfc822 as an attachment and the In-Reply-To header', async () => {
    // Act
    const mail = await parser.parse(await mailFixture('parse-forwarded-rfc822.eml'));
    // Assess
    expect(mail.headers.inReplyTo).toBe('orig-99@zwem.example');
    expect(mail.text).toContain('Zie de doorgestuurde brief');
    expect(mail.attachments.map((a) => a.contentType)).toContain('message/rfc822');
  });

  it('hashes attachments and keeps the bytes of PDFs only', async () => {
    // Prepare
    const pdf = await makePdf([['Geachte raad,']]);
    const raw = await new MailComposer({
      from: 'Vereniging <info@vereniging.example>',
      to: 'griffie@gemeente.example',
      subject: 'Brief',
      text: 'Zie bijlage.',
      attachments: [
        { filename: 'brief.pdf', content: Buffer.from(pdf), contentType: 'application/pdf' },
        { filename: 'foto.png', content: Buffer.from('not really a png'), contentType: 'image/png' },
      ],
    }).compile().build();
    // Act
    const mail = await parser.parse(raw);
    // Assess
    const [brief, foto] = mail.attachments;
    expect(brief).toMatchObject({ filename: 'brief.pdf', contentType: 'application/pdf', size: pdf.byteLength, inline: false });
    expect(brief?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(brief?.content ?? []).equals(Buffer.from(pdf))).toBe(true);
    expect(foto).toMatchObject({ filename: 'foto.png', size: 16 });
    expect(foto?.content).toBeUndefined();
  });

  it('treats a document marked inline (Apple Mail in multipart/mixed) as an attachment and only related parts as layout', async () => {
    // Prepare: a PDF with Content-Disposition inline beside the text, and a logo the HTML refers to by cid:
    const raw = await new MailComposer({
      from: 'a@b.example', to: 'c@d.example', subject: 'x', text: 'Zie brief.', html: '<p>Zie brief.</p><img src="cid:logo@x">',
      attachments: [
        { filename: 'brief.pdf', content: Buffer.from('%PDF-1.4'), contentType: 'application/pdf', contentDisposition: 'inline' },
        { filename: 'logo.png', content: Buffer.from('png'), contentType: 'image/png', cid: 'logo@x' },
      ],
    }).compile().build();
    // Act
    const mail = await parser.parse(raw);
    // Assess
    expect(Object.fromEntries(mail.attachments.map((a) => [a.filename, a.inline]))).toEqual({ 'brief.pdf': false, 'logo.png': true });
  });

  it('keeps every attachment byte for byte when asked for content', async () => {
    // Prepare
    const raw = await new MailComposer({
      from: 'a@b.example', to: 'c@d.example', subject: 'x', text: 'y',
      attachments: [{ filename: 'data.bin', content: Buffer.from([0, 1, 2, 255]) }],
    }).compile().build();
    // Act
    const mail = await parser.parse(raw, { withContent: true });
    // Assess
    expect([...(mail.attachments[0]?.content ?? [])]).toEqual([0, 1, 2, 255]);
  });

  it('rejects an empty object as EMPTY_MESSAGE', async () => {
    await expect(parser.parse(new Uint8Array())).rejects.toMatchObject({ code: 'EMPTY_MESSAGE', retryable: false });
    await expect(parser.parse(bytes('\r\n  \r\n'))).rejects.toBeInstanceOf(MalformedMailError);
  });

  it('rejects random bytes and plain prose as NOT_A_MESSAGE', async () => {
    // Prepare
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    // Act + Assess
    await expect(parser.parse(random)).rejects.toMatchObject({ code: 'NOT_A_MESSAGE' });
    await expect(parser.parse(bytes('hello world\nthis is not mail\n'))).rejects.toMatchObject({ code: 'NOT_A_MESSAGE' });
  });

  it('rejects a message with more parts than allowed as TOO_MANY_PARTS', async () => {
    // Prepare
    const parts = Array.from({ length: 30 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('');
    const raw = bytes(`From: a@b.example\r\nSubject: many\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`);
    // Act + Assess
    await expect(new MailparserMimeParser({ maxChildNodes: 10 }).parse(raw)).rejects.toMatchObject({ code: 'TOO_MANY_PARTS' });
  });

  it('rejects 5,000-deep nesting as MIME_TOO_DEEP before mailparser recurses', async () => {
    // Act + Assess
    await expect(parser.parse(deeplyNestedMail(5000))).rejects.toMatchObject({ code: 'MIME_TOO_DEEP', retryable: false });
  });

  it('reads nesting up to the depth limit', async () => {
    // Act
    const mail = await new MailparserMimeParser({ maxDepth: 30 }).parse(deeplyNestedMail(29));
    // Assess
    expect(mail.text).toContain('hallo');
  });

  it('rejects 200,000 parts as TOO_MANY_PARTS', async () => {
    await expect(parser.parse(manyPartsMail(200_000))).rejects.toMatchObject({ code: 'TOO_MANY_PARTS' });
  });

  it('rejects a 5 MB header as HEADER_TOO_LARGE', async () => {
    await expect(parser.parse(hugeHeaderMail(5 * 1024 * 1024))).rejects.toMatchObject({ code: 'HEADER_TOO_LARGE' });
  });
});

/** `raw` in chunks of `size` bytes, as a stream from S3 arrives. */
async function* chunked(raw: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < raw.byteLength; at += size) yield raw.subarray(at, at + size);
}

describe('MailparserMimeParser on a stream', () => {
  it('reads a message cut into small chunks exactly as the whole bytes', async () => {
    // Prepare
    const raw = await new MailComposer({
      from: 'Stichting Groen Dorp <bestuur@groendorp.example>',
      to: 'griffie@heemstede.nl',
      subject: 'Brief aan de raad',
      text: 'Geachte griffier,\n\nZie de brief.',
      attachments: [
        { filename: 'brief.pdf', content: Buffer.from(await makePdf([['Geachte raadsleden,']])), contentType: 'application/pdf' },
        { filename: 'foto.jpg', content: Buffer.alloc(50_000, 7), contentType: 'image/jpeg' },
      ],
    })
      .compile()
      .build();
    // Act
    const whole = await parser.parse(raw);
    const streamed = await parser.parse(chunked(raw, 333));
    // Assess
    expect(streamed).toEqual(whole);
    expect(streamed.attachments.map((a) => Boolean(a.content))).toEqual([true, false]);
  });

  it('rejects a blank stream as EMPTY_MESSAGE and 5,000-deep nesting as MIME_TOO_DEEP', async () => {
    // Act / Assess
    await expect(parser.parse(chunked(bytes('\r\n \r\n\t\r\n'), 2))).rejects.toMatchObject({ code: 'EMPTY_MESSAGE' });
    await expect(parser.parse(chunked(new Uint8Array(0), 1))).rejects.toMatchObject({ code: 'EMPTY_MESSAGE' });
    await expect(parser.parse(chunked(deeplyNestedMail(5000), 4096))).rejects.toMatchObject({ code: 'MIME_TOO_DEEP' });
  });

  it('passes an error of the source on unchanged', async () => {
    // Prepare
    const failure = new Error('connection reset');
    async function* broken() {
      yield bytes('From: a@b.example\r\nSubject: x\r\n\r\nbody ');
      throw failure;
    }
    // Act / Assess
    await expect(parser.parse(broken())).rejects.toBe(failure);
  });
});

describe('mimeDepth', () => {
  it('counts nested multiparts, closes siblings and stops past the limit', () => {
    // Prepare
    const siblings = bytes(
      'Content-Type: multipart/mixed; boundary="a"\r\n\r\n--a\r\nContent-Type: multipart/alternative;\r\n boundary="b"\r\n\r\n--b\r\n\r\nx\r\n' +
        '--a\r\nContent-Type: message/rfc822\r\n\r\nSubject: y\r\n\r\ny\r\n--a\r\nContent-Type: message/rfc822\r\n\r\nz\r\n--a--\r\n',
    );
    // Act + Assess
    expect(mimeDepth(siblings, 100)).toBe(2);
    expect(mimeDepth(deeplyNestedMail(3), 100)).toBe(4);
    expect(mimeDepth(deeplyNestedMail(5000), 100)).toBe(101);
    expect(mimeDepth(bytes('From: a@b.example\r\n\r\n-- \r\nsignature'), 100)).toBe(0);
  });

  it('keeps a missing subject, sender and date as empty values with a warning for a bad date', async () => {
    // Act
    const mail = await parser.parse(bytes('Date: not a date\r\nTo: griffie@gemeente.example\r\n\r\nbody'));
    // Assess
    expect(mail.subject).toBe('');
    expect(mail.from).toBeNull();
    expect(mail.date).toBeNull();
    expect(mail.warnings).toContain('Date header is not a valid date');
  });
});
