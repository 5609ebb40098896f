/**
 * Hostile messages made at run time (never committed): each a few MB at most, or exactly as large as asked.
 * @example const raw = deeplyNestedMail(5000);
 */
import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

const HEAD = 'From: Afzender <afzender@example.org>\r\nTo: griffie@heemstede.nl\r\nDate: Mon, 2 Feb 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\n';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** multipart/mixed nested `depth` levels deep, a text part at the bottom. */
export function deeplyNestedMail(depth: number): Uint8Array {
  const parts = [`${HEAD}Subject: diep\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n`];
  for (let i = 1; i <= depth; i++) parts.push(`--b${i - 1}\r\nContent-Type: multipart/mixed; boundary="b${i}"\r\n\r\n`);
  parts.push(`--b${depth}\r\nContent-Type: text/plain\r\n\r\nhallo\r\n--b${depth}--\r\n`);
  for (let i = depth - 1; i >= 0; i--) parts.push(`--b${i}--\r\n`);
  return bytes(parts.join(''));
}

/** One multipart/mixed with `count` small text parts side by side. */
export function manyPartsMail(count: number): Uint8Array {
  const parts = Array.from({ length: count }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\ndeel ${i}\r\n`).join('');
  return bytes(`${HEAD}Subject: veel delen\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts}--b--\r\n`);
}

/** A message with one header of `headerBytes` bytes, folded into 76-character lines as a real mailer would. */
export function hugeHeaderMail(headerBytes: number): Uint8Array {
  const line = 'x'.repeat(74);
  const folded = Array.from({ length: Math.ceil(headerBytes / 77) }, () => line).join('\r\n ');
  return bytes(`${HEAD}Subject: grote kop\r\nX-Opvulling: ${folded}\r\n\r\nGeachte griffie,\r\n`);
}

/** A letter with a random binary attachment, about `totalBytes` bytes in all (base64 makes 3 bytes 4). */
export async function largeMail(totalBytes: number, subject = 'Brief aan de raad met bijlagen'): Promise<Uint8Array> {
  const content = randomBytes(Math.floor(((totalBytes - 2048) * 3) / 4 / 1.0135));
  return new Uint8Array(
    await new MailComposer({
      from: 'Stichting Groen Dorp <bestuur@groendorp.example>',
      to: 'griffie@heemstede.nl',
      subject,
      text: 'Geachte griffier,\n\nWilt u onze brief en de foto’s doorsturen aan alle raadsleden?\n\nMet vriendelijke groet,\nStichting Groen Dorp',
      attachments: [{ filename: 'fotos.zip', content, contentType: 'application/zip' }],
    })
      .compile()
      .build(),
  );
}

/** A letter with a PDF attachment. */
export async function mailWithPdf(pdf: Uint8Array, filename: string, text = 'Zie de brief in de bijlage.'): Promise<Uint8Array> {
  return new Uint8Array(
    await new MailComposer({
      from: 'Stichting Groen Dorp <bestuur@groendorp.example>',
      to: 'griffie@heemstede.nl',
      subject: 'Brief aan de raad',
      text,
      attachments: [{ filename, content: Buffer.from(pdf), contentType: 'application/pdf' }],
    })
      .compile()
      .build(),
  );
}
