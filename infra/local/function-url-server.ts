/**
 * A local stand-in for a Lambda Function URL: a node:http server on loopback that turns each request into
 * the event AWS sends (payload format version 2.0) and writes the handler's result back as AWS does.
 * The approval page runs on it under `npm start` and in the browser test, with the real handler.
 *
 * Like AWS, it base64-encodes bodies that are not text; note that this includes HTML form posts
 * (application/x-www-form-urlencoded), so the handler must honour `isBase64Encoded`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { closeServer, listen } from './emulators.js';

/** A Function URL handler as Lambda calls it (the context is not needed by ours). */
export type FunctionUrlHandler = (event: LambdaFunctionURLEvent) => Promise<LambdaFunctionURLResult>;

export interface FunctionUrlServerOptions {
  readonly handler: FunctionUrlHandler;
  /** @default '127.0.0.1' - nothing here authenticates, so it never listens beyond loopback */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /**
   * Larger request bodies get 413 without calling the handler.
   * @default 6 MiB - the Function URL request limit
   */
  readonly maxBodyBytes?: number;
  /** Called when the handler throws (the client gets 502, as from AWS). @default console.error */
  readonly onError?: (err: unknown) => void;
}

export interface FunctionUrlServer {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:3000/ (what a Function URL looks like). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

const SIX_MIB = 6 * 1024 * 1024;

export async function startFunctionUrlServer(options: FunctionUrlServerOptions): Promise<FunctionUrlServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? SIX_MIB;
  const onError = options.onError ?? ((err: unknown) => console.error('function url handler failed:', err));

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      onError(err);
      if (!res.headersSent) writePlain(res, 502, 'Internal Server Error');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      writePlain(res, 413, 'Request Entity Too Large');
      req.resume();
      return;
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === 'too-large') {
      writePlain(res, 413, 'Request Entity Too Large');
      return;
    }
    const result = await options.handler(toFunctionUrlEvent(req, body));
    writeResult(res, result);
  }

  const port = await listen(server, 'function url server', host, options.port);
  return { url: `http://${host}:${port}/`, host, port, stop: () => closeServer(server) };
}

/** The request as the version 2.0 event a Function URL sends to the function. */
export function toFunctionUrlEvent(req: IncomingMessage, body: Buffer): LambdaFunctionURLEvent {
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : target.slice(queryAt + 1);

  // Lower-cased names, repeated headers joined with commas; cookies move to their own list.
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (name === 'cookie' || !values) continue;
    headers[name] = values.join(',');
  }
  const sourceIp = req.socket.remoteAddress ?? '127.0.0.1';
  headers['x-forwarded-for'] ??= sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');
  const cookies = (req.headersDistinct.cookie ?? []).flatMap((c) => c.split(/;\s*/)).filter(Boolean);

  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    query[key] = key in query ? `${query[key]},${value}` : value;
  }

  const now = new Date();
  const domainName = headers.host ?? '127.0.0.1';
  const hasBody = body.byteLength > 0;
  const isText = isTextContent(headers['content-type']);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: req.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(hasBody && { body: isText ? body.toString('utf8') : body.toString('base64') }),
    isBase64Encoded: hasBody && !isText,
  };
}

/**
 * Content types a Function URL passes as text; everything else (forms, binary, no type) arrives base64.
 * Mirrors what AWS does: a form post is base64 there too.
 */
const isTextContent = (contentType: string | undefined): boolean => {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type.startsWith('text/') ||
    ['application/json', 'application/javascript', 'application/xml'].includes(type) ||
    type.endsWith('+json') ||
    type.endsWith('+xml')
  );
};

/** Writes a handler result the way a Function URL does, including the shortcut forms (a string or an object without statusCode). */
export function writeResult(res: ServerResponse, result: LambdaFunctionURLResult): void {
  if (typeof result === 'string' || result === null || result === undefined || typeof result !== 'object' || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  if (body.byteLength > 0) headers['content-type'] ??= 'application/json';
  res.writeHead(result.statusCode ?? 200, headers).end(body);
}

/** Reads the body up to `max` bytes; beyond that it stops reading and answers 'too-large'. */
const readBody = (req: IncomingMessage, max: number): Promise<Buffer | 'too-large'> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const writePlain = (res: ServerResponse, status: number, text: string): void => {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(text);
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** requestContext.time's format: "26/Feb/2026:08:15:00 +0000". */
const clfTime = (d: Date): string => {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
};
