import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createApprovalHandler } from '../../functions/approval/handler.js';
import type { ApprovalView, DecideInput } from '../../shared/application/approve-letter.js';
import { DependencyUnavailableError } from '../../shared/domain/errors.js';
import { logger } from '../../shared/logger.js';
import { aLetterSummary } from '../support/letter-summary.js';

const TOKEN = 'A'.repeat(43);

const urlEvent = (method: string, { query = '', body, base64 = false, contentType = 'application/x-www-form-urlencoded', path = '/' }: {
  query?: string;
  body?: string;
  base64?: boolean;
  contentType?: string;
  path?: string;
} = {}): LambdaFunctionURLEvent =>
  ({
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: { 'content-type': contentType, host: 'abc.lambda-url.eu-west-1.on.aws' },
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' } },
    ...(body !== undefined && { body: base64 ? Buffer.from(body).toString('base64') : body }),
    isBase64Encoded: base64,
  }) as unknown as LambdaFunctionURLEvent;

const setup = (views: { show?: ApprovalView | Error; decide?: ApprovalView | Error } = {}) => {
  const shown: unknown[] = [];
  const decided: DecideInput[] = [];
  const pending: ApprovalView = { kind: 'pending', summary: aLetterSummary(), approver: 'griffier@heemstede.nl' };
  const decidedView: ApprovalView = {
    kind: 'decided',
    summary: aLetterSummary(),
    decision: { kind: 'approved', by: 'griffier@heemstede.nl', at: '2026-02-03T10:00:00.000Z', note: '' },
    registerNumber: { year: 2026, sequence: 28, label: '28' },
    status: 'approved',
    justNow: true,
  };
  const handler = createApprovalHandler({
    show: async (token) => {
      shown.push(token);
      const v = views.show ?? pending;
      if (v instanceof Error) throw v;
      return v;
    },
    decide: async (input) => {
      decided.push(input);
      const v = views.decide ?? decidedView;
      if (v instanceof Error) throw v;
      return v;
    },
    municipality: 'Heemstede',
    logger,
  });
  return { handler, shown, decided };
};

describe('createApprovalHandler', () => {
  it('shows the approval page with the form on GET, with the security headers', async () => {
    // Prepare
    const { handler, shown, decided } = setup();
    // Act
    const res = await handler(urlEvent('GET', { query: `t=${TOKEN}` }));
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Goedkeuren en doorsturen');
    expect(res.body).toContain(`value="${TOKEN}"`);
    expect(res.headers).toMatchObject({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    expect(shown).toEqual([TOKEN]);
    expect(decided).toEqual([]);
  });

  it('answers HEAD like GET but without a body, deciding nothing', async () => {
    // Prepare
    const { handler, decided } = setup();
    // Act
    const res = await handler(urlEvent('HEAD', { query: `t=${TOKEN}` }));
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(decided).toEqual([]);
  });

  it('decides on a base64-encoded form POST, as the Function URL sends it', async () => {
    // Prepare
    const { handler, decided } = setup();
    const body = new URLSearchParams({ token: TOKEN, decision: 'approve', note: 'Graag\r\nagenderen' }).toString();
    // Act
    const res = await handler(urlEvent('POST', { body, base64: true }));
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('28');
    expect(decided).toEqual([{ token: TOKEN, decision: 'approved', note: 'Graag\nagenderen' }]);
  });

  it('answers a later POST on a decided letter with the decided page and 409', async () => {
    // Prepare
    const { handler } = setup({
      decide: {
        kind: 'decided',
        summary: aLetterSummary(),
        decision: { kind: 'rejected', by: 'plv.griffier@heemstede.nl', at: '2026-02-03T09:00:00.000Z', note: '' },
        status: 'rejected',
        justNow: false,
      },
    });
    // Act
    const res = await handler(urlEvent('POST', { body: `token=${TOKEN}&decision=approve` }));
    // Assess
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('plv.griffier@heemstede.nl');
  });

  it.each([
    ['an unknown token', { show: { kind: 'problem', problem: 'invalid' } as ApprovalView }, 403],
    ['an expired token', { show: { kind: 'problem', problem: 'expired' } as ApprovalView }, 410],
  ])('shows a Dutch error page for %s', async (_name, views, status) => {
    // Prepare
    const { handler } = setup(views);
    // Act
    const res = await handler(urlEvent('GET', { query: `t=${TOKEN}` }));
    // Assess
    expect(res.statusCode).toBe(status);
    expect(res.body).toContain('lang="nl"');
  });

  it('rejects requests it does not understand without calling the use cases', async () => {
    // Prepare
    const { handler, shown, decided } = setup();
    // Act
    const results = await Promise.all([
      handler(urlEvent('GET')),
      handler(urlEvent('PUT', { query: `t=${TOKEN}` })),
      handler(urlEvent('GET', { path: '/favicon.ico' })),
      handler(urlEvent('POST', { body: `token=${TOKEN}&decision=maybe` })),
      handler(urlEvent('POST', { body: `{"token":"${TOKEN}"}`, contentType: 'application/json' })),
      handler(urlEvent('POST', { body: `token=${TOKEN}&decision=approve&note=${'x'.repeat(2001)}` })),
    ]);
    // Assess
    expect(results.map((r) => r.statusCode)).toEqual([403, 405, 404, 400, 400, 413]);
    expect(results[1]?.headers?.allow).toBe('GET, HEAD, POST');
    expect(shown).toEqual([]);
    expect(decided).toEqual([]);
  });

  it('answers 503 with a page when DynamoDB is unavailable', async () => {
    // Prepare
    const { handler } = setup({ decide: new DependencyUnavailableError('dynamodb throttled') });
    // Act
    const res = await handler(urlEvent('POST', { body: `token=${TOKEN}&decision=reject` }));
    // Assess
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('60');
  });
});
