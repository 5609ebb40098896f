/**
 * Retention by kind (issue 14, item 7): the kinds, the raw objects' tags at ingest and at the decision, the records'
 * expiry, and the reconciler handing rejected letters to the forward function, on in-memory ports.
 */
import { describe, expect, it } from 'vitest';
import { makeIngestMail, type Classify, type ReadMail } from '../../shared/application/ingest-mail.js';
import { forwardThenRecordRetention, makeRecordRetention } from '../../shared/application/record-retention.js';
import { makeReconcile } from '../../shared/application/reconcile.js';
import type { Category } from '../../shared/domain/category.js';
import { DependencyUnavailableError, MalformedMailError } from '../../shared/domain/errors.js';
import type { Letter, LetterStatus } from '../../shared/domain/letter.js';
import {
  DEFAULT_RETENTION,
  FIVE_YEARS_DAYS,
  RECORD_OUTLIVES_RAW_MAIL_DAYS,
  retentionKindOf,
  retentionOf,
  type RetentionPolicy,
} from '../../shared/domain/retention.js';
import { aLetter, aMail, allPass } from '../support/builders.js';
import { requestApprovalFor } from '../support/approval-requester.js';
import { InMemoryLetterFileStore, InMemoryLetterRepository, InMemoryRawMailCheckpoint, InMemoryRawMailStore, RecordingForwardTrigger, steppingClock } from '../support/fakes.js';

const DAY = 86_400_000;
const NOW = '2026-03-03T10:00:00.000Z';
const POLICY: RetentionPolicy = { recordDays: FIVE_YEARS_DAYS, shortDays: 90, quarantineDays: 365 };

describe('retention kinds', () => {
  it.each<[LetterStatus, Category, string]>([
    ['awaiting_approval', 'advocacy_letter', 'pending'],
    ['approved', 'advocacy_letter', 'record'],
    ['forwarding', 'citizen_letter', 'record'],
    ['forward_failed', 'citizen_letter', 'record'],
    ['forwarded', 'citizen_letter', 'record'],
    ['rejected', 'advocacy_letter', 'record'],
    ['filed', 'woo_request', 'record'],
    ['filed', 'council_business', 'record'],
    ['filed', 'invitation', 'record'],
    ['filed', 'newsletter', 'short'],
    ['filed', 'spam', 'short'],
    ['filed', 'auto_reply', 'short'],
    ['quarantined', 'spam', 'quarantine'],
  ])('%s %s is kept as %s', (status, category, kind) => {
    expect(retentionKindOf({ status, category })).toBe(kind);
  });

  it('counts the record’s expiry from handling, a little after the raw mail’s, and none while pending', () => {
    const at = new Date(NOW);
    expect(retentionOf({ status: 'rejected', category: 'advocacy_letter' }, POLICY, at)).toEqual({
      kind: 'record',
      since: NOW,
      recordUntil: new Date(at.getTime() + (FIVE_YEARS_DAYS + RECORD_OUTLIVES_RAW_MAIL_DAYS) * DAY).toISOString(),
    });
    expect(retentionOf({ status: 'awaiting_approval', category: 'citizen_letter' }, POLICY, at)).toEqual({ kind: 'pending', since: NOW });
    expect(DEFAULT_RETENTION.recordDays).toBeGreaterThanOrEqual(5 * 365 + 1);
  });
});

describe('ingest tags the raw mail with its kind before the record is written', () => {
  const setup = (category: Category, forward: boolean, readMail?: ReadMail) => {
    const rawMail = new InMemoryRawMailStore({ 'inbound/m-1': 'From: a@example.nl\r\nSubject: x\r\n\r\nx\r\n' });
    const files = new InMemoryLetterFileStore();
    const letters = new InMemoryLetterRepository();
    const clock = steppingClock(NOW);
    const classify: Classify = () => ({ category, confidence: 0.9, forward, reasons: [], organisation: null, topics: [] });
    const ingest = makeIngestMail({
      rawMail,
      files,
      municipality: 'Heemstede',
      readMail: readMail ?? (async () => aMail({ subject: 'x', text: 'x' })),
      classify,
      letters,
      clock,
      ownDomains: ['heemstede.nl'],
      requestApproval: requestApprovalFor(letters, clock),
      trustedForwarders: [],
      retention: POLICY,
    });
    return { rawMail, files, letters, run: () => ingest({ messageId: 'm-1', objectKey: 'inbound/m-1', verdicts: allPass() }) };
  };

  it('a newsletter: short-lived, and its record goes 90 (+30) days after filing', async () => {
    const { rawMail, letters, run } = setup('newsletter', false);
    await run();
    expect(rawMail.retentionTags.get('inbound/m-1')).toBe('short');
    expect(letters.letters.get('m-1')?.retention).toEqual({
      kind: 'short',
      since: NOW,
      recordUntil: new Date(Date.parse(NOW) + (90 + RECORD_OUTLIVES_RAW_MAIL_DAYS) * DAY).toISOString(),
    });
  });

  it('a letter to the council: pending until decided, so nothing expires yet, and so its attachment copies', async () => {
    const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1');
    const withPdf: ReadMail = async () => ({
      ...aMail({ subject: 'x', text: 'x' }),
      attachments: [{ filename: 'brief.pdf', contentType: 'application/pdf', size: pdf.byteLength, sha256: 'ab', inline: false, content: pdf }],
    });
    const { rawMail, files, letters, run } = setup('advocacy_letter', true, withPdf);
    await run();
    expect(rawMail.retentionTags.get('inbound/m-1')).toBe('pending');
    expect(letters.letters.get('m-1')?.retention).toEqual({ kind: 'pending', since: NOW });
    expect([...files.retentionTags]).toEqual([['files/m-1/0', 'pending']]);
  });

  it('unreadable mail: quarantined, and tagged so', async () => {
    const { rawMail, letters, run } = setup('spam', false, async () => {
      throw new MalformedMailError('NOT_A_MESSAGE', 'no headers');
    });
    await run();
    expect(rawMail.retentionTags.get('inbound/m-1')).toBe('quarantine');
    expect(letters.letters.get('m-1')).toMatchObject({ status: 'quarantined', retention: { kind: 'quarantine' } });
  });

  it('a tagging failure fails the invocation (retried) before any record exists', async () => {
    const { rawMail, letters, run } = setup('newsletter', false);
    rawMail.setRetention = async () => {
      throw new DependencyUnavailableError('s3 503');
    };
    await expect(run()).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(letters.saved).toEqual([]);
  });

  it('raw mail that is gone: the quarantined record is kept without a term', async () => {
    const { rawMail, letters, run } = setup('newsletter', false);
    rawMail.objects.clear();
    await run();
    expect(letters.letters.get('m-1')).toMatchObject({ status: 'quarantined', quarantine: { code: 'RAW_MAIL_MISSING' } });
    expect(letters.letters.get('m-1')?.retention).toBeUndefined();
  });
});

describe('makeRecordRetention', () => {
  const decided = (status: LetterStatus, overrides: Partial<Letter> = {}): Letter =>
    aLetter({
      id: 'l-1',
      rawObjectKey: 'inbound/l-1',
      status,
      decision: { kind: status === 'rejected' ? 'rejected' : 'approved', by: 'griffier@heemstede.nl', at: '2026-03-03T09:00:00.000Z', note: '' },
      retention: { kind: 'pending', since: '2026-03-01T08:00:00.000Z' },
      attachments: [{ filename: 'brief.pdf', contentType: 'application/pdf', size: 8, sha256: 'ab', inline: false, hasText: true, verdict: { forward: true, type: 'pdf' }, fileKey: 'files/l-1/0' }],
      ...overrides,
    });
  const setup = async (letter: Letter) => {
    const rawMail = new InMemoryRawMailStore({ 'inbound/l-1': 'raw bytes' });
    rawMail.modified.set('inbound/l-1', '2026-03-01T08:00:00.000Z');
    const letters = new InMemoryLetterRepository();
    await letters.createIfAbsent(letter);
    const clock = steppingClock(NOW);
    const files = new InMemoryLetterFileStore();
    await files.put('files/l-1/0', Buffer.from('%PDF-1.7'), 'application/pdf');
    return { rawMail, letters, files, record: makeRecordRetention({ letters, rawMail, files, clock, retention: POLICY }) };
  };

  it.each<LetterStatus>(['forwarded', 'rejected', 'forward_failed'])('starts a %s letter’s term now: raw mail stored again, tagged record', async (status) => {
    // Prepare
    const { rawMail, files, letters, record } = await setup(decided(status));
    // Act
    const outcome = await record('l-1');
    // Assess
    expect(outcome).toBe('started');
    expect(rawMail.restarts).toEqual([{ key: 'inbound/l-1', kind: 'record', at: NOW }]);
    expect((await rawMail.list('inbound/')).objects).toEqual([{ key: 'inbound/l-1', lastModified: NOW }]);
    expect(Buffer.from(await rawMail.get('inbound/l-1')).toString()).toBe('raw bytes');
    expect(letters.letters.get('l-1')?.retention).toMatchObject({ kind: 'record', since: NOW });
    expect([...files.retentionTags]).toEqual([['files/l-1/0', 'record']]);
  });

  it('leaves a letter alone whose term has started, or that is not decided', async () => {
    const started = await setup(decided('forwarded', { retention: { kind: 'record', since: '2026-03-03T09:01:00.000Z' } }));
    expect(await started.record('l-1')).toBe('already_started');
    expect(started.rawMail.restarts).toEqual([]);
    const pending = await setup(aLetter({ id: 'l-1', status: 'awaiting_approval' }));
    expect(await pending.record('l-1')).toBe('not_decided');
    expect(await pending.record('no-such-letter')).toBe('not_decided');
    expect(pending.rawMail.restarts).toEqual([]);
  });

  it('records the term even when the raw mail is gone', async () => {
    const { rawMail, letters, record } = await setup(decided('rejected'));
    rawMail.objects.clear();
    expect(await record('l-1')).toBe('started');
    expect(letters.letters.get('l-1')?.retention?.kind).toBe('record');
  });

  it('runs after the forward, whether it succeeded or failed', async () => {
    const { letters, record } = await setup(decided('approved'));
    const ok = forwardThenRecordRetention(async ({ letterId }) => ({ kind: 'forwarded', letterId, messages: 1, recipients: 3 }), record);
    expect(await ok({ letterId: 'l-1' })).toMatchObject({ kind: 'forwarded' });
    expect(letters.letters.get('l-1')?.retention?.kind).toBe('record');

    const other = await setup(decided('approved'));
    const failing = forwardThenRecordRetention(async () => {
      throw new DependencyUnavailableError('ses 503');
    }, other.record);
    await expect(failing({ letterId: 'l-1' })).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(other.letters.letters.get('l-1')?.retention?.kind).toBe('record');
  });
});

describe('makeReconcile and retention', () => {
  it('hands rejected letters without a record term to the forward function, and no others', async () => {
    // Prepare
    const letters = new InMemoryLetterRepository();
    const forward = new RecordingForwardTrigger();
    const decision = (kind: 'approved' | 'rejected') => ({ kind, by: 'g@heemstede.nl', at: '2026-03-03T08:00:00.000Z', note: '' });
    await letters.createIfAbsent(aLetter({ id: 'rejected-new', status: 'rejected', decision: decision('rejected'), retention: { kind: 'pending', since: NOW } }));
    await letters.createIfAbsent(aLetter({ id: 'rejected-done', status: 'rejected', decision: decision('rejected'), retention: { kind: 'record', since: NOW } }));
    await letters.createIfAbsent(aLetter({ id: 'forwarded-old', status: 'forwarded', decision: decision('approved') }));
    await letters.createIfAbsent(aLetter({ id: 'filed', status: 'filed', category: 'newsletter' }));
    const reconcile = makeReconcile({
      rawMail: new InMemoryRawMailStore(),
      letters,
      checkpoint: new InMemoryRawMailCheckpoint(),
      ingest: async () => undefined,
      forward,
      requestApproval: async () => ({ kind: 'sent', recipients: 1 }),
      clock: steppingClock(NOW),
      settings: { rawMailPrefix: 'inbound/' },
    });

    // Act
    const report = await reconcile();

    // Assess
    // An approved letter's term starts in the forward function's own run, not here.
    expect(report.retentionsStarted).toEqual(['rejected-new']);
    expect(forward.triggered).toEqual(['rejected-new']);
    expect(report.failures).toEqual([]);
  });
});
