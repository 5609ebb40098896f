import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/ingest-mail/handler.js';
import { buildSesEvent } from '../../infra/local/ses-event.js';
import type { IngestMail, IngestMailInput, IngestOutcome } from '../../shared/application/ingest-mail.js';
import { DependencyUnavailableError } from '../../shared/domain/errors.js';
import { logger } from '../../shared/logger.js';

const fixture = async (name: string): Promise<unknown> =>
  JSON.parse(await readFile(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8'));

const fakeIngestMail = (outcome: IngestOutcome | Error = { kind: 'duplicate', letterId: 'x' }) => {
  const calls: IngestMailInput[] = [];
  const ingestMail: IngestMail = async (input) => {
    calls.push(input);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return { calls, ingestMail };
};

describe('createHandler (ingest-mail)', () => {
  it('hands the SES record to the use case with key, receive time, recipients and verdicts', async () => {
    // Prepare
    const stored: IngestOutcome = { kind: 'stored', letterId: 'q8v1k3n5r2m0c7t4h6s9p1e3a5d8f0b2', category: 'advocacy_letter', status: 'awaiting_approval' };
    const { calls, ingestMail } = fakeIngestMail(stored);
    const handler = createHandler({ ingestMail, logger, rawMailPrefix: 'inbound/' });

    // Act
    const result = await handler(await fixture('ses-letter.json'));

    // Assess
    expect(calls).toEqual([
      {
        messageId: 'q8v1k3n5r2m0c7t4h6s9p1e3a5d8f0b2',
        objectKey: 'inbound/q8v1k3n5r2m0c7t4h6s9p1e3a5d8f0b2',
        receivedAt: '2026-02-02T08:15:42.118Z',
        recipients: ['griffie@heemstede.nl'],
        verdicts: { spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
        envelopeFrom: 'bounces+glipzuid@mail.buurtpost.example',
      },
    ]);
    expect(result).toEqual({ outcomes: [stored] });
  });

  it('maps failed verdicts and accepts the dmarcPolicy SES adds when DMARC fails', async () => {
    // Prepare
    const { calls, ingestMail } = fakeIngestMail();
    const handler = createHandler({ ingestMail, logger, rawMailPrefix: 'inbound/' });

    // Act
    await handler(await fixture('ses-virus-fail.json'));

    // Assess
    expect(calls[0]?.verdicts).toEqual({ spam: 'FAIL', virus: 'FAIL', spf: 'FAIL', dkim: 'GRAY', dmarc: 'FAIL' });
  });

  it('accepts the events the local SMTP intake builds', async () => {
    // Prepare
    const { calls, ingestMail } = fakeIngestMail();
    const handler = createHandler({ ingestMail, logger, rawMailPrefix: 'raw/' });
    const raw = Buffer.from('From: "Glip-Zuid, secretariaat" <a@glipzuid.example>\r\nTo: griffie@heemstede.nl\r\nSubject: Test\r\n\r\nHallo\r\n');
    const event = buildSesEvent({ messageId: 'local-1', source: 'a@glipzuid.example', recipients: ['griffie@heemstede.nl'], raw });

    // Act
    await handler(event);

    // Assess
    expect(calls[0]).toMatchObject({ messageId: 'local-1', objectKey: 'raw/local-1' });
    expect(event.Records[0]?.ses.mail.commonHeaders.from).toEqual(['"Glip-Zuid, secretariaat" <a@glipzuid.example>']);
  });

  it('rejects a malformed event without calling the use case', async () => {
    // Prepare
    const { calls, ingestMail } = fakeIngestMail();
    const handler = createHandler({ ingestMail, logger, rawMailPrefix: 'inbound/' });
    type Event = { Records: { eventSource: string; ses: { mail: { timestamp: string; messageId: string }; receipt: { spfVerdict?: unknown } } }[] };
    const letter = (await fixture('ses-letter.json')) as Event;
    const broken = (breakIt: (record: Event['Records'][number]) => void): Event => {
      const event = structuredClone(letter);
      breakIt(event.Records[0]!);
      return event;
    };

    // Act
    const attempts = [
      handler(broken((r) => (r.eventSource = 'aws:sqs'))),
      handler(broken((r) => delete r.ses.receipt.spfVerdict)),
      handler(broken((r) => (r.ses.mail.timestamp = 'gisteren'))),
      // The message id is the raw object's key: nothing that could name another key.
      handler(broken((r) => (r.ses.mail.messageId = '../config/x'))),
      handler(broken((r) => (r.ses.mail.messageId = ''))),
      handler({}),
      handler({ Records: [] }),
      handler(undefined),
    ];

    // Assess
    for (const attempt of attempts) await expect(attempt).rejects.toThrow();
    expect(calls).toEqual([]);
  });

  it('fails with a transient error so Lambda retries the invocation', async () => {
    // Prepare
    const { ingestMail } = fakeIngestMail(new DependencyUnavailableError('dynamodb put failed'));
    const handler = createHandler({ ingestMail, logger, rawMailPrefix: 'inbound/' });

    // Act
    const attempt = handler(await fixture('ses-letter.json'));

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
