/**
 * Fault injection (issue "Never lose a message", item 7): duplicate events, a crash between each pair of steps,
 * throttling, SES rejection, an expired raw object, DynamoDB unavailable, dead letters, loops and the hourly cap.
 * The pipeline runs on in-memory ports with the REAL mail reader, classifier and composer; SDK failures come from
 * aws-sdk-client-mock against the real adapters (the SDK's own retries and timeouts: test/integration/sdk-timeouts.test.ts).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeadLettersHandler } from '../../functions/dead-letters/handler.js';
import { buildSesEvent } from '../../infra/local/ses-event.js';
import { createHandler } from '../../functions/ingest-mail/handler.js';
import { DynamoDbLetterRepository } from '../../shared/adapters/dynamodb-letter-repository.js';
import { createMailReader } from '../../shared/adapters/mail-reader.js';
import { NodemailerMessageComposer } from '../../shared/adapters/nodemailer-message-composer.js';
import { S3RawMailStore } from '../../shared/adapters/s3-raw-mail-store.js';
import { SesV2MailSender } from '../../shared/adapters/sesv2-mail-sender.js';
import { makeDecide } from '../../shared/application/approve-letter.js';
import { makeHandleDeadLetter } from '../../shared/application/handle-dead-letter.js';
import { FORWARD_CAP_REASON_NL, FORWARD_LEASE_MS, makeForwardLetter } from '../../shared/application/forward-letter.js';
import { makeIngestMail } from '../../shared/application/ingest-mail.js';
import { makeNotifyGriffie } from '../../shared/application/notify-griffie.js';
import { makeReconcile } from '../../shared/application/reconcile.js';
import { makeRequestApproval } from '../../shared/application/request-approval.js';
import { loadForwardConfig } from '../../shared/config.js';
import { tokenFromRandomBytes } from '../../shared/domain/approval.js';
import { classify } from '../../shared/domain/classifier/index.js';
import { ConfigError, DependencyUnavailableError, QUARANTINE_REASONS_NL, SendNotAcceptedError } from '../../shared/domain/errors.js';
import { logger } from '../../shared/logger.js';
import type { MailSender } from '../../shared/ports.js';
import {
  InMemoryForwardRateLimiter,
  InMemoryLetterFileStore,
  InMemoryLetterRepository,
  InMemoryRawMailCheckpoint,
  InMemoryRawMailStore,
  RecordingForwardTrigger,
  RecordingMailSender,
  crashOnce,
  sequenceRandom,
  steppingClock,
} from '../support/fakes.js';
import { mailFixture } from '../support/fixtures.js';

const GRIFFIE = 'griffie@heemstede.nl';
const APPROVER = 'griffier@heemstede.nl';
const COUNCIL = ['raadslid.a@heemstede.nl', 'raadslid.b@heemstede.nl', 'raadslid.c@heemstede.nl'];
const crash = () => new Error('process died here');

/** The whole pipeline on in-memory ports. */
const pipeline = (options: { hourlyCap?: number; sender?: MailSender } = {}) => {
  const clock = steppingClock('2026-02-02T09:30:00.000Z');
  const rawMail = new InMemoryRawMailStore();
  const letters = new InMemoryLetterRepository();
  const files = new InMemoryLetterFileStore();
  const recording = new RecordingMailSender();
  const sender = options.sender ?? recording;
  const composer = new NodemailerMessageComposer();
  const seq = sequenceRandom();
  const issued: string[] = [];
  const random = { bytes: (n: number) => { const b = seq.bytes(n); issued.push(tokenFromRandomBytes(b)); return b; } };
  const requestApproval = makeRequestApproval({
    letters, files, tokens: letters.tokens, random, composer, sender, renderMail: (s, url) => ({ subject: `Nieuwe brief: ${s.subject}`, text: url, html: `<p>${url}</p>` }), clock,
    settings: { from: GRIFFIE, approvers: [APPROVER], baseUrl: 'https://approve.example/', tokenTtlDays: 14, municipality: 'Heemstede' },
  });
  const ingestMail = makeIngestMail({ rawMail, files, readMail: createMailReader(), classify, letters, clock, ownDomains: ['heemstede.nl'], municipality: 'Heemstede', requestApproval, trustedForwarders: [] });
  const ingest = createHandler({ ingestMail, logger, rawMailPrefix: 'inbound/' });
  const trigger = new RecordingForwardTrigger();
  const decide = makeDecide({ letters, tokens: letters.tokens, registerScheme: 'yearly', forward: trigger, files, clock });
  const limiter = new InMemoryForwardRateLimiter();
  const forwardLetter = makeForwardLetter({
    letters, files, composer, sender, clock, rateLimiter: limiter,
    settings: { griffieAddress: GRIFFIE, councilList: COUNCIL, defaultHandling: 'ter kennisname', municipality: 'Heemstede', hourlyCap: options.hourlyCap ?? 20 },
  });
  const notify = makeNotifyGriffie({ composer, sender, clock, settings: { from: GRIFFIE, to: [APPROVER], municipality: 'Heemstede' } });
  const sent = () => recording.sent;
  const approvalMails = () => recording.sent.filter((m) => m.destinations.includes(APPROVER));
  const forwards = () => recording.sent.filter((m) => m.destinations.some((d) => COUNCIL.includes(d)));
  const receive = async (id: string, raw: Uint8Array) => {
    await rawMail.put(`inbound/${id}`, raw);
    return sesEvent(id);
  };
  return { clock, rawMail, files, letters, recording, requestApproval, ingestMail, ingest, decide, trigger, forwardLetter, limiter, notify, issued, sent, approvalMails, forwards, receive };
};

/** An SES Lambda-action event for one message, built as the local intake builds it. */
const sesEvent = (messageId: string) =>
  buildSesEvent({ messageId, source: 'secretariaat@glipzuid.example', recipients: [GRIFFIE], timestamp: new Date('2026-02-02T09:29:00.000Z') });

/** The letter fixture; with a tag, another letter (its own Message-ID and subject), so it is not a copy of the first. */
const letterEml = async (tag?: string) => {
  const raw = await mailFixture('parse-plain-iso-8859-1.eml');
  if (!tag) return raw;
  return Buffer.from(
    Buffer.from(raw).toString('latin1').replace('Message-ID: <parse-1@example.nl>', `Message-ID: <parse-${tag}@example.nl>`).replace('Subject: =?iso-8859-1?Q?Zorgen_over', `Subject: =?iso-8859-1?Q?${tag}_Zorgen_over`),
    'latin1',
  );
};

/** Ingest + approve + forward, as the three functions would. */
const approveAndForward = async (p: ReturnType<typeof pipeline>, id: string) => {
  await p.decide({ token: p.issued.at(-1), decision: 'approved', note: '' });
  return p.forwardLetter({ letterId: id });
};

describe('fault injection', () => {
  describe('duplicate events', () => {
    it('stores one record and sends one approval mail and one forward when every event arrives twice', async () => {
      // Prepare
      const p = pipeline();
      const event = await p.receive('m-dup', await letterEml());

      // Act
      await p.ingest(event);
      await p.ingest(event);
      await approveAndForward(p, 'm-dup');
      await p.forwardLetter({ letterId: 'm-dup' });
      await p.decide({ token: p.issued.at(-1), decision: 'approved', note: '' }); // a second click

      // Assess
      expect(p.letters.saved).toHaveLength(1);
      expect(p.letters.createCalls).toHaveLength(1); // the redelivery stopped at the cheap read
      expect(p.approvalMails()).toHaveLength(1);
      expect(p.forwards()).toHaveLength(1);
      expect(p.letters.statusOf('m-dup')).toBe('forwarded');
    });

    it('lets only one of two simultaneous decisions win', async () => {
      const p = pipeline();
      await p.ingest(await p.receive('m-race', await letterEml()));
      const token = p.issued.at(-1);

      const [a, b] = await Promise.all([
        p.decide({ token, decision: 'approved', note: '' }),
        p.decide({ token, decision: 'rejected', note: '' }),
      ]);

      expect([a, b].filter((v) => v.kind === 'decided' && v.justNow)).toHaveLength(1);
      const status = p.letters.statusOf('m-race');
      expect(p.letters.letters.get('m-race')?.decision?.kind).toBe(status);
      // The loser may start the forward again (an approved letter not yet forwarded); the forward's claim sends once.
      for (const letterId of p.trigger.triggered) await p.forwardLetter({ letterId });
      expect(p.forwards()).toHaveLength(status === 'approved' ? 1 : 0);
      expect(p.trigger.triggered.length).toBeGreaterThanOrEqual(status === 'approved' ? 1 : 0);
    });
  });

  describe('a crash between two steps, then a rerun', () => {
    // Each step of ingest after the record: claim -> token -> send -> complete.
    it.each([
      ['saving the approval token', 'tokens.save'],
      ['sending the approval mail', 'sender.sendRaw'],
    ] as const)('resumes ingest after a crash at %s: one record, one approval mail', async (_, step) => {
      const p = pipeline();
      const event = await p.receive('m-crash', await letterEml());
      if (step === 'tokens.save') crashOnce(p.letters.tokens, 'save', crash());
      else crashOnce(p.recording, 'sendRaw', new DependencyUnavailableError('ses 503'));

      await expect(p.ingest(event)).rejects.toThrow();
      await p.ingest(event);

      expect(p.letters.saved).toHaveLength(1);
      expect(p.approvalMails()).toHaveLength(1);
      expect(p.letters.letters.get('m-crash')?.approvalRequest?.state).toBe('sent');
    });

    it('does not mail again when the crash came after the send but before it was recorded, until the lease ends', async () => {
      const p = pipeline();
      const event = await p.receive('m-late', await letterEml());
      crashOnce(p.letters, 'completeApprovalRequest', crash());

      await expect(p.ingest(event)).rejects.toThrow('process died here');
      const rerun = await p.ingest(event);

      expect(rerun.outcomes).toEqual([{ kind: 'duplicate', letterId: 'm-late', approval: { kind: 'in_progress' } }]);
      expect(p.approvalMails()).toHaveLength(1);
      // The documented window: after the lease a rerun mails again (a second valid link; the first decision wins).
      p.clock.advance(11 * 60 * 1000);
      await p.ingest(event);
      expect(p.approvalMails()).toHaveLength(2);
    });

    it('takes no number when the decision fails: the number is part of the decision\'s transaction', async () => {
      const p = pipeline();
      await p.ingest(await p.receive('m-num', await letterEml()));
      p.letters.failNext.decide = crash();
      await expect(p.decide({ token: p.issued.at(-1), decision: 'approved', note: '' })).rejects.toThrow('process died here');

      expect(p.letters.statusOf('m-num')).toBe('awaiting_approval');
      expect(p.letters.counters.get(2026)).toBeUndefined();
      await p.decide({ token: p.issued.at(-1), decision: 'approved', note: '' });
      const outcome = await p.forwardLetter({ letterId: 'm-num' });

      expect(outcome).toMatchObject({ kind: 'forwarded' });
      expect(p.forwards()).toHaveLength(1);
      expect(p.letters.letters.get('m-num')?.registerNumber?.label).toBe('1');
    });

    it('resumes a forward whose send SES refused for now: forward_failed, then one forward on the retry', async () => {
      const p = pipeline();
      await p.ingest(await p.receive('m-send', await letterEml()));
      crashOnce(p.recording, 'sendRaw', new SendNotAcceptedError('ses throttled'));
      await p.decide({ token: p.issued.at(-1), decision: 'approved', note: '' });

      await expect(p.forwardLetter({ letterId: 'm-send' })).rejects.toThrow('ses throttled');
      expect(p.letters.statusOf('m-send')).toBe('forward_failed');
      await p.forwardLetter({ letterId: 'm-send' });

      expect(p.forwards()).toHaveLength(1);
      expect(p.letters.statusOf('m-send')).toBe('forwarded');
    });

    it('does not send again when the crash came after the batch was recorded', async () => {
      const p = pipeline();
      await p.ingest(await p.receive('m-done', await letterEml()));
      crashOnce(p.letters, 'completeForward', crash());

      await expect(approveAndForward(p, 'm-done')).rejects.toThrow('process died here');
      await p.forwardLetter({ letterId: 'm-done' });

      expect(p.forwards()).toHaveLength(1);
      expect(p.letters.statusOf('m-done')).toBe('forwarded');
    });

    it('takes over a forward left in `forwarding` by a dead run only after the lease, without resending recorded batches', async () => {
      const p = pipeline();
      await p.ingest(await p.receive('m-stuck', await letterEml()));
      // The run dies (timeout) after the batch was sent and recorded: nothing moves the letter out of forwarding.
      p.letters.completeForward = async () => new Promise<void>(() => undefined);
      const dying = approveAndForward(p, 'm-stuck');
      await new Promise((r) => setTimeout(r, 50));
      expect(p.letters.statusOf('m-stuck')).toBe('forwarding');
      p.letters.completeForward = InMemoryLetterRepository.prototype.completeForward.bind(p.letters);
      void dying;

      expect(await p.forwardLetter({ letterId: 'm-stuck' })).toMatchObject({ kind: 'skipped', status: 'forwarding' });
      p.clock.advance(FORWARD_LEASE_MS + 1000);
      const outcome = await p.forwardLetter({ letterId: 'm-stuck' });

      expect(outcome).toMatchObject({ kind: 'forwarded' });
      expect(p.forwards()).toHaveLength(1);
      expect(p.letters.letters.get('m-stuck')?.history?.map((h) => h.event)).toContain('doorsturen hervat na onderbreking');
    });
  });

  describe('AWS failures through the real adapters', () => {
    const ses = mockClient(SESv2Client);
    const s3 = mockClient(S3Client);
    const ddb = mockClient(DynamoDBDocumentClient);
    afterEach(() => {
      ses.reset();
      s3.reset();
      ddb.reset();
    });

    it('records an SES rejection (MessageRejected) on the letter and does not retry it', async () => {
      ses.on(SendEmailCommand).rejects(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' }));
      const sender = new SesV2MailSender(new SESv2Client({ region: 'eu-west-1' }));
      const p = pipeline();
      await p.ingest(await p.receive('m-rej', await letterEml()));
      await p.decide({ token: p.issued.at(-1), decision: 'approved', note: '' });
      const forward = makeForwardLetter({
        letters: p.letters, files: p.files, composer: new NodemailerMessageComposer(), sender,
        clock: p.clock, settings: { griffieAddress: GRIFFIE, councilList: COUNCIL, defaultHandling: 'ter kennisname', municipality: 'Heemstede' },
      });

      const outcome = await forward({ letterId: 'm-rej' });

      expect(outcome).toEqual({ kind: 'failed', letterId: 'm-rej', code: 'SEND_REJECTED' });
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
      expect(p.letters.letters.get('m-rej')).toMatchObject({
        status: 'forward_failed',
        forwarding: { failure: { code: 'SEND_REJECTED', retryable: false, message: expect.stringContaining('MessageRejected') } },
      });
    });

    it('quarantines a message whose raw object expired (NoSuchKey) as RAW_MAIL_MISSING, without a retry', async () => {
      s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
      const p = pipeline();
      const ingestMail = makeIngestMail({
        rawMail: new S3RawMailStore(new S3Client({ region: 'eu-west-1' }), 'raw-mail'), files: p.files, readMail: createMailReader(), classify,
        letters: p.letters, clock: p.clock, ownDomains: ['heemstede.nl'], municipality: 'Heemstede', requestApproval: p.requestApproval, trustedForwarders: [],
      });

      const outcome = await createHandler({ ingestMail, logger, rawMailPrefix: 'inbound/' })(sesEvent('m-gone'));

      expect(outcome.outcomes).toEqual([{ kind: 'quarantined', letterId: 'm-gone', code: 'RAW_MAIL_MISSING' }]);
      expect(p.letters.letters.get('m-gone')?.quarantine).toMatchObject({ code: 'RAW_MAIL_MISSING', reason: QUARANTINE_REASONS_NL.RAW_MAIL_MISSING });
      expect(p.sent()).toEqual([]);
    });

    it('lets an unavailable DynamoDB reach Lambda (the invocation fails, so Lambda retries it)', async () => {
      ddb.on(GetCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable', $retryable: {} }));
      const p = pipeline();
      const letters = new DynamoDbLetterRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), 'letters');
      const ingestMail = makeIngestMail({ rawMail: p.rawMail, files: p.files, readMail: createMailReader(), classify, letters, clock: p.clock, ownDomains: ['heemstede.nl'], municipality: 'Heemstede', requestApproval: p.requestApproval, trustedForwarders: [] });
      const event = await p.receive('m-ddb', await letterEml());

      await expect(createHandler({ ingestMail, logger, rawMailPrefix: 'inbound/' })(event)).rejects.toBeInstanceOf(DependencyUnavailableError);
      expect(p.sent()).toEqual([]);
    });

    it('maps a failed condition to "duplicate", not to an outage', async () => {
      ddb.onAnyCommand().rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
      const letters = new DynamoDbLetterRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), 'letters');
      const p = pipeline();
      await p.ingest(await p.receive('m-cc', await letterEml()));

      expect(await letters.createIfAbsent(p.letters.saved[0]!)).toBe('duplicate');
    });
  });

  describe('dead letters', () => {
    const destinationRecord = (requestPayload: unknown, condition = 'RetriesExhausted') => ({
      version: '1.0',
      timestamp: '2026-02-02T10:00:00.000Z',
      requestContext: { requestId: 'r-1', functionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:x:$LATEST', condition, approximateInvokeCount: 3 },
      requestPayload,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'DependencyUnavailableError', errorMessage: 'dynamodb get failed: ServiceUnavailable' },
    });
    const sqs = (...bodies: unknown[]) => ({ Records: bodies.map((b, i) => ({ messageId: `sqs-${i}`, body: JSON.stringify(b) })) });
    const deadLetters = (p: ReturnType<typeof pipeline>) =>
      createDeadLettersHandler({
        handleDeadLetter: makeHandleDeadLetter({ letters: p.letters, notify: p.notify, clock: p.clock, rawMailPrefix: 'inbound/' }),
        logger: new Logger({ logLevel: 'SILENT' }), // dead letters log at WARN/ERROR by design; quiet here
      });

    it('quarantines an ingest that failed every attempt as INGEST_FAILED and tells the griffie, once per record', async () => {
      const p = pipeline();
      const handler = deadLetters(p);

      const result = await handler(sqs(destinationRecord(sesEvent('m-dead'))));
      await handler(sqs(destinationRecord(sesEvent('m-dead')))); // SQS delivers it again

      expect(result).toEqual({ batchItemFailures: [] });
      expect(p.letters.letters.get('m-dead')).toMatchObject({
        status: 'quarantined',
        rawObjectKey: 'inbound/m-dead',
        quarantine: { code: 'INGEST_FAILED', detail: expect.stringContaining('RetriesExhausted na 3 poging(en): DependencyUnavailableError') },
      });
      expect(p.letters.createCalls).toHaveLength(1);
      expect(p.sent().every((m) => m.destinations.join() === APPROVER)).toBe(true);
      const text = Buffer.from(p.sent()[0]!.raw).toString();
      expect(text).toContain('kon niet worden verwerkt');
      expect(text).toContain('npx raadspost reprocess m-dead');
    });

    it('marks a forward that failed every attempt as forward_failed and tells the griffie', async () => {
      const p = pipeline();
      await p.ingest(await p.receive('m-fw', await letterEml()));
      p.letters.completeForward = async () => new Promise<void>(() => undefined); // the run times out in forwarding
      void approveAndForward(p, 'm-fw');
      await new Promise((r) => setTimeout(r, 50));

      const result = await deadLetters(p)(sqs(destinationRecord({ letterId: 'm-fw' })));

      expect(result).toEqual({ batchItemFailures: [] });
      expect(p.letters.letters.get('m-fw')).toMatchObject({ status: 'forward_failed', forwarding: { failure: { code: 'FORWARD_FAILED', retryable: true } } });
      expect(Buffer.from(p.sent().at(-1)!.raw).toString()).toContain('reprocess m-fw --force');
    });

    it('keeps a dead letter of unknown shape in its queue (partial batch failure) and handles the rest', async () => {
      const p = pipeline();
      const result = await deadLetters(p)(sqs({ nonsense: true }, destinationRecord({ source: 'raadspost.reconcile', messageId: 'm-re' })));

      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'sqs-0' }] });
      expect(p.letters.statusOf('m-re')).toBe('quarantined');
    });

    it('keeps the dead letter in the queue when the griffie cannot be told (SES down)', async () => {
      const p = pipeline();
      crashOnce(p.recording, 'sendRaw', new DependencyUnavailableError('ses 503'));
      const result = await deadLetters(p)(sqs(destinationRecord(sesEvent('m-dead2'))));
      expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'sqs-0' }] });
      expect(p.letters.statusOf('m-dead2')).toBe('quarantined'); // recorded; the retry only mails
    });
  });

  describe('loops and abuse', () => {
    it('never answers or forwards auto-replies, bounces, read receipts or our own forwards, and never mails a sender', async () => {
      const p = pipeline();
      // A real forward of ours, composed by the same composer, comes back in (a raadslid's auto-forward, a loop).
      await p.ingest(await p.receive('m-orig', await letterEml()));
      await approveAndForward(p, 'm-orig');
      const ownForward = p.forwards()[0]!.raw;
      const readReceipt = Buffer.from(
        'From: raadslid.a@heemstede.nl\r\nTo: griffie@heemstede.nl\r\nSubject: Gelezen: 1. Brief\r\nMessage-ID: <rr-1@heemstede.nl>\r\nMIME-Version: 1.0\r\n' +
          'Content-Type: multipart/report; report-type=disposition-notification; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nUw bericht is gelezen.\r\n' +
          '--b\r\nContent-Type: message/disposition-notification\r\n\r\nFinal-Recipient: rfc822; raadslid.a@heemstede.nl\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n--b--\r\n',
      );
      const before = p.sent().length;
      const inputs: [string, Uint8Array][] = [
        ['own-forward', ownForward],
        ['bounce', await mailFixture('parse-dsn.eml')],
        ['out-of-office', await mailFixture('classify-out-of-office.eml')],
        ['read-receipt', readReceipt],
      ];

      for (const [id, raw] of inputs) await p.ingest(await p.receive(id, raw));

      for (const [id] of inputs) expect(p.letters.letters.get(id), id).toMatchObject({ status: 'filed', category: 'auto_reply', forward: false });
      expect(p.sent().length).toBe(before);
      // Over the whole run, mail went only to the approver and the council: never to a sender.
      expect(p.sent().flatMap((m) => m.destinations).every((d) => d === APPROVER || COUNCIL.includes(d))).toBe(true);
    });

    it('stops forwarding at the hourly cap with a Dutch reason, and the reconciler forwards the rest in a later hour', async () => {
      const p = pipeline({ hourlyCap: 1 });
      for (const id of ['m-cap1', 'm-cap2']) {
        await p.ingest(await p.receive(id, await letterEml(id)));
        await p.decide({ token: p.issued.at(-1), decision: 'approved', note: '' });
      }

      expect(await p.forwardLetter({ letterId: 'm-cap1' })).toMatchObject({ kind: 'forwarded' });
      expect(await p.forwardLetter({ letterId: 'm-cap2' })).toEqual({ kind: 'deferred', letterId: 'm-cap2', code: 'FORWARD_CAP_REACHED' });
      expect(p.letters.letters.get('m-cap2')?.forwarding?.failure).toMatchObject({ code: 'FORWARD_CAP_REACHED', retryable: true, message: expect.stringContaining(FORWARD_CAP_REASON_NL) });
      expect(p.forwards()).toHaveLength(1);

      p.clock.advance(60 * 60 * 1000);
      const reconcile = makeReconcile({
        rawMail: p.rawMail, letters: p.letters, checkpoint: new InMemoryRawMailCheckpoint(), ingest: p.ingestMail, requestApproval: p.requestApproval, clock: p.clock,
        forward: { trigger: async (letterId) => void (await p.forwardLetter({ letterId })) }, settings: { rawMailPrefix: 'inbound/' },
      });
      const report = await reconcile();

      expect(report.forwardsRetriggered).toEqual(['m-cap2']);
      expect(p.letters.statusOf('m-cap2')).toBe('forwarded');
      expect(p.forwards()).toHaveLength(2);
    });

    it('refuses a configuration that puts the griffie address (or an approver) on the council list', () => {
      const env = { AWS_REGION: 'eu-west-1', LETTERS_TABLE: 't', MUNICIPALITY_NAME: 'Heemstede', RAW_MAIL_BUCKET: 'b', GRIFFIE_ADDRESS: GRIFFIE };
      expect(() => loadForwardConfig({ ...env, COUNCIL_LIST: `raadslid.a@heemstede.nl, ${GRIFFIE.toUpperCase()}` })).toThrow(ConfigError);
      expect(() => loadForwardConfig({ ...env, COUNCIL_LIST: 'raadslid.a@heemstede.nl', APPROVERS: 'raadslid.a@heemstede.nl' })).toThrow(/approver/);
      expect(loadForwardConfig({ ...env, COUNCIL_LIST: 'raadslid.a@heemstede.nl' }).hourlyCap).toBe(20);
    });
  });
});
