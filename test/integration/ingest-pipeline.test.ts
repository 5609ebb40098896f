import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/ingest-mail/handler.js';
import { buildDemoLetterEml } from '../../infra/local/demo-letter.js';
import { buildSesEvent } from '../../infra/local/ses-event.js';
import { makeDocumentClient, makeS3Client } from '../../shared/adapters/aws-clients.js';
import { DynamoDbLetterRepository } from '../../shared/adapters/dynamodb-letter-repository.js';
import { S3RawMailStore } from '../../shared/adapters/s3-raw-mail-store.js';
import { buildIngestDeps } from '../../shared/adapters/ingest-wiring.js';
import { makeIngestMail } from '../../shared/application/ingest-mail.js';
import type { IngestConfig } from '../../shared/config.js';
import { logger } from '../../shared/logger.js';
import { provisionTestResources } from '../support/resources.js';

let config: IngestConfig;
let rawMail: S3RawMailStore;
let letters: DynamoDbLetterRepository;
let handler: ReturnType<typeof createHandler>;

beforeAll(async () => {
  config = await provisionTestResources('pipeline');
  // The same wiring as functions/ingest-mail/index.ts, from an IngestConfig instead of process.env.
  handler = createHandler({ ingestMail: makeIngestMail(buildIngestDeps(config)), logger, rawMailPrefix: config.rawMailPrefix });
  rawMail = new S3RawMailStore(makeS3Client(config), config.rawMailBucket);
  letters = new DynamoDbLetterRepository(makeDocumentClient(config), config.lettersTable);
});

const fixtureEvent = async (name: string) =>
  JSON.parse(await readFile(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8')) as {
    Records: [{ ses: { mail: { messageId: string } } }];
  };

describe('ingest pipeline (handler + real adapters on the emulators)', () => {
  it('stores the demo letter with its PDF read, awaiting the griffier’s approval', async () => {
    // Prepare
    const demo = await buildDemoLetterEml();
    const event = await fixtureEvent('ses-letter.json');
    const messageId = event.Records[0].ses.mail.messageId;
    await rawMail.put(`inbound/${messageId}`, demo.raw);

    // Act
    const result = await handler(event);

    // Assess
    expect(result.outcomes).toEqual([
      { kind: 'stored', letterId: messageId, category: expect.any(String), status: 'awaiting_approval', approval: { kind: 'sent', recipients: 1 } },
    ]);
    const letter = await letters.get(messageId);
    expect(letter).toMatchObject({
      id: messageId,
      rawObjectKey: `inbound/${messageId}`,
      sizeBytes: demo.raw.byteLength,
      receivedAt: '2026-02-02T08:15:42.118Z',
      subject: demo.subject,
      forward: true,
      from: { address: 'secretariaat@glipzuid.example' },
    });
    expect(letter?.attachments).toEqual([expect.objectContaining({ contentType: 'application/pdf', hasText: true })]);
  });

  it('keeps one record when the same event is delivered twice', async () => {
    // Prepare
    const demo = await buildDemoLetterEml({ variant: 'twice' });
    const event = buildSesEvent({ messageId: 'twice-1', source: demo.envelope.from, recipients: demo.envelope.to, raw: demo.raw });
    await rawMail.put('inbound/twice-1', demo.raw);

    // Act
    const first = await handler(event);
    const second = await handler(event);

    // Assess
    expect(first.outcomes[0]?.kind).toBe('stored');
    expect(second.outcomes).toEqual([{ kind: 'duplicate', letterId: 'twice-1' }]);
    expect((await letters.get('twice-1'))?.subject).toBe(demo.subject);
  });

  it('quarantines mail SES found a virus in, leaving the raw object in place', async () => {
    // Prepare
    const event = await fixtureEvent('ses-virus-fail.json');
    const messageId = event.Records[0].ses.mail.messageId;
    await rawMail.put(`inbound/${messageId}`, Buffer.from('From: x@prijzenregen.example\r\n\r\nX5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR\r\n'));

    // Act
    const result = await handler(event);

    // Assess
    expect(result.outcomes).toEqual([{ kind: 'quarantined', letterId: messageId, code: 'VIRUS_DETECTED' }]);
    expect(await letters.get(messageId)).toMatchObject({ status: 'quarantined', category: 'spam', quarantine: { code: 'VIRUS_DETECTED' } });
    expect((await rawMail.get(`inbound/${messageId}`)).byteLength).toBeGreaterThan(0);
  });

  it('quarantines an event whose raw object is missing', async () => {
    // Prepare
    const event = buildSesEvent({ messageId: 'missing-1', source: 'a@example.nl', recipients: ['griffie@heemstede.nl'] });

    // Act
    const result = await handler(event);

    // Assess
    expect(result.outcomes).toEqual([{ kind: 'quarantined', letterId: 'missing-1', code: 'RAW_MAIL_MISSING' }]);
    expect((await letters.get('missing-1'))?.quarantine?.reason).toMatch(/niet gevonden/);
  });

  it('quarantines stored bytes that are not a mail message', async () => {
    // Prepare
    await rawMail.put('inbound/garbage-1', Buffer.from([0x00, 0xff, 0x10, 0x80, 0x00, 0x00, 0x7f]));
    const event = buildSesEvent({ messageId: 'garbage-1', source: 'a@example.nl', recipients: ['griffie@heemstede.nl'] });

    // Act
    const result = await handler(event);

    // Assess
    expect(result.outcomes).toEqual([{ kind: 'quarantined', letterId: 'garbage-1', code: expect.stringMatching(/NOT_A_MESSAGE|MAIL_MALFORMED|EMPTY_MESSAGE/) }]);
    expect((await letters.get('garbage-1'))?.status).toBe('quarantined');
  });
});
