import { makeAssignRegisterNumber } from '../application/assign-register-number.js';
import type { ForwardLetterDeps } from '../application/forward-letter.js';
import type { IngestMailDeps } from '../application/ingest-mail.js';
import { makeRequestApproval } from '../application/request-approval.js';
import type { HandleDeadLetterDeps } from '../application/handle-dead-letter.js';
import { makeNotifyGriffie } from '../application/notify-griffie.js';
import type { ReconcileDeps } from '../application/reconcile.js';
import { retryingMailSender } from '../application/retrying-mail-sender.js';
import type { DeadLettersConfig, ForwardConfig, IngestConfig, ReconcileConfig } from '../config.js';
import { classify } from '../domain/classify.js';
import { cryptoRandom, systemClock, type Clock } from '../ports.js';
import { renderApprovalMail } from '../web/approval-mail.js';
import { makeDocumentClient, makeLambdaClient, makeS3Client, makeSesClient } from './aws-clients.js';
import { DynamoDbApprovalTokenStore, DynamoDbForwardRateLimiter, DynamoDbRegisterCounter } from './dynamodb-approval-store.js';
import { DynamoDbLetterRepository } from './dynamodb-letter-repository.js';
import { LambdaForwardTrigger } from './lambda-forward-trigger.js';

// In its own module so that the approval function's bundle does not carry mailparser and nodemailer (lean cold start).
export { buildApprovalDeps } from './approval-wiring.js';
import { LambdaIngestTrigger } from './lambda-ingest-trigger.js';
import { createMailReader } from './mail-reader.js';
import { MailparserMimeParser } from './mailparser-mime-parser.js';
import { NodemailerMessageComposer } from './nodemailer-message-composer.js';
import { S3RawMailStore } from './s3-raw-mail-store.js';
import { SesV2MailSender } from './sesv2-mail-sender.js';

/**
 * Builds the ingest use case's dependencies from its config: real S3, DynamoDB, SES, mailparser and pdf-parse.
 * Used by functions/ingest-mail/index.ts and by the integration tests, so both run the same wiring.
 */
export const buildIngestDeps = (config: IngestConfig, clock: Clock = systemClock): IngestMailDeps => {
  const db = makeDocumentClient(config);
  const letters = new DynamoDbLetterRepository(db, config.lettersTable);
  return {
    rawMail: new S3RawMailStore(makeS3Client(config), config.rawMailBucket),
    readMail: createMailReader(
      { maxMailBytes: config.maxMailBytes, pdfMaxPages: config.pdfMaxPages },
      { timeoutMs: config.pdfTimeoutMs, maxMemoryMb: config.pdfMaxMemoryMb },
    ),
    classify,
    letters,
    clock,
    ownDomains: config.ownDomains,
    requestApproval: makeRequestApproval({
      letters,
      tokens: new DynamoDbApprovalTokenStore(db, config.lettersTable),
      random: cryptoRandom,
      composer: new NodemailerMessageComposer(),
      sender: retryingMailSender(new SesV2MailSender(makeSesClient(config))),
      renderMail: renderApprovalMail,
      clock,
      settings: { ...config.approval, municipality: config.municipality },
    }),
  };
};

/** The forward function's dependencies (functions/forward-letter/index.ts and the integration tests). */
export const buildForwardDeps = (config: ForwardConfig, clock: Clock = systemClock): ForwardLetterDeps => {
  const db = makeDocumentClient(config);
  const letters = new DynamoDbLetterRepository(db, config.lettersTable);
  return {
    letters,
    rawMail: new S3RawMailStore(makeS3Client(config), config.rawMailBucket),
    mime: new MailparserMimeParser(),
    composer: new NodemailerMessageComposer(),
    sender: retryingMailSender(new SesV2MailSender(makeSesClient(config))),
    assignRegisterNumber: makeAssignRegisterNumber({ letters, counter: new DynamoDbRegisterCounter(db, config.lettersTable), scheme: config.registerScheme }),
    clock,
    rateLimiter: new DynamoDbForwardRateLimiter(db, config.lettersTable),
    settings: {
      griffieAddress: config.griffieAddress,
      councilList: config.councilList,
      defaultHandling: config.defaultHandling,
      municipality: config.municipality,
      hourlyCap: config.hourlyCap,
    },
  };
};

/** The dead-letter function's dependencies: the letters table, and mail to the approvers only. */
export const buildDeadLettersDeps = (config: DeadLettersConfig, clock: Clock = systemClock): HandleDeadLetterDeps => ({
  letters: new DynamoDbLetterRepository(makeDocumentClient(config), config.lettersTable),
  notify: makeNotifyGriffie({
    composer: new NodemailerMessageComposer(),
    sender: retryingMailSender(new SesV2MailSender(makeSesClient(config))),
    clock,
    settings: { from: config.griffieAddress, to: config.approvers, municipality: config.municipality },
  }),
  clock,
  rawMailPrefix: config.rawMailPrefix,
});

/** The reconciler's dependencies: re-ingest and forwards go through their own functions (asynchronous invokes). */
export const buildReconcileDeps = (config: ReconcileConfig, clock: Clock = systemClock): ReconcileDeps => {
  const ingest = buildIngestDeps(config, clock);
  const lambda = makeLambdaClient(config);
  const ingestTrigger = new LambdaIngestTrigger(lambda, config.ingestFunctionName);
  return {
    rawMail: ingest.rawMail,
    letters: ingest.letters,
    ingest: (input) => ingestTrigger.trigger(input),
    forward: new LambdaForwardTrigger(lambda, config.forwardFunctionName),
    requestApproval: ingest.requestApproval,
    notify: makeNotifyGriffie({
      composer: new NodemailerMessageComposer(),
      sender: retryingMailSender(new SesV2MailSender(makeSesClient(config))),
      clock,
      settings: { from: config.approval.from, to: config.approval.approvers, municipality: config.municipality },
    }),
    clock,
    settings: { rawMailPrefix: config.rawMailPrefix },
  };
};

