import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import { createMailReader } from '../../shared/adapters/mail-reader.js';
import { MailparserMimeParser } from '../../shared/adapters/mailparser-mime-parser.js';
import { contentsOf, makeReadMail } from '../../shared/application/read-mail.js';
import { prepareLetter } from '../../shared/domain/new-letter.js';
import type { PdfTextExtractor } from '../../shared/ports.js';
import { mailFixture } from '../support/fixtures.js';
import { makeEncryptedPdf, makeImageOnlyPdf, makePdf } from '../support/pdf.js';
import { displayNameLooksLikeOtherAddress } from '../../shared/domain/approval.js';

const bytes = (text: string) => new TextEncoder().encode(text);

const withPdf = (pdf: Uint8Array, filename = 'brief.pdf') =>
  new MailComposer({
    from: 'Stichting Groen Dorp <bestuur@groendorp.example>',
    to: 'griffie@gemeente.example',
    subject: 'Brief aan de raad',
    text: 'Zie de brief in de bijlage.',
    attachments: [{ filename, content: Buffer.from(pdf), contentType: 'application/pdf' }],
  })
    .compile()
    .build();

describe('makeReadMail', () => {
  it('adds the text of the first pages of a PDF letter', async () => {
    // Prepare
    const pdf = await makePdf([['Geachte leden van de gemeenteraad,', 'Wij vragen uw aandacht.'], ['Pagina twee'], ['Pagina drie']]);
    const read = createMailReader({ maxMailBytes: 1024 * 1024, pdfMaxPages: 2 });
    // Act
    const mail = await read(await withPdf(pdf));
    // Assess
    const [letter] = mail.attachments;
    expect(letter?.text).toContain('Geachte leden van de gemeenteraad');
    expect(letter?.text).toContain('Pagina twee');
    expect(letter?.text).not.toContain('Pagina drie');
    expect(letter).toMatchObject({ pagesRead: 2, pageCount: 3 });
    expect(mail.warnings).toContain('PDF "brief.pdf": alleen de eerste 2 van 3 pagina\'s gelezen');
    // Its bytes stay with the read message: ingest stores them for the approval page and the forward.
    expect(letter?.content).toEqual(new Uint8Array(pdf));
  });

  it('records a warning when a PDF gives no text', async () => {
    // Prepare
    const read = createMailReader();
    // Act
    const mail = await read(await withPdf(await makeImageOnlyPdf(), 'scan.pdf'));
    // Assess
    expect(mail.attachments[0]?.text).toBe('');
    expect(mail.warnings).toContain('PDF "scan.pdf" bevat geen leesbare tekst (gescand of alleen afbeeldingen)');
  });

  it('keeps reading the mail when a PDF is broken, with a warning', async () => {
    // Prepare
    const read = createMailReader();
    // Act
    const mail = await read(await withPdf(new TextEncoder().encode('%PDF-1.7 this is not a pdf'), 'kapot.pdf'));
    // Assess
    expect(mail.subject).toBe('Brief aan de raad');
    expect(mail.attachments[0]).toMatchObject({ filename: 'kapot.pdf', contentType: 'application/pdf' });
    expect(mail.attachments[0]?.text).toBeUndefined();
    expect(mail.warnings.some((w) => w.startsWith('PDF_UNREADABLE: PDF "kapot.pdf" kon niet worden gelezen'))).toBe(true);
  });

  it('keeps reading the mail when the extractor throws something odd', async () => {
    // Prepare
    const failing: PdfTextExtractor = { extract: () => Promise.reject('not even an Error') };
    const read = makeReadMail({ mime: new MailparserMimeParser(), pdfText: failing, limits: { maxMailBytes: 1e6, pdfMaxPages: 1 } });
    // Act
    const mail = await read(await withPdf(await makePdf([['x']])));
    // Assess
    expect(mail.warnings).toContain('PDF_UNREADABLE: PDF "brief.pdf" kon niet worden gelezen (de pdf is beschadigd of onleesbaar): not even an Error');
  });

  it('records an encrypted PDF as a PDF_ENCRYPTED warning and keeps the mail', async () => {
    // Act
    const mail = await createMailReader()(await withPdf(makeEncryptedPdf(), 'geheim.pdf'));
    // Assess
    expect(mail.subject).toBe('Brief aan de raad');
    expect(mail.warnings.some((w) => w.startsWith('PDF_ENCRYPTED: PDF "geheim.pdf" kon niet worden gelezen (de pdf is met een wachtwoord beveiligd)'))).toBe(true);
  });

  it('shows a display name that looks like another address next to the real address', async () => {
    // Prepare
    const raw = new TextEncoder().encode('From: "griffier@heemstede.nl" <boef@example.org>\r\nTo: griffie@heemstede.nl\r\nSubject: Dringend\r\n\r\nBetaal deze factuur.\r\n');
    // Act
    const mail = await createMailReader()(raw);
    // Assess
    expect(mail.from).toEqual({ name: 'griffier@heemstede.nl', address: 'boef@example.org' });
    expect(displayNameLooksLikeOtherAddress(mail.from)).toBe(true);
  });

  it('rejects a message over the size limit as MAIL_TOO_LARGE without parsing it', async () => {
    // Prepare
    const read = createMailReader({ maxMailBytes: 100, pdfMaxPages: 1 });
    // Act + Assess
    await expect(read(new Uint8Array(101))).rejects.toMatchObject({ code: 'MAIL_TOO_LARGE', retryable: false });
  });
});

describe('makeReadMail on a streamed message', () => {
  const read = createMailReader({ maxMailBytes: 1000, pdfMaxPages: 2 });
  const letter = bytes('From: Jan <jan@example.nl>\r\nTo: griffie@heemstede.nl\r\nSubject: Brief aan de raad\r\n\r\n' + 'Geachte raad, '.repeat(100));

  it('refuses a message whose announced size is over the limit without reading it', async () => {
    // Prepare
    let pulled = 0;
    async function* body() {
      pulled++;
      yield letter;
    }
    // Act / Assess
    await expect(read({ body: body(), sizeBytes: 1001 })).rejects.toMatchObject({ code: 'MAIL_TOO_LARGE', retryable: false });
    expect(pulled).toBe(0);
  });

  it('stops reading as MAIL_TOO_LARGE when more bytes come than the limit and the size was not announced', async () => {
    // Prepare
    let chunks = 0;
    async function* body() {
      for (let at = 0; at < letter.byteLength; at += 100) {
        chunks++;
        yield letter.subarray(at, at + 100);
      }
    }
    // Act / Assess
    await expect(read({ body: body() })).rejects.toMatchObject({ code: 'MAIL_TOO_LARGE' });
    expect(chunks).toBe(11);
  });
});

describe('makeReadMail with a forwarded message attached', () => {
  it('reads the sender, subject and text of an attached message/rfc822', async () => {
    // Prepare
    const read = createMailReader();
    // Act
    const mail = await read(await mailFixture('parse-forwarded-rfc822.eml'));
    // Assess
    const forwarded = mail.attachments.find((a) => a.contentType === 'message/rfc822');
    expect(forwarded?.text).toContain('Van: Zwemclub <bestuur@zwem.example>');
    expect(forwarded?.text).toContain('Onderwerp: Brief over het zwembad');
    expect(forwarded?.text).toContain('het zwembad moet open blijven');
  });

  it('keeps reading the outer mail when the attached message is empty, with a warning', async () => {
    // Prepare
    const raw = new TextEncoder().encode(
      'From: a@b.example\r\nSubject: fwd\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nzie bijlage\r\n--x\r\nContent-Type: message/rfc822\r\n\r\n\r\n--x--\r\n',
    );
    // Act
    const mail = await createMailReader()(raw);
    // Assess
    expect(mail.subject).toBe('fwd');
    expect(mail.text).toContain('zie bijlage');
    expect(mail.attachments[0]).toMatchObject({ contentType: 'message/rfc822', size: 0 });
    expect(mail.warnings).toContain('bijgevoegd bericht "naamloos" kon niet worden gelezen: message is empty (0 bytes)');
  });

  const attachedMessage = async (inner: { filename: string; content: Buffer; contentType: string }[], outer: { filename: string; contentType: string }) => {
    const forwarded = await new MailComposer({
      from: 'Buurtbewoner <bewoner@oudedorp.example>',
      to: 'secretariaat@oudedorp.example',
      subject: 'Brief over de speeltuin',
      text: 'Zie de bijlagen.',
      attachments: inner,
    })
      .compile()
      .build();
    return new MailComposer({
      from: 'Secretariaat Oude Dorp <secretariaat@oudedorp.example>',
      to: 'griffie@heemstede.nl',
      subject: 'Fwd: Brief over de speeltuin',
      text: 'Graag doorsturen aan de raad.',
      // As an attachment: mailparser lists the parts of an inline message/rfc822 among the outer message's own.
      attachments: [{ ...outer, content: forwarded, contentDisposition: 'attachment' }],
    })
      .compile()
      .build();
  };

  it('keeps the attached message\'s own attachments with their bytes, so that a program inside keeps it home', async () => {
    // Prepare
    const pdf = await makePdf([['Geachte raad,']]);
    const raw = await attachedMessage(
      [
        { filename: 'brief.pdf', content: Buffer.from(pdf), contentType: 'application/pdf' },
        { filename: 'Plattegrond.exe', content: Buffer.from('MZ\x90\x00', 'latin1'), contentType: 'application/octet-stream' },
      ],
      { filename: 'doorgestuurd.eml', contentType: 'message/rfc822' },
    );
    // Act
    const mail = await createMailReader()(raw);
    const prepared = prepareLetter(mail, { verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' }, ownDomains: ['heemstede.nl'] }, contentsOf(mail));
    // Assess
    expect(mail.attachments[0]?.attached?.map((a) => [a.filename, a.content?.byteLength])).toEqual([
      ['brief.pdf', pdf.byteLength],
      ['Plattegrond.exe', 4],
    ]);
    expect(prepared.attachmentVerdicts[0]).toEqual({
      forward: false,
      refusal: { code: 'in_attached_message', inner: { name: 'Plattegrond.exe', refusal: { code: 'dangerous', kind: 'executable' } } },
    });
    expect(prepared.risks.map((r) => r.code)).toEqual(['dangerous_attachment']);
  });

  it('reads an attached message sent as a plain file named .eml, and forwards it when all it carries may go', async () => {
    // Prepare
    const raw = await attachedMessage([{ filename: 'brief.pdf', content: Buffer.from(await makePdf([['Geachte raad,']])), contentType: 'application/pdf' }], {
      filename: 'doorgestuurd.eml',
      contentType: 'application/octet-stream',
    });
    // Act
    const mail = await createMailReader()(raw);
    const prepared = prepareLetter(mail, { verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' }, ownDomains: ['heemstede.nl'] }, contentsOf(mail));
    // Assess
    expect(mail.attachments[0]?.text).toContain('Onderwerp: Brief over de speeltuin');
    expect(prepared.attachmentVerdicts[0]).toEqual({ forward: true, type: 'eml' });
  });
});
