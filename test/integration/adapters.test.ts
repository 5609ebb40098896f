import { GetObjectTaggingCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { makeDocumentClient, makeS3Client, makeSesClient } from '../../shared/adapters/aws-clients.js';
import { DynamoDbLetterRepository } from '../../shared/adapters/dynamodb-letter-repository.js';
import { HANDLED_AT_METADATA, S3RawMailStore } from '../../shared/adapters/s3-raw-mail-store.js';
import { RETENTION_TAG, type Retention } from '../../shared/domain/retention.js';
import { acknowledgementsDue } from '../../shared/domain/acknowledgement.js';
import type { IngestConfig } from '../../shared/config.js';
import { plainHeaders } from '../support/builders.js';
import { DependencyUnavailableError, RawMailMissingError } from '../../shared/domain/errors.js';
import { quarantinedLetter, type Letter } from '../../shared/domain/letter.js';
import { newLetter, prepareLetter } from '../../shared/domain/new-letter.js';
import type { ParsedMail } from '../../shared/domain/mail.js';
import { UNKNOWN_VERDICTS } from '../../shared/domain/verdicts.js';
import { provisionTestResources } from '../support/resources.js';

let config: IngestConfig;
beforeAll(async () => {
  config = await provisionTestResources('adapters');
});

const letter = (id: string): Letter => {
  const mail: ParsedMail = {
    messageId: null,
    date: null,
    from: { name: '', address: 'secretariaat@glipzuid.example' },
    replyTo: [],
    to: [{ name: 'Griffie', address: 'griffie@heemstede.nl' }],
    cc: [],
    subject: '',
    text: 'Geachte griffier,',
    textFromHtml: false,
    attachments: [{ filename: null, contentType: 'application/pdf', size: 10, sha256: '00', inline: false }],
    headers: plainHeaders(),
    authenticationHeaders: [],
    warnings: [],
  };
  return newLetter({
    id,
    rawObjectKey: `inbound/${id}`,
    sizeBytes: 1234,
    receivedAt: '2026-02-02T08:15:42.118Z',
    verdicts: UNKNOWN_VERDICTS,
    prepared: prepareLetter(mail, { verdicts: UNKNOWN_VERDICTS, ownDomains: ['heemstede.nl'] }),
    verdictSource: { kind: 'ses' },
    classification: {
      category: 'advocacy_letter',
      confidence: 0.8,
      forward: true,
      reasons: ['verzoek om door te sturen'],
      organisation: 'Wijkvereniging Glip-Zuid',
      topics: ['verkeer'],
    },
    mail,
  });
};

describe('S3RawMailStore', () => {
  it('returns the bytes that were put, unchanged', async () => {
    // Prepare
    const store = new S3RawMailStore(makeS3Client(config), config.rawMailBucket);
    const raw = new Uint8Array([0x46, 0x72, 0x6f, 0x6d, 0x3a, 0x20, 0xe9, 0x00, 0xff, 0x0d, 0x0a]);

    // Act
    await store.put('inbound/a-1', raw);
    const read = await store.get('inbound/a-1');

    // Assess
    expect(Buffer.from(read)).toEqual(Buffer.from(raw));
  });

  it('fails with RawMailMissingError for a key that does not exist', async () => {
    // Prepare
    const store = new S3RawMailStore(makeS3Client(config), config.rawMailBucket);

    // Act
    const attempt = store.get('inbound/never-stored');

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(RawMailMissingError);
  });

  it('fails with DependencyUnavailableError, keeping the cause, when the bucket is not there', async () => {
    // Prepare
    const store = new S3RawMailStore(makeS3Client(config), 'no-such-bucket-raadspost');

    // Act
    const error = await store.get('inbound/a-1').catch((err: unknown) => err);

    // Assess
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as Error).cause).toBeDefined();
  });

  it('tags raw mail with its retention kind, and restarts its retention by storing the same bytes again', async () => {
    // Prepare
    const s3 = makeS3Client(config);
    const store = new S3RawMailStore(s3, config.rawMailBucket);
    const raw = Buffer.from('From: a@example.nl\r\nSubject: bewaren\r\n\r\nBrief\r\n');
    await s3.send(new PutObjectCommand({ Bucket: config.rawMailBucket, Key: 'inbound/r-1', Body: raw, ContentType: 'message/rfc822', Metadata: { origin: 'ses' } }));
    const tagOf = async () => (await s3.send(new GetObjectTaggingCommand({ Bucket: config.rawMailBucket, Key: 'inbound/r-1' }))).TagSet;

    // Act 1
    await store.setRetention('inbound/r-1', 'pending');
    const pending = await tagOf();
    // Act 2
    await store.restartRetention('inbound/r-1', 'record', new Date('2026-03-03T10:00:00.000Z'));

    // Assess
    expect(pending).toEqual([{ Key: RETENTION_TAG, Value: 'pending' }]);
    expect(await tagOf()).toEqual([{ Key: RETENTION_TAG, Value: 'record' }]);
    // The copy onto itself replaced the metadata (S3 makes it a new version, whose creation time the lifecycle counts
    // from; s3rver keeps its file and time, so that part is AWS's documented behaviour, not asserted here).
    const after = await s3.send(new HeadObjectCommand({ Bucket: config.rawMailBucket, Key: 'inbound/r-1' }));
    expect(after.ContentType).toBe('message/rfc822');
    expect(after.Metadata).toEqual({ origin: 'ses', [HANDLED_AT_METADATA]: '2026-03-03T10:00:00.000Z' });
    expect(Buffer.from(await store.get('inbound/r-1'))).toEqual(raw);
  });

  it('fails tagging or restarting a missing object with RawMailMissingError', async () => {
    // Prepare
    const store = new S3RawMailStore(makeS3Client(config), config.rawMailBucket);

    // Act + Assess
    await expect(store.setRetention('inbound/never-stored', 'short')).rejects.toBeInstanceOf(RawMailMissingError);
    await expect(store.restartRetention('inbound/never-stored', 'record', new Date())).rejects.toBeInstanceOf(RawMailMissingError);
  });
});

describe('DynamoDbLetterRepository', () => {
  it('keeps the record until its retention ends (the table’s TTL attribute), and not while pending', async () => {
    // Prepare
    const db = makeDocumentClient(config);
    const repo = new DynamoDbLetterRepository(db, config.lettersTable);
    const expiresAt = async (id: string) =>
      (await db.send(new GetCommand({ TableName: config.lettersTable, Key: { pk: `LETTER#${id}`, sk: 'LETTER' } }))).Item?.expiresAt;
    const short: Retention = { kind: 'short', since: '2026-03-03T10:00:00.000Z', recordUntil: '2026-07-01T10:00:00.000Z' };

    // Act
    await repo.createIfAbsent({ ...letter('t-1'), retention: short });
    await repo.createIfAbsent({ ...letter('t-2'), retention: { kind: 'pending', since: '2026-03-03T10:00:00.000Z' } });
    await repo.recordRetention('t-2', { kind: 'record', since: '2026-03-04T10:00:00.000Z', recordUntil: '2031-04-04T10:00:00.000Z' });

    // Assess
    expect(await expiresAt('t-1')).toBe(Date.parse('2026-07-01T10:00:00.000Z') / 1000);
    expect(await expiresAt('t-2')).toBe(Date.parse('2031-04-04T10:00:00.000Z') / 1000);
    expect(await repo.get('t-1')).toEqual({ ...letter('t-1'), retention: short });
    expect((await repo.get('t-2'))?.retention).toEqual({ kind: 'record', since: '2026-03-04T10:00:00.000Z', recordUntil: '2031-04-04T10:00:00.000Z' });
  });

  it('keeps each acknowledgement as long as its letter: the TTL at the claim, and after a retention recorded later', async () => {
    // Prepare
    const db = makeDocumentClient(config);
    const repo = new DynamoDbLetterRepository(db, config.lettersTable);
    const expiresAt = async (pk: string, sk: string) => (await db.send(new GetCommand({ TableName: config.lettersTable, Key: { pk, sk } }))).Item?.expiresAt;
    const claim = (id: string, key: string) => repo.claimAcknowledgement(id, key, { state: 'sending', at: '2026-03-04T10:00:00.000Z', letterId: id });
    await repo.createIfAbsent({ ...letter('ack-1'), retention: { kind: 'short', since: '2026-03-03T10:00:00.000Z', recordUntil: '2026-07-01T10:00:00.000Z' } });
    await repo.createIfAbsent({ ...letter('ack-2'), retention: { kind: 'pending', since: '2026-03-03T10:00:00.000Z' } });

    // Act
    await claim('ack-1', 'a@x.nl');
    await claim('ack-2', 'a@x.nl');
    const before = await expiresAt('LETTER#ack-2', 'ACK#a@x.nl');
    await repo.recordRetention('ack-2', { kind: 'record', since: '2026-03-04T10:00:00.000Z', recordUntil: '2031-04-04T10:00:00.000Z' });
    await claim('ack-2', 'b@x.nl');

    // Assess
    expect(await expiresAt('LETTER#ack-1', 'ACK#a@x.nl')).toBe(Date.parse('2026-07-01T10:00:00.000Z') / 1000);
    expect(before).toBeUndefined();
    expect(await expiresAt('LETTER#ack-2', 'ACK#a@x.nl')).toBe(Date.parse('2031-04-04T10:00:00.000Z') / 1000);
    expect(await expiresAt('LETTER#ack-2', 'ACK#b@x.nl')).toBe(Date.parse('2031-04-04T10:00:00.000Z') / 1000);
    expect(await expiresAt('LETTER#ack-2', 'LETTER')).toBe(Date.parse('2031-04-04T10:00:00.000Z') / 1000);
  });

  it('keeps an acknowledgement as long as its letter also when the retention is recorded between its claim\'s read and put', async () => {
    // Prepare: the claim's client records the letter's retention (through another client) right after the claim read it.
    const db = makeDocumentClient(config);
    const repo = new DynamoDbLetterRepository(db, config.lettersTable);
    const other = new DynamoDbLetterRepository(makeDocumentClient(config), config.lettersTable);
    const record: Retention = { kind: 'record', since: '2026-03-04T10:00:00.000Z', recordUntil: '2031-04-04T10:00:00.000Z' };
    await repo.createIfAbsent({ ...letter('race-1'), retention: { kind: 'pending', since: '2026-03-03T10:00:00.000Z' } });
    let interleaved = false;
    db.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const input = args.input as { ProjectionExpression?: string };
        if (!interleaved && context.commandName === 'GetItemCommand' && input.ProjectionExpression?.includes('expiresAt')) {
          interleaved = true;
          await other.recordRetention('race-1', record);
        }
        return result;
      },
      { step: 'initialize', name: 'recordRetentionInBetween' },
    );

    // Act
    const claimed = await repo.claimAcknowledgement('race-1', 'a@x.nl', { state: 'sending', at: '2026-03-04T10:00:00.000Z', letterId: 'race-1' });

    // Assess
    expect([claimed, interleaved]).toEqual([true, true]);
    const item = await db.send(new GetCommand({ TableName: config.lettersTable, Key: { pk: 'LETTER#race-1', sk: 'ACK#a@x.nl' } }));
    expect(item.Item?.expiresAt).toBe(Date.parse('2031-04-04T10:00:00.000Z') / 1000);
  });

  it('reads a record of the version before: a campaign listing up to 1,000 letters, acknowledgements kept in the record as already claimed', async () => {
    // Prepare: written as that version did (its `acknowledgements` map, no `differing`, every later letter listed).
    const db = makeDocumentClient(config);
    const repo = new DynamoDbLetterRepository(db, config.lettersTable);
    const members = Array.from({ length: 999 }, (_, i) => ({ id: `old-m-${i}`, receivedAt: '2026-03-02T09:00:00.000Z', from: `b${i}@x.nl`, differs: i === 7 }));
    const old = { ...letter('old-1'), status: 'forwarded', campaign: { count: 1200, firstAt: '2026-03-01T09:00:00.000Z', lastAt: '2026-03-09T09:00:00.000Z', members } };
    const sent = { state: 'sent', at: '2026-03-10T09:00:00.000Z', letterId: 'old-1', providerMessageId: 'ses-1' };
    await db.send(new PutCommand({ TableName: config.lettersTable, Item: { ...old, pk: 'LETTER#old-1', sk: 'LETTER', entity: 'letter', acknowledgements: { 'a@x.nl': sent } } }));

    // Act
    const read = await repo.get('old-1');
    const again = await repo.claimAcknowledgement('old-1', 'a@x.nl', { state: 'sending', at: '2026-03-11T09:00:00.000Z', letterId: 'old-1' });
    const other = await repo.claimAcknowledgement('old-1', 'b@x.nl', { state: 'sending', at: '2026-03-11T09:00:00.000Z', letterId: 'old-1' });

    // Assess
    expect(read?.campaign?.members).toHaveLength(999);
    expect(acknowledgementsDue(read!)).toBe(true);
    expect([again, other]).toEqual([false, true]);
  });

  it('creates a letter once and reports the second attempt as duplicate', async () => {
    // Prepare
    const repo = new DynamoDbLetterRepository(makeDocumentClient(config), config.lettersTable);

    // Act
    const first = await repo.createIfAbsent(letter('l-1'));
    const second = await repo.createIfAbsent({ ...letter('l-1'), subject: 'changed' });

    // Assess
    expect([first, second]).toEqual(['created', 'duplicate']);
    expect((await repo.get('l-1'))?.subject).toBe('');
  });

  it('reads back exactly the letter it stored, without its key attributes', async () => {
    // Prepare
    const repo = new DynamoDbLetterRepository(makeDocumentClient(config), config.lettersTable);
    const quarantined = quarantinedLetter({
      id: 'l-2',
      rawObjectKey: 'inbound/l-2',
      sizeBytes: 0,
      receivedAt: '2026-02-02T08:15:42.118Z',
      quarantine: { code: 'VIRUS_DETECTED', reason: 'De virusscan van SES heeft dit bericht afgekeurd.' },
      verdicts: { ...UNKNOWN_VERDICTS, virus: 'FAIL' },
      category: 'spam',
      reasons: [],
    });

    // Act
    await repo.createIfAbsent(letter('l-3'));
    await repo.createIfAbsent(quarantined);

    // Assess
    expect(await repo.get('l-3')).toEqual(letter('l-3'));
    expect(await repo.get('l-2')).toEqual(quarantined);
    expect(await repo.get('l-missing')).toBeUndefined();
  });

  it('fails with DependencyUnavailableError when the table is not there', async () => {
    // Prepare
    const repo = new DynamoDbLetterRepository(makeDocumentClient(config), 'no-such-table');

    // Act
    const attempt = repo.createIfAbsent(letter('l-4'));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});

describe('makeSesClient', () => {
  it('sends through the SES emulator, where the mail shows up in GET /store', async () => {
    // Prepare
    const ses = makeSesClient(config);
    const subject = `adapters-${Date.now()}`;

    // Act
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'griffie@heemstede.nl',
        Destination: { ToAddresses: ['raad@heemstede.nl'] },
        Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'test' } } } },
      }),
    );
    const store = (await (await fetch(`${inject('endpoints').ses}/store`)).json()) as { emails: { subject: string }[] };

    // Assess
    expect(store.emails.map((e) => e.subject)).toContain(subject);
  });
});
