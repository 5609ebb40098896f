import type { ApproveLetterDeps } from '../application/approve-letter.js';
import { makeAssignRegisterNumber } from '../application/assign-register-number.js';
import type { ForwardLetterDeps } from '../application/forward-letter.js';
import type { IngestMailDeps } from '../application/ingest-mail.js';
import { makeRequestApproval } from '../application/request-approval.js';
import type { ApprovalConfig, ForwardConfig, IngestConfig } from '../config.js';
import { classify } from '../domain/classify.js';
import { cryptoRandom, systemClock, type Clock } from '../ports.js';
import { renderApprovalMail } from '../web/approval-mail.js';
import { makeDocumentClient, makeLambdaClient, makeS3Client, makeSesClient } from './aws-clients.js';
import { DynamoDbApprovalTokenStore, DynamoDbRegisterCounter } from './dynamodb-approval-store.js';
import { DynamoDbLetterRepository } from './dynamodb-letter-repository.js';
import { LambdaForwardTrigger } from './lambda-forward-trigger.js';
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
    readMail: createMailReader({ maxMailBytes: config.maxMailBytes, pdfMaxPages: config.pdfMaxPages }),
    classify,
    letters,
    clock,
    ownDomains: config.ownDomains,
    requestApproval: makeRequestApproval({
      letters,
      tokens: new DynamoDbApprovalTokenStore(db, config.lettersTable),
      random: cryptoRandom,
      composer: new NodemailerMessageComposer(),
      sender: new SesV2MailSender(makeSesClient(config)),
      renderMail: renderApprovalMail,
      clock,
      settings: { ...config.approval, municipality: config.municipality },
    }),
  };
};

/** The approval page's dependencies (functions/approval/index.ts and the integration tests). */
export const buildApprovalDeps = (
  config: ApprovalConfig,
  overrides: Partial<Pick<ApproveLetterDeps, 'forward' | 'clock' | 'onWarning'>> = {},
): ApproveLetterDeps => {
  const db = makeDocumentClient(config);
  const letters = new DynamoDbLetterRepository(db, config.lettersTable);
  return {
    letters,
    tokens: new DynamoDbApprovalTokenStore(db, config.lettersTable),
    assignRegisterNumber: makeAssignRegisterNumber({ letters, counter: new DynamoDbRegisterCounter(db, config.lettersTable), scheme: config.registerScheme }),
    forward: overrides.forward ?? new LambdaForwardTrigger(makeLambdaClient(config), config.forwardFunctionName),
    clock: overrides.clock ?? systemClock,
    ...(overrides.onWarning && { onWarning: overrides.onWarning }),
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
    sender: new SesV2MailSender(makeSesClient(config)),
    assignRegisterNumber: makeAssignRegisterNumber({ letters, counter: new DynamoDbRegisterCounter(db, config.lettersTable), scheme: config.registerScheme }),
    clock,
    settings: {
      griffieAddress: config.griffieAddress,
      councilList: config.councilList,
      defaultHandling: config.defaultHandling,
      municipality: config.municipality,
    },
  };
};
