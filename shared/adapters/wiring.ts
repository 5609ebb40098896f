import type { IngestMailDeps } from '../application/ingest-mail.js';
import type { Config } from '../config.js';
import { classify } from '../domain/classify.js';
import { systemClock } from '../ports.js';
import { makeDocumentClient, makeS3Client } from './aws-clients.js';
import { DynamoDbLetterRepository } from './dynamodb-letter-repository.js';
import { createMailReader } from './mail-reader.js';
import { S3RawMailStore } from './s3-raw-mail-store.js';

/**
 * Builds the ingest use case's dependencies from Config: real S3, DynamoDB, mailparser and pdf-parse.
 * Used by functions/ingest-mail/index.ts and by the integration tests, so both run the same wiring.
 */
export const buildIngestDeps = (config: Config): IngestMailDeps => ({
  rawMail: new S3RawMailStore(makeS3Client(config), config.rawMailBucket),
  readMail: createMailReader({ maxMailBytes: config.maxMailBytes, pdfMaxPages: config.pdfMaxPages }),
  classify,
  letters: new DynamoDbLetterRepository(makeDocumentClient(config), config.lettersTable),
  clock: systemClock,
  ownDomains: config.ownDomains,
});
