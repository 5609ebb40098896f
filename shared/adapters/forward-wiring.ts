import { makeForwardLetter, type ForwardLetter, type ForwardLetterDeps } from '../application/forward-letter.js';
import { forwardThenRecordRetention, makeRecordRetention } from '../application/record-retention.js';
import type { ForwardConfig } from '../config.js';
import { systemClock, type Clock } from '../ports.js';
import { makeDocumentClient, makeLambdaClient, makeS3Client, makeSesClient } from './aws-clients.js';
import { DynamoDbForwardRateLimiter } from './dynamodb-approval-store.js';
import { DynamoDbLetterRepository } from './dynamodb-letter-repository.js';
import { LambdaLetterTrigger } from './lambda-letter-trigger.js';
import { NodemailerMessageComposer } from './nodemailer-message-composer.js';
import { S3LetterFileStore } from './s3-letter-file-store.js';
import { S3RawMailStore } from './s3-raw-mail-store.js';
import { SesV2MailSender } from './sesv2-mail-sender.js';

/** The forward function's dependencies (functions/forward-letter/index.ts and the integration tests). */
export const buildForwardDeps = (config: ForwardConfig, clock: Clock = systemClock): ForwardLetterDeps => {
  const db = makeDocumentClient(config);
  const letters = new DynamoDbLetterRepository(db, config.lettersTable);
  return {
    letters,
    files: new S3LetterFileStore(makeS3Client(config), config.rawMailBucket),
    composer: new NodemailerMessageComposer(),
    sender: new SesV2MailSender(makeSesClient(config), config.configurationSet),
    clock,
    rateLimiter: new DynamoDbForwardRateLimiter(db, config.lettersTable),
    ...(config.acknowledgeFunctionName && { acknowledge: new LambdaLetterTrigger(makeLambdaClient(config), config.acknowledgeFunctionName) }),
    settings: {
      griffieAddress: config.griffieAddress,
      councilList: config.councilList,
      defaultHandling: config.defaultHandling,
      municipality: config.municipality,
      hourlyCap: config.hourlyCap,
    },
  };
};

/**
 * The forward function's use case as it runs: forward, then start a decided letter's retention. Shared by the function,
 * the CLI and the tests; `overrides` replace dependencies (a recording sender in tests).
 */
export const buildForwardLetter = (config: ForwardConfig, overrides: Partial<ForwardLetterDeps> = {}): ForwardLetter => {
  const deps = { ...buildForwardDeps(config), ...overrides };
  // Raw mail only for the retention step: the forward itself is built from the record and the stored attachment copies.
  const rawMail = new S3RawMailStore(makeS3Client(config), config.rawMailBucket);
  return forwardThenRecordRetention(makeForwardLetter(deps), makeRecordRetention({ letters: deps.letters, rawMail, files: deps.files, clock: deps.clock, retention: config.retention }));
};
