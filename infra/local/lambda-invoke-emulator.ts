/**
 * A local stand-in for the one Lambda API call Raadspost makes: Invoke
 * (`POST /2015-03-31/functions/{FunctionName}/invocations`). The approval function's real forward trigger
 * (AWS SDK LambdaClient with LAMBDA_ENDPOINT pointing here) reaches the forward function's real handler,
 * registered in-process. Same code as in AWS; only the endpoint differs.
 *
 * - X-Amz-Invocation-Type: Event -> 202 at once; the handler runs afterwards; a failure is reported to
 *   `onAsyncError` (AWS would retry twice and then use the on-failure destination; locally it is logged).
 * - RequestResponse (the default) -> 200 with the JSON result, or 200 with X-Amz-Function-Error: Unhandled.
 * - DryRun -> 204.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Context } from 'aws-lambda';
import { closeServer, listen } from './emulators.js';

/**
 * An in-process function: any Lambda handler. `never` as the event type lets handlers with their own
 * event type (e.g. `{ letterId }`) be registered without casts.
 */
export type InProcessFunction = (event: never, context: Context) => Promise<unknown>;

export type InvocationType = 'Event' | 'RequestResponse' | 'DryRun';

/** One finished invocation, for printing what happened. */
export interface InvocationRecord {
  readonly functionName: string;
  readonly invocationType: InvocationType;
  readonly requestId: string;
  readonly payload: unknown;
  readonly result?: unknown;
  readonly error?: Error;
}

export interface LambdaInvokeEmulatorOptions {
  /** Functions by name (the FunctionName, or the last part of its ARN). */
  readonly functions: Readonly<Record<string, InProcessFunction>>;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** @default 'eu-west-1' - only used in ARNs */
  readonly region?: string;
  /** A handler invoked with type Event failed. @default console.error */
  readonly onAsyncError?: (record: InvocationRecord & { readonly error: Error }) => void;
  /** Every invocation, after it finished (successfully or not); `idle()` also waits for what this returns. */
  readonly onInvoked?: (record: InvocationRecord) => void | Promise<void>;
}

export interface LambdaInvokeEmulator {
  /** What LAMBDA_ENDPOINT must be set to, e.g. http://127.0.0.1:41234 */
  readonly endpoint: string;
  /** Resolves when no Event invocation is running any more (tests and the demo wait on it). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
/** Lambda's limits: 6 MB for synchronous, 1 MB for asynchronous payloads. */
const MAX_SYNC_BYTES = 6 * 1024 * 1024;
const MAX_ASYNC_BYTES = 1024 * 1024;

export async function startLambdaInvokeEmulator(options: LambdaInvokeEmulatorOptions): Promise<LambdaInvokeEmulator> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'eu-west-1';
  const onAsyncError =
    options.onAsyncError ??
    ((r: InvocationRecord & { error: Error }) => console.error(`lambda emulator: ${r.functionName} (Event, ${r.requestId}) failed:`, r.error));
  const running = new Set<Promise<void>>();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'ServiceException', err instanceof Error ? err.message : String(err));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = INVOKE_PATH.exec(url.pathname);
    if (req.method !== 'POST' || !match?.[1]) {
      req.resume();
      sendError(res, 404, 'UnknownOperationException', 'only Invoke is emulated');
      return;
    }
    const functionName = nameOf(decodeURIComponent(match[1]));
    const arn = `arn:aws:lambda:${region}:000000000000:function:${functionName}`;
    const fn = options.functions[functionName];
    const invocationType = (req.headers['x-amz-invocation-type'] ?? 'RequestResponse') as string;
    if (invocationType !== 'Event' && invocationType !== 'RequestResponse' && invocationType !== 'DryRun') {
      req.resume();
      sendError(res, 400, 'InvalidParameterValueException', `invocation type ${invocationType} is not Event, RequestResponse or DryRun`);
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_SYNC_BYTES) {
      req.resume();
      sendError(res, 413, 'RequestTooLargeException', `request must be smaller than ${MAX_SYNC_BYTES} bytes for the Invoke operation`);
      return;
    }
    const body = await readAll(req);
    if (!fn) {
      sendError(res, 404, 'ResourceNotFoundException', `Function not found: ${arn}`);
      return;
    }
    const limit = invocationType === 'Event' ? MAX_ASYNC_BYTES : MAX_SYNC_BYTES;
    if (body.byteLength > limit) {
      sendError(res, 413, 'RequestTooLargeException', `request must be smaller than ${limit} bytes for the Invoke operation`);
      return;
    }
    let payload: unknown;
    try {
      payload = body.byteLength === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      sendError(res, 400, 'InvalidRequestContentException', 'could not parse request body into json');
      return;
    }
    if (invocationType === 'DryRun') {
      res.writeHead(204).end();
      return;
    }

    const requestId = randomUUID();
    const run = async (): Promise<InvocationRecord> => {
      try {
        const result = await fn(payload as never, lambdaContext(functionName, arn, requestId));
        return { functionName, invocationType, requestId, payload, result };
      } catch (err) {
        return { functionName, invocationType, requestId, payload, error: err instanceof Error ? err : new Error(String(err)) };
      }
    };

    if (invocationType === 'Event') {
      res.writeHead(202, { 'x-amzn-requestid': requestId }).end();
      // After the response, as Lambda's async queue does; never in the caller's call stack.
      const job = new Promise<void>((resolve) => setImmediate(resolve))
        .then(run)
        .then(async (record) => {
          if (record.error) onAsyncError({ ...record, error: record.error });
          await options.onInvoked?.(record);
        })
        .catch((err: unknown) => console.error('lambda emulator: onInvoked failed:', err))
        .finally(() => running.delete(job));
      running.add(job);
      return;
    }

    const record = await run();
    await options.onInvoked?.(record);
    const headers = { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amz-executed-version': '$LATEST' };
    if (record.error) {
      const errorBody = { errorType: record.error.name, errorMessage: record.error.message, trace: (record.error.stack ?? '').split('\n') };
      res.writeHead(200, { ...headers, 'x-amz-function-error': 'Unhandled' }).end(JSON.stringify(errorBody));
      return;
    }
    res.writeHead(200, headers).end(JSON.stringify(record.result ?? null));
  }

  const port = await listen(server, 'lambda emulator', host, options.port);
  return {
    endpoint: `http://${host}:${port}`,
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    stop: async () => {
      await closeServer(server);
      await Promise.allSettled([...running]);
    },
  };
}

/** "name", "name:alias", "123:function:name" or a full ARN -> "name". */
export function nameOf(functionName: string): string {
  const m = /(?:^|:)function:([^:]+)/.exec(functionName);
  return m?.[1] ?? functionName.split(':')[0] ?? functionName;
}

/** A Context as Lambda passes it; Powertools' logger.addContext reads these fields. */
function lambdaContext(functionName: string, arn: string, requestId: string): Context {
  const deadline = Date.now() + 60_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: arn,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const readAll = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** Lambda's REST-JSON error shape: the SDK reads the type from x-amzn-errortype and the message from the body. */
const sendError = (res: ServerResponse, status: number, type: string, message: string): void => {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type }).end(JSON.stringify({ Type: 'User', message }));
};
