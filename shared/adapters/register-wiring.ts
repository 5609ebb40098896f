import { makeRegisterList } from '../application/register-list.js';
import type { ReviewDeps } from '../application/review-filed.js';
import type { RegisterConfig } from '../config.js';
import { systemClock } from '../ports.js';
import { makeDocumentClient, makeS3Client } from './aws-clients.js';
import { DynamoDbApprovalTokenStore } from './dynamodb-approval-store.js';
import { DynamoDbLetterRepository } from './dynamodb-letter-repository.js';
import { buildRequestApproval } from './request-approval-wiring.js';
import { S3LetterFileStore } from './s3-letter-file-store.js';
import { S3RawMailStore } from './s3-raw-mail-store.js';

/** The register function's dependencies (functions/register/index.ts, the local stack's tests). */
export const buildRegisterDeps = (config: RegisterConfig, overrides: Partial<Pick<ReviewDeps, 'clock' | 'onWarning'>> = {}): ReviewDeps => {
  const db = makeDocumentClient(config);
  const letters = new DynamoDbLetterRepository(db, config.lettersTable);
  const clock = overrides.clock ?? systemClock;
  const s3 = makeS3Client(config);
  const files = new S3LetterFileStore(s3, config.rawMailBucket);
  return {
    letters,
    tokens: new DynamoDbApprovalTokenStore(db, config.lettersTable),
    requestApproval: buildRequestApproval(config, { db, letters, clock, files }),
    makeList: makeRegisterList({ letters, settings: config }),
    retention: { policy: config.retention, rawMail: new S3RawMailStore(s3, config.rawMailBucket), files },
    clock,
    ...(overrides.onWarning && { onWarning: overrides.onWarning }),
  };
};
