import { prepareLetterText } from '../../shared/domain/letter-text.js';
import { MAX_ATTACHMENTS, newLetter, prepareLetter } from '../../shared/domain/new-letter.js';
import type { AttachmentInfo, ClassificationHeaders, MailAddress, ParsedMail } from '../../shared/domain/mail.js';
import type { Verdicts } from '../../shared/domain/verdicts.js';

/** Headers of a plain personal message: nothing automatic, no list. */
export const plainHeaders = (overrides: Partial<ClassificationHeaders> = {}): ClassificationHeaders => ({
  listUnsubscribe: null,
  listId: null,
  precedence: null,
  autoSubmitted: null,
  xAutoResponseSuppress: null,
  inReplyTo: null,
  contentType: 'text/plain',
  reportType: null,
  raadspostId: null,
  mailer: null,
  ...overrides,
});

/** The headers a newsletter platform adds. */
export const newsletterToolHeaders = (overrides: Partial<ClassificationHeaders> = {}): ClassificationHeaders =>
  plainHeaders({
    listUnsubscribe: '<https://lists.example/unsub?u=1>, <mailto:unsub@lists.example>',
    listId: 'leden.lists.example',
    precedence: 'bulk',
    contentType: 'multipart/alternative',
    mailer: 'Mailchimp Mailer - **CID0001**',
    ...overrides,
  });

/** "Naam <adres>" or a bare address. */
export const address = (value: string): MailAddress => {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  return m ? { name: m[1] ?? '', address: (m[2] ?? '').toLowerCase() } : { name: '', address: value.toLowerCase() };
};

/** A PDF attachment whose text was extracted. */
export const pdfAttachment = (text: string, filename = 'brief.pdf'): AttachmentInfo => ({
  filename,
  contentType: 'application/pdf',
  size: 20_000,
  sha256: '0'.repeat(64),
  inline: false,
  text,
  pagesRead: 1,
  pageCount: 1,
});

/** Any attachment without extracted text. */
export const attachment = (filename: string | null, contentType: string): AttachmentInfo => ({
  filename,
  contentType,
  size: 2_000,
  sha256: '0'.repeat(64),
  inline: false,
});

export interface MailSpec {
  from?: string;
  to?: string[];
  replyTo?: string[];
  subject?: string;
  text?: string;
  html?: boolean;
  attachments?: AttachmentInfo[];
  headers?: Partial<ClassificationHeaders>;
  /** Replace the header set entirely (e.g. newsletterToolHeaders()). */
  allHeaders?: ClassificationHeaders;
}

/**
 * A ParsedMail as the reader would produce it, with sensible defaults for what a test does not care about.
 * @example aMail({ from: 'Jan <jan@example.nl>', subject: 'Klacht', text: 'Geachte raad, ...' })
 */
export const aMail = (spec: MailSpec = {}): ParsedMail => ({
  messageId: 'test-1@example.nl',
  date: '2026-02-01T10:00:00.000Z',
  from: address(spec.from ?? 'Inwoner <inwoner@example.nl>'),
  replyTo: (spec.replyTo ?? []).map(address),
  to: (spec.to ?? ['griffie@heemstede.nl']).map(address),
  cc: [],
  subject: spec.subject ?? '',
  text: spec.text ?? '',
  textFromHtml: spec.html ?? false,
  attachments: spec.attachments ?? [],
  headers: spec.allHeaders ?? plainHeaders(spec.headers),
  authenticationHeaders: [],
  warnings: [],
});

/** SES verdicts that all passed. */
export const allPass = (overrides: Partial<Verdicts> = {}): Verdicts => ({
  spam: 'PASS',
  virus: 'PASS',
  spf: 'PASS',
  dkim: 'PASS',
  dmarc: 'PASS',
  ...overrides,
});

/** The classifier context for Heemstede with passing verdicts. */
export const heemstede = (verdicts: Partial<Verdicts> = {}) => ({ verdicts: allPass(verdicts), ownDomains: ['heemstede.nl'] as const });

/**
 * A stored Letter awaiting approval, with sensible defaults.
 * @example aLetter({ id: 'l-1', subject: 'Brief aan de raad' })
 */
export const aLetter = (overrides: Partial<import('../../shared/domain/letter.js').Letter> = {}): import('../../shared/domain/letter.js').Letter => ({
  id: 'letter-1',
  rawObjectKey: 'inbound/letter-1',
  sizeBytes: 12_345,
  receivedAt: '2026-02-02T08:15:42.118Z',
  status: 'awaiting_approval',
  from: { name: 'Wijkvereniging Glip-Zuid', address: 'secretariaat@glipzuid.example' },
  replyTo: [],
  to: [{ name: '', address: 'griffie@heemstede.nl' }],
  cc: [],
  subject: 'Brief aan de raad: veilige schoolroutes',
  sentAt: '2026-02-02T08:15:00.000Z',
  headerMessageId: 'abc@glipzuid.example',
  category: 'advocacy_letter',
  confidence: 0.9,
  forward: true,
  reasons: ['vraagt om verspreiding onder de raadsleden'],
  organisation: 'Wijkvereniging Glip-Zuid',
  topics: ['verkeer'],
  attachments: [
    {
      filename: 'brief.pdf',
      contentType: 'application/pdf',
      size: 20_000,
      sha256: 'ab'.repeat(32),
      inline: false,
      hasText: true,
      verdict: { forward: true, type: 'pdf' },
      fileKey: 'files/letter-1/0',
    },
  ],
  body: prepareLetterText('Geachte raadsleden,\n\nWij vragen uw aandacht voor veilige schoolroutes.\n\nMet vriendelijke groet,\nWijkvereniging Glip-Zuid'),
  excerpt: 'Geachte raadsleden,',
  risks: [],
  verdicts: allPass(),
  warnings: [],
  schemaVersion: 2,
  ...overrides,
});

/**
 * The largest record a message can make: every field the sender controls at its longest (a 1 MB header, 160 KB of
 * text with a link to another host on every line, MAX_ATTACHMENTS attachments with long names), through the same
 * preparation ingest uses. A record must hold it (DynamoDB items hold 400 KB).
 */
export const theLargestLetter = (id: string): import('../../shared/domain/letter.js').Letter => {
  const long = (n: number, c = 'x') => c.repeat(n);
  const person = (i: number): MailAddress => ({ name: long(5000, 'n'), address: `${long(60, 'a')}${i}@${long(200, 'd')}.example` });
  const mail: ParsedMail = {
    ...aMail({ subject: long(100_000, 's') }),
    from: person(0),
    replyTo: Array.from({ length: 500 }, (_, i) => person(i)),
    to: Array.from({ length: 5000 }, (_, i) => person(i)),
    cc: Array.from({ length: 5000 }, (_, i) => person(i)),
    text: Array.from({ length: 40_000 }, (_, i) => `https://h${i}.example.com/${long(400, 'p')} [https://n${i}.example.org] \u200b`).join('\n'),
    attachments: Array.from({ length: MAX_ATTACHMENTS }, (_, i) => ({
      filename: `${long(2000, 'f')}${i}.pdf`, contentType: `application/${long(2000, 't')}`, size: 1, sha256: long(64, 'a'), inline: false,
    })),
    warnings: Array.from({ length: 500 }, () => long(2000, 'w')),
  };
  const prepared = prepareLetter(mail, { verdicts: allPass(), ownDomains: ['heemstede.nl'], municipality: 'Heemstede' });
  return newLetter({
    id, rawObjectKey: `inbound/${id}`, sizeBytes: 40_000_000, receivedAt: '2026-02-03T10:00:00.000Z', mail, prepared,
    classification: { category: 'advocacy_letter', confidence: 0.9, forward: true, reasons: ['r'], organisation: long(200, 'o'), topics: ['verkeer'] },
    verdicts: allPass(), verdictSource: { kind: 'ses' },
  });
};
