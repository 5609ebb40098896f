import { makeAssignRegisterNumber } from '../application/assign-register-number.js';
import type { ForwardLetterDeps } from '../application/forward-letter.js';
import { retryingMailSender } from '../application/retrying-mail-sender.js';
import type { ForwardConfig } from '../config.js';
import { systemClock, type Clock } from '../ports.js';
import { makeDocumentClient, makeS3Client, makeSesClient } from './aws-clients.js';
import { DynamoDbForwardRateLimiter, DynamoDbRegisterCounter } from './dynamodb-approval-store.js';
import { DynamoDbLetterRepository } from './dynamodb-letter-repository.js';
import { MailparserMimeParser } from './mailparser-mime-parser.js';
import { NodemailerMessageComposer } from './nodemailer-message-composer.js';
import { S3RawMailStore } from './s3-raw-mail-store.js';
import { SesV2MailSender } from './sesv2-mail-sender.js';

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
