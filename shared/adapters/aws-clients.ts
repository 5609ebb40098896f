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
import { StandardRetryStrategy } from '@smithy/core/retry';
import type { BaseConfig } from '../config.js';

type ClientConfig = Pick<BaseConfig, 'region' | 'endpoints'>;

/**
 * What a client signs with when it talks to an emulator (an endpoint override): s3rver accepts only this pair, the
 * others accept any. Never a developer's real keys, and `raadspost ... --local` needs no credentials in the shell.
 */
export const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** The client settings of an endpoint override, or nothing (AWS, with the default credential chain). */
const override = (endpoint: string | undefined) => (endpoint ? { endpoint, credentials: EMULATOR_CREDENTIALS } : {});

/** The AWS services Raadspost calls. */
export type Dependency = 'dynamodb' | 's3' | 'ses' | 'lambda';

/**
 * How long one call to a dependency may take, and how often it is tried. This is the ONE retry layer per dependency:
 * the SDK's standard retry strategy (throttling, 5xx, network errors and timeouts are retried with jittered exponential
 * backoff; for SES only throttling, see ThrottlingOnlyRetryStrategy). Nothing above the SDK retries a call again within an invocation; what is still failing becomes a
 * DependencyUnavailableError, the invocation fails, and Lambda's asynchronous retries (2, then the failure queue) are
 * the next layer: a retry of the whole, idempotent step, not of the call.
 *
 * A dependency that accepts connections and never answers thus becomes a TimeoutError after `requestTimeoutMs`, retried
 * `maxAttempts - 1` times: worstCaseCallMs(policy) later the caller gets a clear, retryable error. Every function's
 * timeout is longer than the worst case of each dependency it uses (test/infra/stacks.test.ts checks it), so a hang
 * never ends as a Lambda timeout.
 */
export interface DependencyPolicy {
  /** TCP connect (DNS included); an AWS endpoint connects in milliseconds. */
  readonly connectionTimeoutMs: number;
  /** From sending the request to the response's headers (TLS handshake and request body included). */
  readonly requestTimeoutMs: number;
  /** Longest silence on the socket while a response body streams in (S3 GetObject of a 40 MB message). */
  readonly socketTimeoutMs: number;
  /** Tries in total, the first one included. */
  readonly maxAttempts: number;
}

export const DEPENDENCY_POLICIES: Readonly<Record<Dependency, DependencyPolicy>> = {
  // Single-item reads and writes answer in milliseconds; 2 s means something is wrong, and the approval page (15 s) must
  // still answer with its own error page.
  dynamodb: { connectionTimeoutMs: 1500, requestTimeoutMs: 2000, socketTimeoutMs: 2000, maxAttempts: 3 },
  // Headers of a GetObject come fast even for 40 MB; its body may stream for longer, but never stall for 10 s.
  s3: { connectionTimeoutMs: 1500, requestTimeoutMs: 8000, socketTimeoutMs: 10_000, maxAttempts: 3 },
  // A raw send uploads the whole message (up to 40 MB) before SES answers.
  ses: { connectionTimeoutMs: 1500, requestTimeoutMs: 8000, socketTimeoutMs: 8000, maxAttempts: 3 },
  // An asynchronous Invoke only queues the event.
  lambda: { connectionTimeoutMs: 1500, requestTimeoutMs: 3000, socketTimeoutMs: 3000, maxAttempts: 3 },
};

/**
 * The SDK's longest wait before retry `i` (0-based): throttling errors back off from 1 s, doubling, capped at 20 s
 * (@smithy/core retry: Retry.throttlingDelay, MAXIMUM_RETRY_DELAY; other errors start from 50 ms). A Retry-After header
 * can add up to 5 s; the AWS APIs we call do not send one.
 */
const worstBackoffMs = (retry: number): number => Math.min(1000 * 2 ** retry, 20_000);

/**
 * The longest one call can take before the caller sees an error: every attempt runs into its request timeout, with the
 * longest backoff between attempts.
 * @example worstCaseCallMs(DEPENDENCY_POLICIES.dynamodb) // 9000: 3 × 2 s + 1 s + 2 s
 */
export const worstCaseCallMs = (policy: DependencyPolicy): number => {
  let total = policy.maxAttempts * Math.max(policy.requestTimeoutMs, policy.connectionTimeoutMs);
  for (let retry = 0; retry < policy.maxAttempts - 1; retry++) total += worstBackoffMs(retry);
  return total;
};

/** The SDK client settings of one dependency: its retries and the request handler's timeouts. */
export const sdkSettings = (dependency: Dependency) => {
  const p = DEPENDENCY_POLICIES[dependency];
  return {
    maxAttempts: p.maxAttempts,
    // Standard, not adaptive: adaptive mode adds a client-side rate limiter whose waits have no upper bound.
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: p.connectionTimeoutMs,
      requestTimeout: p.requestTimeoutMs,
      // Without it, @smithy/node-http-handler only logs a warning when requestTimeout passes and keeps waiting.
      throwOnRequestTimeout: true,
      socketTimeout: p.socketTimeoutMs,
    },
  } as const;
};

/**
 * S3 client. With an endpoint override it uses path-style addressing, because s3rver (and most
 * emulators) cannot resolve `<bucket>.127.0.0.1` virtual hosts.
 */
export const makeS3Client = (c: ClientConfig): S3Client =>
  new S3Client({
    region: c.region,
    ...sdkSettings('s3'),
    ...(c.endpoints.s3 && { ...override(c.endpoints.s3), forcePathStyle: true }),
  });

/** Low-level DynamoDB client (table management in the local stack and tests). */
export const makeDynamoDbClient = (c: ClientConfig): DynamoDBClient =>
  new DynamoDBClient({
    region: c.region,
    ...sdkSettings('dynamodb'),
    ...override(c.endpoints.dynamodb),
  });

/** DynamoDB document client that drops undefined attributes (optional Letter fields) instead of failing. */
export const makeDocumentClient = (c: ClientConfig): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(makeDynamoDbClient(c), { marshallOptions: { removeUndefinedValues: true } });

/**
 * The SDK's standard retries for a send, but only of throttling (an error answer: SES took nothing). After a timeout,
 * a lost connection or a server error SES may have taken the mail, and the SDK would send it again: the caller decides
 * instead (SendNotAcceptedError or not; a forward becomes FORWARD_UNCERTAIN rather than reach the raadsleden twice).
 */
export class ThrottlingOnlyRetryStrategy extends StandardRetryStrategy {
  override refreshRetryTokenForRetry(...[token, errorInfo]: Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>) {
    // Throwing ends the retries; the SDK then throws the call's own error.
    if (errorInfo.errorType !== 'THROTTLING') return Promise.reject(errorInfo.error);
    return super.refreshRetryTokenForRetry(token, errorInfo);
  }
}

/** SES v2 client (approval mail and forwarding; aws-ses-v2-local when running locally). */
export const makeSesClient = (c: ClientConfig): SESv2Client =>
  new SESv2Client({
    region: c.region,
    ...sdkSettings('ses'),
    retryStrategy: new ThrottlingOnlyRetryStrategy(DEPENDENCY_POLICIES.ses.maxAttempts),
    ...override(c.endpoints.ses),
  });

/** Lambda client for the forward trigger (locally: the Invoke API emulator in infra/local). */
export const makeLambdaClient = (c: ClientConfig): LambdaClient =>
  new LambdaClient({
    region: c.region,
    ...sdkSettings('lambda'),
    ...override(c.endpoints.lambda),
  });
