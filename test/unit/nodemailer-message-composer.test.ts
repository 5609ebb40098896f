import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MailparserMimeParser } from '../../shared/adapters/mailparser-mime-parser.js';
import { NodemailerMessageComposer } from '../../shared/adapters/nodemailer-message-composer.js';
import { registerNumber } from '../../shared/domain/approval.js';
import { forwardHeaders, forwardSubject } from '../../shared/domain/forward.js';
import { readHeaderBlock } from '../../shared/raw-headers.js';
import { makePdf } from '../support/pdf.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('NodemailerMessageComposer', () => {
  it('writes no Bcc header and no extra header for a subject that carried CRLF + "Bcc:"', async () => {
    // Prepare: the subject as mailparser decodes =?UTF-8?Q?Hallo=0D=0ABcc:_x@evil.example?=
    const subject = forwardSubject(registerNumber(2026, 3), 'Hallo\r\nBcc: x@evil.example');

    // Act
    const raw = await new NodemailerMessageComposer().compose({
      from: { name: 'Griffie Heemstede', address: 'griffie@heemstede.nl' },
      to: [{ name: 'Griffie Heemstede', address: 'griffie@heemstede.nl' }],
      replyTo: { name: 'Jan', address: 'jan@example.nl' },
      subject,
      text: 'tekst',
      headers: forwardHeaders('letter-1'),
      attachments: [],
      date: new Date('2026-02-03T10:00:00.000Z'),
      messageId: 'raadspost.letter-1.2026-3@heemstede.nl',
    });

    // Assess
    const names = readHeaderBlock(raw).map((h) => h.name.toLowerCase());
    expect(names).not.toContain('bcc');
    expect(names.filter((n) => n === 'subject')).toHaveLength(1);
    const parsed = await new MailparserMimeParser().parse(raw);
    expect(parsed.subject).toBe('3. Hallo Bcc: x@evil.example');
    expect(parsed.headers.raadspostId).toBe('letter-1');
    expect(parsed.headers.autoSubmitted).toBe('auto-generated');
  });

  it('attaches a PDF byte for byte', async () => {
    // Prepare
    const pdf = await makePdf([['Geachte raadsleden,']]);

    // Act
    const raw = await new NodemailerMessageComposer().compose({
      from: { name: '', address: 'griffie@heemstede.nl' },
      to: [{ name: '', address: 'griffie@heemstede.nl' }],
      subject: '1. Brief',
      text: 'tekst',
      headers: {},
      attachments: [{ filename: 'Brief aan de raad – schoolroutes.pdf', contentType: 'application/pdf', content: pdf }],
      date: new Date(),
    });

    // Assess
    const parsed = await new MailparserMimeParser().parse(raw, { withContent: true });
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]?.filename).toBe('Brief aan de raad – schoolroutes.pdf');
    expect(sha256(parsed.attachments[0]!.content!)).toBe(sha256(pdf));
  });
});
