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
 * What a client signs with when it talks to an emulator (an endpoint override): s3rver accepts only this pair, the
 * others accept any. Never a developer's real keys, and `raadspost ... --local` needs no credentials in the shell.
 */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** The client settings of an endpoint override, or nothing (AWS, with the default credential chain). */
const override = (endpoint: string | undefined) => (endpoint ? { endpoint, credentials: EMULATOR_CREDENTIALS } : {});

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
    ...(c.endpoints.s3 && { ...override(c.endpoints.s3), forcePathStyle: true }),
  });

/** Low-level DynamoDB client (table management in the local stack and tests). */
export const makeDynamoDbClient = (c: ClientConfig): DynamoDBClient =>
  new DynamoDBClient({
    region: c.region,
    ...SDK_RETRY,
    ...override(c.endpoints.dynamodb),
  });

/** DynamoDB document client that drops undefined attributes (optional Letter fields) instead of failing. */
export const makeDocumentClient = (c: ClientConfig): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(makeDynamoDbClient(c), { marshallOptions: { removeUndefinedValues: true } });

/** SES v2 client (approval mail and forwarding; aws-ses-v2-local when running locally). */
export const makeSesClient = (c: ClientConfig): SESv2Client =>
  new SESv2Client({
    region: c.region,
    ...SDK_RETRY,
    ...override(c.endpoints.ses),
  });

/** Lambda client for the forward trigger (locally: the Invoke API emulator in infra/local). */
export const makeLambdaClient = (c: ClientConfig): LambdaClient =>
  new LambdaClient({
    region: c.region,
    ...SDK_RETRY,
    ...override(c.endpoints.lambda),
  });
