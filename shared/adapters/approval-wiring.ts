import type { ApproveLetterDeps } from '../application/approve-letter.js';
import type { ApprovalConfig } from '../config.js';
import { systemClock } from '../ports.js';
import { makeDocumentClient, makeLambdaClient, makeS3Client } from './aws-clients.js';
import { DynamoDbApprovalTokenStore } from './dynamodb-approval-store.js';
import { DynamoDbLetterRepository } from './dynamodb-letter-repository.js';
import { LambdaLetterTrigger } from './lambda-letter-trigger.js';
import { S3LetterFileStore } from './s3-letter-file-store.js';

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
    registerScheme: config.registerScheme,
    forward: overrides.forward ?? new LambdaLetterTrigger(makeLambdaClient(config), config.forwardFunctionName),
    files: new S3LetterFileStore(makeS3Client(config), config.rawMailBucket),
    clock: overrides.clock ?? systemClock,
    ...(overrides.onWarning && { onWarning: overrides.onWarning }),
  };
};
