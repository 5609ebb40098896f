import type { SendDailyOverview } from '../application/daily-overview.js';
import type { ReconcileDeps } from '../application/reconcile.js';
import type { ReconcileConfig } from '../config.js';
import { systemClock, type Clock } from '../ports.js';
import { makeDocumentClient, makeLambdaClient, makeS3Client } from './aws-clients.js';
import { buildSendDailyOverview } from './daily-overview-wiring.js';
import { DynamoDbLetterRepository } from './dynamodb-letter-repository.js';
import { DynamoDbCheckpoint, RAW_MAIL_CHECKPOINT_KEY } from './dynamodb-checkpoint.js';
import { LambdaLetterTrigger } from './lambda-letter-trigger.js';
import { LambdaIngestTrigger } from './lambda-ingest-trigger.js';
import { buildRequestApproval } from './request-approval-wiring.js';
import { S3LetterFileStore } from './s3-letter-file-store.js';
import { S3RawMailStore } from './s3-raw-mail-store.js';

/**
 * The reconciler's dependencies: re-ingest and forwards go through their own functions (asynchronous invokes), so
 * the reconciler itself never parses mail (no mailparser or PDF reader in its bundle).
 */
export const buildReconcileDeps = (config: ReconcileConfig, clock: Clock = systemClock): ReconcileDeps & { readonly sendOverview: SendDailyOverview } => {
  const db = makeDocumentClient(config);
  const letters = new DynamoDbLetterRepository(db, config.lettersTable);
  const lambda = makeLambdaClient(config);
  const ingestTrigger = new LambdaIngestTrigger(lambda, config.ingestFunctionName);
  const s3 = makeS3Client(config);
  return {
    rawMail: new S3RawMailStore(s3, config.rawMailBucket),
    letters,
    checkpoint: new DynamoDbCheckpoint(db, config.lettersTable, RAW_MAIL_CHECKPOINT_KEY),
    ingest: (input) => ingestTrigger.trigger(input),
    forward: new LambdaLetterTrigger(lambda, config.forwardFunctionName),
    requestApproval: buildRequestApproval(config, { db, letters, clock, files: new S3LetterFileStore(s3, config.rawMailBucket) }),
    ...(config.acknowledgeFunctionName && { acknowledge: new LambdaLetterTrigger(lambda, config.acknowledgeFunctionName) }),
    sendOverview: buildSendDailyOverview(config, { db, letters, clock }),
    clock,
    settings: { rawMailPrefix: config.rawMailPrefix, campaignWindowDays: config.sameness.campaignWindowDays, ...(config.graceMs !== undefined && { graceMs: config.graceMs }) },
  };
};
