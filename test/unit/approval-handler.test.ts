import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MAX_FORM_BYTES, createApprovalHandler } from '../../functions/approval/handler.js';
import type { ApprovalView, AttachmentDownload, DecideInput } from '../../shared/application/approve-letter.js';
import { DependencyUnavailableError } from '../../shared/domain/errors.js';
import { DEFAULT_HANDLING_OPTIONS, parseHandlingOptions } from '../../shared/domain/handling.js';
import { logger } from '../../shared/logger.js';
import { aLetterSummary } from '../support/letter-summary.js';

const TOKEN = 'A'.repeat(43);

/** The default afdoeningsvoorstellen, "ter kennisname" chosen. */
const HANDLING = { options: parseHandlingOptions(DEFAULT_HANDLING_OPTIONS), defaultIndex: 0 };

const HOST = 'abc.lambda-url.eu-west-1.on.aws';

const urlEvent = (
  method: string,
  {
    query = '',
    body,
    base64 = false,
    contentType = 'application/x-www-form-urlencoded',
    path = '/',
    headers = {},
  }: {
    query?: string;
    body?: string;
    base64?: boolean;
    contentType?: string;
    path?: string;
    headers?: Record<string, string>;
  } = {},
): LambdaFunctionURLEvent =>
  ({
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: { 'content-type': contentType, host: HOST, ...headers },
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' } },
    ...(body !== undefined && { body: base64 ? Buffer.from(body).toString('base64') : body }),
    isBase64Encoded: base64,
  }) as unknown as LambdaFunctionURLEvent;

const PDF = new TextEncoder().encode('%PDF-1.7 brief');

const setup = (views: { show?: ApprovalView | Error; decide?: ApprovalView | Error; open?: AttachmentDownload } = {}) => {
  const shown: unknown[] = [];
  const decided: DecideInput[] = [];
  const opened: unknown[][] = [];
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
    openAttachment: async (token, index) => {
      opened.push([token, index]);
      return views.open ?? { kind: 'file', filename: 'Brief aan de raad "ë".pdf', contentType: 'application/pdf', content: PDF };
    },
    municipality: 'Heemstede',
    handling: HANDLING,
    logger,
  });
  return { handler, shown, decided, opened };
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
    expect(res.headers).toMatchObject({ 'cache-control': 'no-store', 'referrer-policy': 'same-origin' });
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
    // A form without the afdoeningsvoorstel (an older page) gets the default.
    expect(decided).toEqual([{ token: TOKEN, decision: 'approved', note: 'Graag\nagenderen', handling: 'ter kennisname' }]);
  });

  it('records the chosen afdoeningsvoorstel, with the words typed in its blank', async () => {
    // Prepare
    const { handler, decided } = setup();
    const post = (fields: Record<string, string>) =>
      handler(urlEvent('POST', { body: new URLSearchParams({ token: TOKEN, decision: 'approve', ...fields }).toString(), base64: true }));

    // Act
    const plain = await post({ handling: '1', handling_detail_3: 'wordt genegeerd' });
    const filled = await post({ handling: '3', handling_detail_3: '  5. Mobiliteitsvisie\r\n(26 februari) ' });

    // Assess
    expect([plain.statusCode, filled.statusCode]).toEqual([200, 200]);
    expect(decided.map((d) => d.handling)).toEqual(['ter afdoening in handen van het college stellen', 'betrekken bij agendapunt 5. Mobiliteitsvisie (26 februari)']);
  });

  it('rejects an afdoeningsvoorstel whose blank is empty or too long, or an option that does not exist, and decides nothing', async () => {
    // Prepare
    const { handler, decided } = setup();
    const post = (fields: Record<string, string>) =>
      handler(urlEvent('POST', { body: new URLSearchParams({ token: TOKEN, decision: 'approve', ...fields }).toString(), base64: true }));

    // Act
    const empty = await post({ handling: '4', handling_detail_4: '   ' });
    const long = await post({ handling: '4', handling_detail_4: 'x'.repeat(121) });
    const unknown = await post({ handling: '9' });
    const junk = await post({ handling: '1e3' });

    // Assess
    expect([empty.statusCode, long.statusCode, unknown.statusCode, junk.statusCode]).toEqual([400, 413, 400, 400]);
    expect(empty.body).toContain('Vul de afhandeling aan');
    expect(decided).toEqual([]);
  });

  it('passes on what a rejected message is instead of a letter, and refuses a category that is a letter', async () => {
    // Prepare
    const { handler, decided } = setup();
    const reject = (rejectedAs?: string) =>
      handler(
        urlEvent('POST', {
          body: new URLSearchParams({ token: TOKEN, decision: 'reject', confirm: 'ja', ...(rejectedAs !== undefined && { rejected_as: rejectedAs }) }).toString(),
          base64: true,
        }),
      );

    // Act
    await reject('newsletter');
    await reject('letter');
    await reject();
    const bad = await reject('citizen_letter');

    // Assess
    expect(bad.statusCode).toBe(400);
    expect(decided).toEqual([
      { token: TOKEN, decision: 'rejected', note: '', notALetter: 'newsletter' },
      { token: TOKEN, decision: 'rejected', note: '' },
      { token: TOKEN, decision: 'rejected', note: '' },
    ]);
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

  it('asks for confirmation before rejecting, and rejects only with the confirmation', async () => {
    // Prepare
    const { handler, decided } = setup();
    // Act
    const asked = await handler(urlEvent('POST', { body: `token=${TOKEN}&decision=reject&note=Geen+brief+voor+de+raad` }));
    const confirmed = await handler(urlEvent('POST', { body: `token=${TOKEN}&decision=reject&confirm=ja&note=Geen+brief+voor+de+raad` }));
    // Assess
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('Deze brief afwijzen?');
    expect(asked.body).toContain('name="confirm" value="ja"');
    expect(asked.body).toContain('>Geen brief voor de raad</textarea>');
    expect(asked.body).toContain(`href="/?t=${TOKEN}"`);
    expect(confirmed.statusCode).toBe(200);
    expect(decided).toEqual([{ token: TOKEN, decision: 'rejected', note: 'Geen brief voor de raad' }]);
  });

  it.each([
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site (another subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['an Origin of another host', { origin: 'https://evil.example' }],
    ['a malformed Origin', { origin: 'not a url' }],
    ['an opaque Origin from a sandboxed frame or data: page', { origin: 'null' }],
    ['an opaque Origin with Sec-Fetch-Site none', { origin: 'null', 'sec-fetch-site': 'none' }],
  ])('refuses a POST with %s and decides nothing', async (_name, headers) => {
    // Prepare
    const { handler, decided } = setup();
    // Act
    const res = await handler(urlEvent('POST', { body: `token=${TOKEN}&decision=approve`, headers }));
    // Assess
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('andere website');
    expect(decided).toEqual([]);
  });

  it('accepts a POST from the page itself', async () => {
    // Prepare
    const { handler, decided } = setup();
    // Act
    const res = await handler(urlEvent('POST', { body: `token=${TOKEN}&decision=approve`, headers: { 'sec-fetch-site': 'same-origin', origin: `https://${HOST}` } }));
    // Assess
    expect(res.statusCode).toBe(200);
    expect(decided).toHaveLength(1);
  });

  it('hands out an attachment as a download: base64 body, attachment disposition, nosniff and the page\'s headers', async () => {
    // Prepare
    const { handler, opened } = setup();
    // Act
    const res = await handler(urlEvent('GET', { path: '/bijlage', query: `t=${TOKEN}&n=0` }));
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.isBase64Encoded).toBe(true);
    expect(Buffer.from(res.body!, 'base64')).toEqual(Buffer.from(PDF));
    expect(res.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="Brief aan de raad \\"?\\".pdf"; filename*=UTF-8''Brief%20aan%20de%20raad%20%22%C3%AB%22.pdf`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'content-security-policy': expect.stringContaining("default-src 'none'"),
    });
    expect(opened).toEqual([[TOKEN, '0']]);
  });

  it('redirects to a temporary link for a large attachment, and refuses one that is not forwarded', async () => {
    // Prepare
    const large = setup({ open: { kind: 'redirect', url: 'https://bucket.s3.example/files/x?X-Amz-Signature=abc' } });
    const refused = setup({ open: { kind: 'problem', problem: 'not_available' } });
    // Act
    const redirect = await large.handler(urlEvent('GET', { path: '/bijlage', query: `t=${TOKEN}&n=0` }));
    const missing = await refused.handler(urlEvent('GET', { path: '/bijlage', query: `t=${TOKEN}&n=7` }));
    // Assess
    expect(redirect).toMatchObject({ statusCode: 303, headers: { location: 'https://bucket.s3.example/files/x?X-Amz-Signature=abc' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Deze bijlage is niet beschikbaar');
  });

  it('refuses a body above MAX_FORM_BYTES with 413 before reading it, plain or base64', async () => {
    // Prepare
    const { handler, decided } = setup();
    const justFits = `token=${TOKEN}&decision=maybe&padding=`.padEnd(MAX_FORM_BYTES, 'x');
    // Act
    const [plain, base64, fits] = await Promise.all([
      handler(urlEvent('POST', { body: `${justFits}x` })),
      handler(urlEvent('POST', { body: `${justFits}x`, base64: true })),
      handler(urlEvent('POST', { body: justFits })),
    ]);
    // Assess: one byte over is refused unread; at the limit it is read (and refused for its unknown decision)
    expect([plain.statusCode, base64.statusCode, fits.statusCode]).toEqual([413, 413, 400]);
    expect(plain.body).toContain('lang="nl"');
    expect(decided).toEqual([]);
  });

  it('answers 503 with a page when DynamoDB is unavailable', async () => {
    // Prepare
    const { handler } = setup({ decide: new DependencyUnavailableError('dynamodb throttled') });
    // Act
    const res = await handler(urlEvent('POST', { body: `token=${TOKEN}&decision=approve` }));
    // Assess
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('60');
  });
});
