import { describe, expect, it } from 'vitest';
import { makeIngestMail, type Classify, type IngestMailDeps, type ReadMail } from '../../shared/application/ingest-mail.js';
import type { Classification } from '../../shared/domain/category.js';
import {
  DependencyUnavailableError,
  MailTooLargeError,
  MalformedMailError,
  QUARANTINE_REASONS_NL,
} from '../../shared/domain/errors.js';
import type { ParsedMail } from '../../shared/domain/mail.js';
import { MAX_ATTACHMENTS } from '../../shared/domain/new-letter.js';
import type { Verdicts } from '../../shared/domain/verdicts.js';
import {
  InMemoryLetterFileStore,
  InMemoryLetterRepository,
  InMemoryRawMailStore,
  RecordingMailSender,
  fixedClock,
} from '../support/fakes.js';
import { plainHeaders } from '../support/builders.js';
import { requestApprovalFor } from '../support/approval-requester.js';

const PASS: Verdicts = { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };
const LETTER_RAW = 'From: secretariaat@glipzuid.example\r\nSubject: Brief aan de raad\r\n\r\nGeachte griffier,\r\n';
const NEWSLETTER_RAW = 'From: nieuws@bibliotheek.example\r\nSubject: Nieuwsbrief februari\r\n\r\nLees verder\r\n';

const parsedMail = (subject: string, overrides: Partial<ParsedMail> = {}): ParsedMail => ({
  messageId: `${subject.length}@example`,
  date: '2026-02-02T08:15:30.000Z',
  from: { name: 'Wijkvereniging Glip-Zuid', address: 'secretariaat@glipzuid.example' },
  replyTo: [],
  to: [{ name: '', address: 'griffie@heemstede.nl' }],
  cc: [],
  subject,
  text: 'Geachte griffier, wilt u onze brief (pdf) doorsturen aan alle raadsleden?',
  textFromHtml: false,
  attachments: [
    {
      filename: 'brief-aan-de-raad.pdf',
      contentType: 'application/pdf',
      size: 2048,
      sha256: 'ab'.repeat(32),
      inline: false,
      text: 'Geachte leden van de gemeenteraad,',
      pagesRead: 1,
      pageCount: 1,
    },
  ],
  headers: plainHeaders({ contentType: 'multipart/mixed' }),
  authenticationHeaders: [],
  warnings: [],
  ...overrides,
});

/** Reads the fake raw format: the Subject line decides what comes out. */
const fakeReadMail = (calls: Uint8Array[]): ReadMail => async (source) => {
  const chunks: Uint8Array[] = [];
  if (!(source instanceof Uint8Array)) for await (const chunk of source.body) chunks.push(chunk);
  const raw = source instanceof Uint8Array ? source : Buffer.concat(chunks);
  calls.push(raw);
  const subject = /Subject: (.*)\r\n/.exec(Buffer.from(raw).toString())?.[1];
  if (!subject) throw new MalformedMailError('NOT_A_MESSAGE', 'no header block in 11 bytes');
  return parsedMail(subject);
};

const fakeClassify =
  (calls: Parameters<Classify>[]): Classify =>
  (mail, context) => {
    calls.push([mail, context]);
    const letter = mail.subject.startsWith('Brief');
    const classification: Classification = {
      category: letter ? 'advocacy_letter' : 'newsletter',
      confidence: 0.9,
      forward: letter,
      reasons: [letter ? 'verzoek om door te sturen aan de raad' : 'nieuwsbrief'],
      organisation: letter ? 'Wijkvereniging Glip-Zuid' : null,
      topics: letter ? ['verkeer'] : [],
    };
    return classification;
  };

const setup = (objects: Record<string, string> = {}, readMail?: ReadMail) => {
  const rawMail = new InMemoryRawMailStore(objects);
  const letters = new InMemoryLetterRepository();
  const readCalls: Uint8Array[] = [];
  const classifyCalls: Parameters<Classify>[] = [];
  const sender = new RecordingMailSender();
  const clock = fixedClock('2026-02-02T09:30:00.000Z');
  const files = new InMemoryLetterFileStore();
  const deps: IngestMailDeps = {
    rawMail,
    files,
    readMail: readMail ?? fakeReadMail(readCalls),
    classify: fakeClassify(classifyCalls),
    letters,
    clock,
    ownDomains: ['heemstede.nl'],
    municipality: 'Heemstede',
    requestApproval: requestApprovalFor(letters, clock, sender, files),
    trustedForwarders: [],
  };
  return { deps, rawMail, files, letters, sender, readCalls, classifyCalls, ingest: makeIngestMail(deps) };
};

describe('makeIngestMail', () => {
  it('stores a letter to the council awaiting the griffier’s approval', async () => {
    // Prepare
    const { ingest, letters, classifyCalls } = setup({ 'inbound/m-1': LETTER_RAW });

    // Act
    const outcome = await ingest({
      messageId: 'm-1',
      objectKey: 'inbound/m-1',
      receivedAt: '2026-02-02T08:15:42.118Z',
      verdicts: PASS,
    });

    // Assess
    expect(outcome).toEqual({
      kind: 'stored',
      letterId: 'm-1',
      category: 'advocacy_letter',
      status: 'awaiting_approval',
      approval: { kind: 'sent', recipients: 1 },
    });
    const stored = letters.saved[0];
    expect(letters.saved).toHaveLength(1);
    expect(stored).toMatchObject({
      id: 'm-1',
      rawObjectKey: 'inbound/m-1',
      sizeBytes: Buffer.byteLength(LETTER_RAW),
      receivedAt: '2026-02-02T08:15:42.118Z',
      status: 'awaiting_approval',
      organisation: 'Wijkvereniging Glip-Zuid',
      verdicts: PASS,
    });
    expect(stored?.attachments[0]).toMatchObject({ filename: 'brief-aan-de-raad.pdf', hasText: true });
    expect(stored?.attachments[0]).not.toHaveProperty('text');
    // The classifier gets the verdicts from the event, not from headers, and the risks worked out before it
    expect(classifyCalls[0]?.[1]).toEqual({ verdicts: PASS, ownDomains: ['heemstede.nl'], risks: [] });
  });

  it('hands the classifier the risks it worked out, such as a sender posing as the municipality', async () => {
    // Prepare: the mail claims to come from the burgemeester, from a free-mail address
    const impostor = async () => parsedMail('Brief aan de raad', { from: { name: 'Burgemeester Heemstede', address: 'burgemeester.heemstede@gmail.com' } });
    const { ingest, classifyCalls } = setup({ 'inbound/m-9': LETTER_RAW }, impostor);
    // Act
    await ingest({ messageId: 'm-9', objectKey: 'inbound/m-9', verdicts: PASS });
    // Assess
    expect(classifyCalls[0]?.[1].risks.map((r) => r.code)).toContain('impersonation');
  });

  it('stores impersonation when the organisation the classifier read claims the municipality from a free-mail address', async () => {
    // Prepare: an ordinary name and address; the signature (read by the classifier) says "Gemeente Heemstede"
    const signed = async () => parsedMail('Brief aan de raad', { from: { name: 'P. Jansen', address: 'p.jansen1970@gmail.com' } });
    const { deps, letters } = setup({ 'inbound/m-10': LETTER_RAW }, signed);
    const ingest = makeIngestMail({ ...deps, classify: (mail, context) => ({ ...fakeClassify([])(mail, context), organisation: 'Gemeente Heemstede' }) });
    // Act
    await ingest({ messageId: 'm-10', objectKey: 'inbound/m-10', verdicts: PASS });
    // Assess
    expect(letters.saved[0]?.risks.map((r) => r.code)).toEqual(['impersonation']);
    expect(letters.saved[0]?.risks[0]?.text).toContain('"Gemeente Heemstede"');
  });

  it('takes the excerpt from a PDF only when that PDF goes along with the forward', async () => {
    // Prepare: a short text and a "PDF" that is really something else (its bytes do not start with %PDF)
    const pdf = { filename: 'brief.pdf', contentType: 'application/pdf', size: 10, sha256: 'cd'.repeat(32), inline: false, text: 'Tekst uit een bestand dat niet meegaat', content: new TextEncoder().encode('MZ not a pdf') };
    const mail = async () => parsedMail('Brief aan de raad', { text: 'Zie bijlage.', attachments: [pdf] });
    const { ingest, letters } = setup({ 'inbound/m-11': LETTER_RAW }, mail);
    // Act
    await ingest({ messageId: 'm-11', objectKey: 'inbound/m-11', verdicts: PASS });
    // Assess
    expect(letters.saved[0]?.attachments[0]?.verdict.forward).toBe(false);
    expect(letters.saved[0]?.excerpt).toBe('Zie bijlage.');
  });

  it('quarantines a message with more attachments than a record holds, with the reason, keeping the original', async () => {
    // Prepare
    const many = Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, i) => ({ filename: `f${i}.pdf`, contentType: 'application/pdf', size: 1, sha256: 'ab'.repeat(32), inline: false }));
    const { ingest, letters, rawMail } = setup({ 'inbound/m-12': LETTER_RAW }, async () => parsedMail('Brief aan de raad', { attachments: many }));
    // Act
    const outcome = await ingest({ messageId: 'm-12', objectKey: 'inbound/m-12', verdicts: PASS });
    // Assess
    expect(outcome).toEqual({ kind: 'quarantined', letterId: 'm-12', code: 'TOO_MANY_ATTACHMENTS' });
    expect(letters.saved[0]?.quarantine).toMatchObject({ code: 'TOO_MANY_ATTACHMENTS', reason: QUARANTINE_REASONS_NL.TOO_MANY_ATTACHMENTS, detail: '101 attachments' });
    expect(rawMail.objects.has('inbound/m-12')).toBe(true);
  });

  it('files mail that is not a letter to the council', async () => {
    // Prepare
    const { ingest, letters } = setup({ 'inbound/m-2': NEWSLETTER_RAW });

    // Act
    const outcome = await ingest({ messageId: 'm-2', objectKey: 'inbound/m-2', verdicts: PASS });

    // Assess
    expect(outcome).toEqual({ kind: 'stored', letterId: 'm-2', category: 'newsletter', status: 'filed' });
    expect(letters.saved[0]?.status).toBe('filed');
  });

  it('uses the clock when the event has no receive time', async () => {
    // Prepare
    const { ingest, letters } = setup({ 'inbound/m-3': NEWSLETTER_RAW });

    // Act
    await ingest({ messageId: 'm-3', objectKey: 'inbound/m-3', verdicts: PASS });

    // Assess
    expect(letters.saved[0]?.receivedAt).toBe('2026-02-02T09:30:00.000Z');
  });

  it('keeps one record when SES delivers the same event twice, without reading the mail again', async () => {
    // Prepare
    const { ingest, letters, rawMail, readCalls, sender } = setup({ 'inbound/m-4': LETTER_RAW });
    const input = { messageId: 'm-4', objectKey: 'inbound/m-4', verdicts: PASS };
    await ingest(input);

    // Act
    const second = await ingest(input);

    // Assess
    expect(second).toEqual({ kind: 'duplicate', letterId: 'm-4' });
    expect(letters.saved).toHaveLength(1);
    expect(sender.sent).toHaveLength(1);
    expect(rawMail.gets).toEqual(['inbound/m-4']);
    expect(readCalls).toHaveLength(1);
  });

  it('relies on the conditional write when two deliveries race past the existence check', async () => {
    // Prepare
    const { ingest, letters } = setup({ 'inbound/m-5': LETTER_RAW });
    const input = { messageId: 'm-5', objectKey: 'inbound/m-5', verdicts: PASS };

    // Act
    const outcomes = await Promise.all([ingest(input), ingest(input)]);

    // Assess
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['duplicate', 'stored']);
    expect(letters.createCalls).toHaveLength(2);
    expect(letters.saved).toHaveLength(1);
  });

  it('quarantines mail whose virus verdict is FAIL without reading it', async () => {
    // Prepare
    const { ingest, letters, rawMail, readCalls } = setup({ 'inbound/m-6': LETTER_RAW });

    // Act
    const outcome = await ingest({ messageId: 'm-6', objectKey: 'inbound/m-6', verdicts: { ...PASS, virus: 'FAIL' } });

    // Assess
    expect(outcome).toEqual({ kind: 'quarantined', letterId: 'm-6', code: 'VIRUS_DETECTED' });
    expect(rawMail.gets).toEqual([]);
    expect(readCalls).toEqual([]);
    expect(letters.saved[0]).toMatchObject({
      status: 'quarantined',
      category: 'spam',
      forward: false,
      quarantine: { code: 'VIRUS_DETECTED', reason: QUARANTINE_REASONS_NL.VIRUS_DETECTED },
    });
  });

  it('quarantines bytes that are not a message, with the code and a Dutch reason', async () => {
    // Prepare
    const { ingest, letters } = setup({ 'inbound/m-7': 'hello world' });

    // Act
    const outcome = await ingest({ messageId: 'm-7', objectKey: 'inbound/m-7', verdicts: PASS });

    // Assess
    expect(outcome).toEqual({ kind: 'quarantined', letterId: 'm-7', code: 'NOT_A_MESSAGE' });
    expect(letters.saved[0]).toMatchObject({
      status: 'quarantined',
      sizeBytes: 11,
      rawObjectKey: 'inbound/m-7',
      quarantine: { code: 'NOT_A_MESSAGE', reason: QUARANTINE_REASONS_NL.NOT_A_MESSAGE, detail: 'no header block in 11 bytes' },
    });
  });

  it('quarantines a message that is too large', async () => {
    // Prepare
    const tooLarge: ReadMail = async () => {
      throw new MailTooLargeError('message is 41943041 bytes, limit is 41943040');
    };
    const { ingest } = setup({ 'inbound/m-8': LETTER_RAW }, tooLarge);

    // Act
    const outcome = await ingest({ messageId: 'm-8', objectKey: 'inbound/m-8', verdicts: PASS });

    // Assess
    expect(outcome).toEqual({ kind: 'quarantined', letterId: 'm-8', code: 'MAIL_TOO_LARGE' });
  });

  it('quarantines an event whose raw object is missing as RAW_MAIL_MISSING', async () => {
    // Prepare
    const { ingest, letters } = setup();

    // Act
    const outcome = await ingest({ messageId: 'm-9', objectKey: 'inbound/m-9', verdicts: PASS });

    // Assess
    expect(outcome).toEqual({ kind: 'quarantined', letterId: 'm-9', code: 'RAW_MAIL_MISSING' });
    expect(letters.saved[0]?.quarantine?.reason).toBe(QUARANTINE_REASONS_NL.RAW_MAIL_MISSING);
  });

  it('fails with a transient storage error so Lambda retries, and stores nothing', async () => {
    // Prepare
    const { ingest, letters, rawMail } = setup({ 'inbound/m-10': LETTER_RAW });
    rawMail.failWith = new DependencyUnavailableError('s3 get failed: SlowDown');

    // Act
    const attempt = ingest({ messageId: 'm-10', objectKey: 'inbound/m-10', verdicts: PASS });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(letters.saved).toEqual([]);
  });

  it('fails with an unknown reader error instead of quarantining the mail', async () => {
    // Prepare
    const broken: ReadMail = async () => {
      throw new TypeError('cannot read properties of undefined');
    };
    const { ingest, letters } = setup({ 'inbound/m-11': LETTER_RAW }, broken);

    // Act
    const attempt = ingest({ messageId: 'm-11', objectKey: 'inbound/m-11', verdicts: PASS });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(TypeError);
    expect(letters.saved).toEqual([]);
  });
});
