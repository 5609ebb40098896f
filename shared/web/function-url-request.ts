/**
 * What the Function URL pages (approval, register) need from a request and give as an answer, in one place: whether a
 * POST comes from another site, its form, and answers with the pages' security headers. Only types from aws-lambda; no SDK.
 */
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { create as contentDisposition } from 'content-disposition';
import { SECURITY_HEADERS } from './approval-page.js';

/** What a page's handler answers. */
export type PageResult = APIGatewayProxyStructuredResultV2 & LambdaFunctionURLResult;

/**
 * Answers with the pages' security headers; for a HEAD request without the body.
 * @example const respond = responder(head); return respond(200, html);
 */
export const responder =
  (head: boolean) =>
  (statusCode: number, body: string, extra: Record<string, string> = {}): PageResult => ({
    statusCode,
    headers: { ...SECURITY_HEADERS, ...extra },
    body: head ? '' : body,
  });

/** A file to save, never to show (Content-Disposition: attachment, with the pages' nosniff); for HEAD without the bytes. */
export const downloadResult = (file: { readonly filename: string; readonly contentType: string; readonly content: Uint8Array }, head: boolean): PageResult => ({
  statusCode: 200,
  headers: {
    ...SECURITY_HEADERS,
    'content-type': file.contentType,
    'content-disposition': contentDisposition(file.filename, { type: 'attachment' }),
    'content-length': String(file.content.byteLength),
  },
  body: head ? '' : Buffer.from(file.content).toString('base64'),
  isBase64Encoded: !head,
});

/**
 * Largest request body a page takes (a 2,000-character note, percent-encoded, is at most ~18 kB); larger ones get 413.
 * A Function URL itself accepts up to 6 MB, so this is the limit; the local stand-in of the URL (infra/local/stack.ts)
 * refuses larger bodies with the same status before they reach the handler.
 */
export const MAX_FORM_BYTES = 64 * 1024;

/**
 * True when the browser says the POST comes from another site: Sec-Fetch-Site (sent by every current browser)
 * other than same-origin or none, an Origin whose host is not this host, or an opaque Origin ("null"). The one-time
 * token in the form already binds a decision to the approver's mail; this refuses a form that another site submits in
 * their browser.
 */
export const isCrossSite = (event: LambdaFunctionURLEvent): boolean => {
  const headers = event.headers ?? {};
  const site = headers['sec-fetch-site']?.toLowerCase();
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = headers.origin;
  if (!origin) return false;
  // "null" is what a sandboxed frame or a data: page sends: never our own page (it posts with its real origin).
  if (origin === 'null') return site !== 'same-origin';
  const host = (headers.host ?? event.requestContext.domainName ?? '').toLowerCase();
  try {
    return new URL(origin).host.toLowerCase() !== host;
  } catch {
    return true;
  }
};

/** The body's size in bytes, as it arrived (base64 bodies decoded). */
export const bodyBytes = (event: LambdaFunctionURLEvent): number => {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.byteLength(body, 'base64') : Buffer.byteLength(body, 'utf8');
};

/** The urlencoded form of a POST, or undefined for another content type or an undecodable body (check bodyBytes first). */
export const readForm = (event: LambdaFunctionURLEvent): URLSearchParams | undefined => {
  const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded') return undefined;
  const body = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return new URLSearchParams(text);
};
