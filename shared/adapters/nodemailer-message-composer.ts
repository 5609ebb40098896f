import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { MessageComposer, OutgoingMail } from '../ports.js';

/**
 * MessageComposer on nodemailer's MailComposer: MIME structure, encoded words, RFC 2231 filenames and base64
 * attachments as nodemailer writes them. No Bcc header is ever written: recipients are the sender's business.
 */
export class NodemailerMessageComposer implements MessageComposer {
  async compose(mail: OutgoingMail): Promise<Uint8Array> {
    const composer = new MailComposer({
      from: { name: mail.from.name, address: mail.from.address },
      to: mail.to.map((a) => ({ name: a.name, address: a.address })),
      ...(mail.replyTo && { replyTo: { name: mail.replyTo.name, address: mail.replyTo.address } }),
      subject: mail.subject,
      text: mail.text,
      ...(mail.html !== undefined && { html: mail.html }),
      headers: { ...mail.headers },
      date: mail.date,
      ...(mail.messageId && { messageId: `<${mail.messageId}>` }),
      attachments: mail.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
        contentDisposition: 'attachment' as const,
      })),
      // Never read files or URLs named in the message (nodemailer can; our content is not trusted).
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    return new Uint8Array(await composer.compile().build());
  }
}
