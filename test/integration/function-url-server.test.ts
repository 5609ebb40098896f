import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFunctionUrlServer, type FunctionUrlServer } from '../../infra/local/function-url-server.js';

let server: FunctionUrlServer;
const events: LambdaFunctionURLEvent[] = [];
let answer: (event: LambdaFunctionURLEvent) => Promise<LambdaFunctionURLResult>;
const errors: unknown[] = [];

beforeAll(async () => {
  server = await startFunctionUrlServer({
    port: 0,
    maxBodyBytes: 1024,
    onError: (err) => errors.push(err),
    handler: async (event) => {
      events.push(event);
      return answer(event);
    },
  });
});

afterAll(async () => {
  await server?.stop();
});

beforeEach(() => {
  events.length = 0;
  errors.length = 0;
  answer = async () => ({ statusCode: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'X-Frame-Options': 'DENY' }, body: '<p>hallo</p>' });
});

describe('startFunctionUrlServer', () => {
  it('listens on loopback and gives a Function URL-like base URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('turns a GET into a version 2.0 event with path, query and lower-cased headers', async () => {
    // Act
    const res = await fetch(`${server.url}pad/x?t=abc%2Bdef&a=1&a=2`, { headers: { 'X-Custom': 'Waarde', Cookie: 'a=1; b=2' } });

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(await res.text()).toBe('<p>hallo</p>');
    const event = events[0]!;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/pad/x',
      rawQueryString: 't=abc%2Bdef&a=1&a=2',
      queryStringParameters: { t: 'abc+def', a: '1,2' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path: '/pad/x', sourceIp: '127.0.0.1' }, stage: '$default' },
    });
    expect(event.headers['x-custom']).toBe('Waarde');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBeUndefined();
  });

  it('leaves out queryStringParameters when there is no query', async () => {
    await fetch(server.url);
    expect(events[0]).toMatchObject({ rawPath: '/', rawQueryString: '' });
    expect(events[0]).not.toHaveProperty('queryStringParameters');
  });

  it('base64-encodes a form post, as AWS does, and passes JSON as text', async () => {
    // Act
    await fetch(server.url, { method: 'POST', body: new URLSearchParams({ token: 't', decision: 'approve', note: 'Graag vóór donderdag' }) });
    await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });

    // Assess
    const [form, json] = events;
    expect(form).toMatchObject({ isBase64Encoded: true, requestContext: { http: { method: 'POST' } } });
    expect(form?.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(Object.fromEntries(new URLSearchParams(Buffer.from(form!.body!, 'base64').toString('utf8')))).toEqual({
      token: 't',
      decision: 'approve',
      note: 'Graag vóór donderdag',
    });
    expect(json).toMatchObject({ isBase64Encoded: false, body: '{"a":1}' });
  });

  it('rejects a body over the cap with 413 without calling the handler', async () => {
    // Act
    const res = await fetch(server.url, { method: 'POST', body: 'x'.repeat(2048) });

    // Assess
    expect(res.status).toBe(413);
    expect(events).toHaveLength(0);
  });

  it('answers 502 when the handler throws, and reports the error', async () => {
    // Prepare
    answer = async () => {
      throw new Error('stuk');
    };

    // Act
    const res = await fetch(server.url);

    // Assess
    expect(res.status).toBe(502);
    expect(await res.text()).toBe('Internal Server Error');
    expect(errors).toHaveLength(1);
  });

  it('writes redirects, cookies and base64 bodies back', async () => {
    // Prepare
    answer = async () => ({ statusCode: 303, headers: { location: '/klaar' }, cookies: ['x=1; HttpOnly'], body: Buffer.from('binair').toString('base64'), isBase64Encoded: true });

    // Act
    const res = await fetch(server.url, { redirect: 'manual' });

    // Assess
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/klaar');
    expect(res.headers.get('set-cookie')).toBe('x=1; HttpOnly');
    expect(await res.text()).toBe('binair');
  });

  it('answers a plain string result as 200 JSON, as a Function URL does', async () => {
    // Prepare
    answer = async () => '{"ok":true}';

    // Act
    const res = await fetch(server.url);

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ ok: true });
  });
});
