import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { makeDocumentClient, makeS3Client, makeSesClient } from '../../shared/adapters/aws-clients.js';
import { DynamoDbLetterRepository } from '../../shared/adapters/dynamodb-letter-repository.js';
import { S3RawMailStore } from '../../shared/adapters/s3-raw-mail-store.js';
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
});

describe('DynamoDbLetterRepository', () => {
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
