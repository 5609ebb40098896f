import type { IngestMailDeps } from '../application/ingest-mail.js';
import type { IngestConfig } from '../config.js';
import { classify } from '../domain/classifier/index.js';
import { systemClock, type Clock } from '../ports.js';
import { makeDocumentClient, makeS3Client } from './aws-clients.js';
import { DynamoDbLetterRepository } from './dynamodb-letter-repository.js';
import { createMailReader } from './mail-reader.js';
import { buildRequestApproval } from './request-approval-wiring.js';
import { S3LetterFileStore } from './s3-letter-file-store.js';
import { S3RawMailStore } from './s3-raw-mail-store.js';

/**
 * Builds the ingest use case's dependencies from its config: real S3, DynamoDB, SES, mailparser and pdf-parse.
 * Used by functions/ingest-mail/index.ts and by the integration tests, so both run the same wiring.
 */
export const buildIngestDeps = (config: IngestConfig, clock: Clock = systemClock): IngestMailDeps => {
  const db = makeDocumentClient(config);
  const letters = new DynamoDbLetterRepository(db, config.lettersTable);
  const s3 = makeS3Client(config);
  const files = new S3LetterFileStore(s3, config.rawMailBucket);
  return {
    rawMail: new S3RawMailStore(s3, config.rawMailBucket),
    files,
    readMail: createMailReader(
      { maxMailBytes: config.maxMailBytes, pdfMaxPages: config.pdfMaxPages },
      { timeoutMs: config.pdfTimeoutMs, maxMemoryMb: config.pdfMaxMemoryMb },
    ),
    classify,
    letters,
    clock,
    ownDomains: config.ownDomains,
    municipality: config.municipality,
    sameness: config.sameness,
    trustedForwarders: config.trustedForwarders,
    retention: config.retention,
    // Wired eagerly although only letters need it: NodejsFunction emits one file, so an import() of nodemailer and the
    // approval mail stays in the bundle (wrapped, about 100 KB larger) and measured no faster to import (issue 6).
    requestApproval: buildRequestApproval(config, { db, letters, clock, files }),
  };
};
