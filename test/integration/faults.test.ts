/**
 * The fault-handling adapters on the emulators: listing raw mail page by page, replacing a quarantined record
 * only while it is quarantined, listing letters by status, taking over a stale forward claim, the hourly forward
 * cap, and `raadspost reprocess` end to end (quarantined -> re-read -> awaiting approval with one approval mail).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { makeDocumentClient, makeS3Client } from '../../shared/adapters/aws-clients.js';
import { DynamoDbForwardRateLimiter } from '../../shared/adapters/dynamodb-approval-store.js';
import { DynamoDbLetterRepository } from '../../shared/adapters/dynamodb-letter-repository.js';
import { DynamoDbCheckpoint, RAW_MAIL_CHECKPOINT_KEY } from '../../shared/adapters/dynamodb-checkpoint.js';
import { S3RawMailStore } from '../../shared/adapters/s3-raw-mail-store.js';
import { makeReconcile } from '../../shared/application/reconcile.js';
import { reprocessCommand } from '../../shared/cli/operations-commands.js';
import type { CliIo } from '../../shared/cli/io.js';
import { quarantinedLetter, type Letter } from '../../shared/domain/letter.js';
import { UNKNOWN_VERDICTS } from '../../shared/domain/verdicts.js';
import { aLetter } from '../support/builders.js';
import { mailFixture } from '../support/fixtures.js';
import { provisionAllTestResources, testEnvironment, type TestConfigs } from '../support/resources.js';

let configs: TestConfigs;
let letters: DynamoDbLetterRepository;
let rawMail: S3RawMailStore;

beforeAll(async () => {
  configs = await provisionAllTestResources('faults');
  letters = new DynamoDbLetterRepository(makeDocumentClient(configs.ingest), configs.ingest.lettersTable);
  rawMail = new S3RawMailStore(makeS3Client(configs.ingest), configs.ingest.rawMailBucket);
});

const quarantined = (id: string): Letter =>
  quarantinedLetter({
    id, rawObjectKey: `inbound/${id}`, sizeBytes: 0, receivedAt: '2026-02-02T08:00:00.000Z',
    quarantine: { code: 'INGEST_FAILED', reason: 'storing' }, verdicts: UNKNOWN_VERDICTS, category: 'spam', reasons: [],
  });

/** Runs `work` for every item, 20 at a time (a thousand writes to the emulators in a few seconds). */
const inBatches = async <T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> => {
  for (let i = 0; i < items.length; i += 20) await Promise.all(items.slice(i, i + 20).map(work));
};

describe('S3RawMailStore.list', () => {
  it('lists every key under the prefix with its time, page by page, past 1,000 keys on s3rver', async () => {
    // s3rver's ListObjectsV2 continuation token needs DES (gone from Node 17+): with V2 even the first of these pages fails.
    const keys = Array.from({ length: 1_050 }, (_, i) => `inbound/list-${String(i).padStart(4, '0')}`);
    await inBatches(keys, (key) => rawMail.put(key, new Uint8Array([1])));
    await rawMail.put('elsewhere/list-x', new Uint8Array([1]));

    const pages: number[] = [];
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await rawMail.list('inbound/list-', cursor);
      pages.push(page.objects.length);
      for (const o of page.objects) {
        found.push(o.key);
        expect(Number.isNaN(Date.parse(o.lastModified))).toBe(false);
      }
      cursor = page.cursor;
    } while (cursor);

    expect(pages).toEqual([1_000, 50]);
    expect(found).toEqual(keys);
  });
});

describe('reconcile on the emulators', () => {
  it('hands every unrecorded raw object of a 1,000+ object prefix to ingest and stores its checkpoint', async () => {
    // Prepare: a prefix of its own, 1,003 objects of which 3 have no record
    const prefix = 'recon/';
    const ids = Array.from({ length: 1_003 }, (_, i) => `r-${String(i).padStart(4, '0')}`);
    const unrecorded = ['r-0007', 'r-0500', 'r-1002'];
    await inBatches(ids, async (id) => {
      await rawMail.put(`${prefix}${id}`, new Uint8Array([1]));
      if (!unrecorded.includes(id)) await letters.createIfAbsent(aLetter({ id, rawObjectKey: `${prefix}${id}` }));
    });
    const checkpoint = new DynamoDbCheckpoint(makeDocumentClient(configs.ingest), configs.ingest.lettersTable, RAW_MAIL_CHECKPOINT_KEY);
    const handed: string[] = [];
    const reconcile = makeReconcile({
      rawMail,
      letters,
      checkpoint,
      ingest: async ({ messageId }) => void handed.push(messageId),
      forward: { trigger: async () => undefined },
      requestApproval: async () => ({ kind: 'not_awaiting' }),
      clock: { now: () => new Date(Date.now() + 1_000) },
      settings: { rawMailPrefix: prefix, graceMs: 0 },
    });

    // Act
    const report = await reconcile();

    // Assess
    expect(report.failures).toEqual([]);
    expect(report.ingested).toEqual(unrecorded);
    expect(handed).toEqual(unrecorded);
    expect(await checkpoint.get()).toBe(report.rawMailCheckedBefore);
  });
});

describe('DynamoDbCheckpoint', () => {
  it('starts empty and only moves forward', async () => {
    // A table of its own: the reconcile test above moves the shared one's checkpoint.
    const { ingest } = await provisionAllTestResources('checkpoint');
    const checkpoint = new DynamoDbCheckpoint(makeDocumentClient(ingest), ingest.lettersTable, RAW_MAIL_CHECKPOINT_KEY);
    expect(await checkpoint.get()).toBeUndefined();
    await checkpoint.advance('2026-02-02T11:00:00.000Z');
    await checkpoint.advance('2026-02-02T10:00:00.000Z');
    expect(await checkpoint.get()).toBe('2026-02-02T11:00:00.000Z');
    await checkpoint.advance('2026-02-02T12:00:00.000Z');
    expect(await checkpoint.get()).toBe('2026-02-02T12:00:00.000Z');
  });
});

describe('DynamoDbLetterRepository (fault handling)', () => {
  it('replaces a quarantined record, and nothing else', async () => {
    await letters.createIfAbsent(quarantined('rq-1'));
    await letters.createIfAbsent(aLetter({ id: 'rq-2' }));

    expect(await letters.replaceQuarantined(aLetter({ id: 'rq-1', subject: 'gelezen' }))).toBe('replaced');
    expect(await letters.replaceQuarantined(aLetter({ id: 'rq-1', subject: 'tweede keer' }))).toBe('not_quarantined');
    expect(await letters.replaceQuarantined(aLetter({ id: 'rq-2', subject: 'overschreven?' }))).toBe('not_quarantined');
    expect(await letters.replaceQuarantined(aLetter({ id: 'rq-absent' }))).toBe('not_quarantined');
    expect((await letters.get('rq-1'))?.subject).toBe('gelezen');
    expect((await letters.get('rq-2'))?.subject).not.toBe('overschreven?');
  });

  it('lists letters by status through the status index, oldest first, without tokens, counters or the checkpoint', async () => {
    await letters.createIfAbsent({ ...quarantined('ls-2'), receivedAt: '2026-02-02T09:00:00.000Z' });
    await letters.createIfAbsent(quarantined('ls-1'));
    const ids = (await letters.listByStatus(['quarantined'])).map((l) => l.id);
    expect(ids.indexOf('ls-1')).toBeLessThan(ids.indexOf('ls-2'));
    expect((await letters.listByStatus(['quarantined'])).every((l) => l.status === 'quarantined' && !('pk' in l))).toBe(true);
    expect(await letters.listByStatus([])).toEqual([]);
  });

  it('moves a letter in the status index with every change of status', async () => {
    const decision = { kind: 'approved', by: 'griffier@heemstede.nl', at: '2026-02-02T09:00:00.000Z', note: '' } as const;
    await letters.createIfAbsent(aLetter({ id: 'ix-1', status: 'approved', decision }));
    expect((await letters.listByStatus(['approved'])).map((l) => l.id)).toContain('ix-1');

    const record = { at: '2026-02-02T10:00:00.000Z', providerMessageIds: [], recipientCount: 3, attempts: 1 };
    expect(await letters.claimForward('ix-1', { from: 'approved', previousAttempts: 0, record, history: [] })).toBe(true);

    expect((await letters.listByStatus(['approved'])).map((l) => l.id)).not.toContain('ix-1');
    expect(await letters.listByStatus(['forwarding', 'approved'])).toContainEqual(expect.objectContaining({ id: 'ix-1', status: 'forwarding', forwarding: record }));
  });

  it('takes over a forwarding claim only when it is older than staleBefore', async () => {
    const record = { at: '2026-02-02T10:00:00.000Z', providerMessageIds: ['ses-1'], recipientCount: 3, attempts: 1 };
    await letters.createIfAbsent(aLetter({ id: 'st-1', status: 'forwarding', forwarding: record }));
    const claim = (staleBefore: string) =>
      letters.claimForward('st-1', { from: 'forwarding', previousAttempts: 1, record: { ...record, attempts: 2, at: '2026-02-02T11:00:00.000Z' }, history: [], staleBefore });

    expect(await claim('2026-02-02T09:59:00.000Z')).toBe(false);
    expect(await claim('2026-02-02T10:15:00.000Z')).toBe(true);
    expect(await claim('2026-02-02T10:15:00.000Z')).toBe(false); // the claim is ours now (attempts 2, fresh)
    expect((await letters.get('st-1'))?.forwarding).toMatchObject({ attempts: 2, providerMessageIds: ['ses-1'] });
  });
});

describe('DynamoDbForwardRateLimiter', () => {
  it('allows exactly `cap` forwards per hour, also when they race', async () => {
    const limiter = new DynamoDbForwardRateLimiter(makeDocumentClient(configs.forward), configs.forward.lettersTable);
    const results = await Promise.all(Array.from({ length: 6 }, () => limiter.take('2026-02-02T09', 4)));
    expect(results.filter(Boolean)).toHaveLength(4);
    expect(await limiter.take('2026-02-02T10', 4)).toBe(true);
    await expect(limiter.take('not-an-hour', 4)).rejects.toThrow(RangeError);
  });
});

describe('raadspost reprocess on the emulators', () => {
  it('re-reads a quarantined message into a letter awaiting approval, with one approval mail, and refuses to do it twice', async () => {
    // Prepare: the message was quarantined by the dead-letter handler during an outage; the raw object is intact.
    await rawMail.put('inbound/rp-1', await mailFixture('parse-plain-iso-8859-1.eml'));
    await letters.createIfAbsent(quarantined('rp-1'));
    const env = testEnvironment(configs.ingest.rawMailBucket, configs.ingest.lettersTable, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: async (t) => void out.push(t), err: (t) => void err.push(t) };
    const command = reprocessCommand(() => env);
    const approvalMails = async () =>
      ((await (await fetch(`${inject('endpoints').ses}/store`)).json()) as { emails: { subject: string; destination: { to: string[] } }[] }).emails.filter((m) => m.destination.to.includes('griffier@heemstede.nl'));
    const before = (await approvalMails()).length;

    // Act
    const first = await command.run(['rp-1'], io);
    const second = await command.run(['rp-1'], io);

    // Assess
    expect(first).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ kind: 'ingested', outcome: { kind: 'stored', status: 'awaiting_approval', approval: { kind: 'sent' } } });
    expect((await letters.get('rp-1'))?.status).toBe('awaiting_approval');
    expect(second).toBe(1);
    expect(err.join('')).toContain('not quarantined');
    expect((await approvalMails()).length).toBe(before + 1);
  });
});
