/**
 * The one retry layer per dependency (shared/adapters/aws-clients.ts), through the real SDK clients and the real request
 * handler: an endpoint that accepts connections and never answers becomes a retryable error after the policy's attempts,
 * SES throttling is retried by the SDK and sent once, and `raadspost reprocess` against a DynamoDB that never answers
 * exits 1 with a clear message. The servers here are plain sockets on loopback: the emulators never hang.
 */
import { execFile } from 'node:child_process';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DEPENDENCY_POLICIES, makeDocumentClient, makeSesClient, worstCaseCallMs } from '../../shared/adapters/aws-clients.js';
import { DynamoDbLetterRepository } from '../../shared/adapters/dynamodb-letter-repository.js';
import { SesV2MailSender } from '../../shared/adapters/sesv2-mail-sender.js';
import { DependencyUnavailableError, SendNotAcceptedError } from '../../shared/domain/errors.js';
import { REPO_ROOT } from '../../infra/constructs/pipeline-function.js';
import { testEnvironment } from '../support/resources.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A TCP server that accepts every connection, reads what comes and never answers; counts the requests it swallowed. */
async function silentServer(): Promise<{ readonly endpoint: string; readonly requests: () => number }> {
  const sockets = new Set<Socket>();
  let requests = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => {
      requests += (chunk.toString('latin1').match(/^(GET|POST|PUT|HEAD) /gm) ?? []).length;
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

describe('SDK timeouts and retries', () => {
  it('turns a DynamoDB that never answers into a retryable error after the policy’s attempts', async () => {
    // Prepare
    const dynamodb = await silentServer();
    const letters = new DynamoDbLetterRepository(makeDocumentClient({ region: 'eu-west-1', endpoints: { dynamodb: dynamodb.endpoint } }), 'letters');

    // Act
    const failure = await letters.get('m-1').then(
      () => undefined,
      (err: unknown) => err,
    );

    // Assess
    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    expect((failure as Error).message).toMatch(/dynamodb get of letter m-1 .*TimeoutError.*2000 ms requestTimeout/);
    expect(dynamodb.requests()).toBe(DEPENDENCY_POLICIES.dynamodb.maxAttempts);
  });

  it('retries SES throttling inside the SDK and sends once', async () => {
    // Prepare: SES v2 answers 429 TooManyRequestsException twice, then accepts.
    const bodies: string[] = [];
    const server: HttpServer = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(body);
        if (bodies.length <= 2) {
          res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' });
          res.end(JSON.stringify({ message: 'Too many requests' }));
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ MessageId: 'ses-1' }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const sender = new SesV2MailSender(makeSesClient({ region: 'eu-west-1', endpoints: { ses: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } }));

    // Act
    const sent = await sender.sendRaw({ from: 'griffie@heemstede.nl', destinations: ['raad@heemstede.nl'], raw: Buffer.from('Subject: x\r\n\r\ny') });

    // Assess
    expect(sent).toEqual({ providerMessageId: 'ses-1' });
    expect(bodies).toHaveLength(3);
  });

  it('never sends again by itself after SES answered with a server error (it may have taken the mail): one request, an uncertain failure', async () => {
    // Prepare: SES v2 answers 500 InternalFailure.
    let requests = 0;
    const server: HttpServer = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        requests++;
        res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' });
        res.end(JSON.stringify({ message: 'Internal failure' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const sender = new SesV2MailSender(makeSesClient({ region: 'eu-west-1', endpoints: { ses: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } }));

    // Act
    const failure = await sender.sendRaw({ from: 'griffie@heemstede.nl', destinations: ['raad@heemstede.nl'], raw: Buffer.from('Subject: x\r\n\r\ny') }).catch((e: unknown) => e);

    // Assess
    expect(requests).toBe(1);
    expect(failure).toBeInstanceOf(DependencyUnavailableError);
    expect(failure).not.toBeInstanceOf(SendNotAcceptedError);
  });

  it('fails `raadspost reprocess` against a DynamoDB that never answers with exit code 1 and a clear message', async () => {
    // Prepare
    const dynamodb = await silentServer();
    const env = { ...process.env, ...testEnvironment('raw-mail', 'letters', { DYNAMODB_ENDPOINT: dynamodb.endpoint }) };

    // Act: the real command line, in its own process; the test's own timeout (60 s) is the bound.
    const result = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'bin', 'raadspost.js'), 'reprocess', 'm-hanging'], {
      cwd: REPO_ROOT,
      env,
      timeout: 55_000,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code?: number; stderr?: string; killed?: boolean }) => ({ code: err.killed ? 'killed' : err.code, stderr: err.stderr ?? '' }),
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/raadspost reprocess: m-hanging failed: dynamodb get of letter m-hanging .*TimeoutError/);
    expect(dynamodb.requests()).toBe(DEPENDENCY_POLICIES.dynamodb.maxAttempts);
    expect(worstCaseCallMs(DEPENDENCY_POLICIES.dynamodb)).toBeLessThan(60_000);
  });
});
