/**
 * AWS SDK client factories (STYLE 6.8). This is the only module that knows about local endpoints:
 * when Config carries an endpoint override (npm start, integration tests), the client talks to the
 * emulator on loopback instead of AWS. No other code path differs between local and production.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BaseConfig } from '../config.js';

type ClientConfig = Pick<BaseConfig, 'region' | 'endpoints'>;

/**
 * Retries of every SDK call: throttling, 5xx and network errors are retried by the SDK with exponential backoff and
 * jitter; `adaptive` also rate-limits the client itself after throttling (client-side token bucket), which suits
 * bursts of SES sends and DynamoDB writes. Errors that remain reach the adapters, which map them to
 * DependencyUnavailableError (Lambda retries the invocation) or to a permanent error (recorded, not retried).
 */
export const SDK_RETRY = { maxAttempts: 5, retryMode: 'adaptive' } as const;

/**
 * S3 client. With an endpoint override it uses path-style addressing, because s3rver (and most
 * emulators) cannot resolve `<bucket>.127.0.0.1` virtual hosts.
 */
export const makeS3Client = (c: ClientConfig): S3Client =>
  new S3Client({
    region: c.region,
    ...SDK_RETRY,
    ...(c.endpoints.s3 && { endpoint: c.endpoints.s3, forcePathStyle: true }),
  });

/** Low-level DynamoDB client (table management in the local stack and tests). */
export const makeDynamoDbClient = (c: ClientConfig): DynamoDBClient =>
  new DynamoDBClient({
    region: c.region,
    ...SDK_RETRY,
    ...(c.endpoints.dynamodb && { endpoint: c.endpoints.dynamodb }),
  });

/** DynamoDB document client that drops undefined attributes (optional Letter fields) instead of failing. */
export const makeDocumentClient = (c: ClientConfig): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(makeDynamoDbClient(c), { marshallOptions: { removeUndefinedValues: true } });

/** SES v2 client (approval mail and forwarding; aws-ses-v2-local when running locally). */
export const makeSesClient = (c: ClientConfig): SESv2Client =>
  new SESv2Client({
    region: c.region,
    ...SDK_RETRY,
    ...(c.endpoints.ses && { endpoint: c.endpoints.ses }),
  });

/** Lambda client for the forward trigger (locally: the Invoke API emulator in infra/local). */
export const makeLambdaClient = (c: ClientConfig): LambdaClient =>
  new LambdaClient({
    region: c.region,
    ...SDK_RETRY,
    ...(c.endpoints.lambda && { endpoint: c.endpoints.lambda }),
  });
