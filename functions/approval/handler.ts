import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyStructuredResultV2, LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import type { ApprovalView, DecideInput } from '../../shared/application/approve-letter.js';
import type { DecisionKind } from '../../shared/domain/approval.js';
import { asError, PipelineError } from '../../shared/domain/errors.js';
import {
  APPROVAL_ERRORS,
  APPROVAL_FORM,
  renderApprovalPage,
  renderDecidedPage,
  renderErrorPage,
  SECURITY_HEADERS,
} from '../../shared/web/approval-page.js';

export interface ApprovalHandlerDeps {
  /** GET/HEAD: what the link shows (reads only). */
  readonly show: (token: unknown) => Promise<ApprovalView>;
  /** POST: decide (first decision wins). */
  readonly decide: (input: DecideInput) => Promise<ApprovalView>;
  readonly municipality: string;
  readonly logger: Logger;
}

/** The structured form of LambdaFunctionURLResult (always status, headers and body), so callers need not narrow. */
export type ApprovalResult = APIGatewayProxyStructuredResultV2 & LambdaFunctionURLResult;

export type ApprovalHandler = (event: LambdaFunctionURLEvent) => Promise<ApprovalResult>;

/** Largest form body read (a 2,000-character note, percent-encoded, is at most ~18 kB). */
const MAX_FORM_BYTES = 64 * 1024;

const DECISIONS: Readonly<Record<string, DecisionKind>> = {
  [APPROVAL_FORM.approve]: 'approved',
  [APPROVAL_FORM.reject]: 'rejected',
};

type ErrorKey = keyof typeof APPROVAL_ERRORS;

/**
 * The approval page behind a Lambda Function URL (payload 2.0).
 *
 * - GET /?t=<token> shows the letter and the form; HEAD answers the same status and headers without a body.
 *   Neither changes anything: link scanners and previews fetch links before the griffier clicks.
 * - POST / (application/x-www-form-urlencoded, possibly base64-encoded by the Function URL) with the token in
 *   the form decides. The first decision wins; a later one gets the decided page (409) and changes nothing.
 * - Anything else: a Dutch error page with a 4xx status. A token that is missing, malformed, tampered with or
 *   unknown always gets the same answer (403), so nothing can be learned by guessing.
 *
 * Logs the method and the outcome, never the token, the note or anything from the letter.
 */
export const createApprovalHandler =
  ({ show, decide, municipality, logger }: ApprovalHandlerDeps): ApprovalHandler =>
  async (event) => {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath || '/';
    const head = method === 'HEAD';
    const respond = (statusCode: number, body: string, extra: Record<string, string> = {}): ApprovalResult => ({
      statusCode,
      headers: { ...SECURITY_HEADERS, ...extra },
      body: head ? '' : body,
    });
    const error = (key: ErrorKey, extra: Record<string, string> = {}): ApprovalResult => {
      const { status, title, message } = APPROVAL_ERRORS[key];
      logger.info('approval page answered with an error', { method, outcome: key, status });
      return respond(status, renderErrorPage({ status, title, message, municipality }), extra);
    };
    const page = (view: ApprovalView, token: string, decidedStatus: number): ApprovalResult => {
      switch (view.kind) {
        case 'problem':
          return error(view.problem === 'expired' ? 'expired' : 'invalidLink');
        case 'pending':
          logger.info('approval page shown', { method, letterId: view.summary.id });
          return respond(200, renderApprovalPage({ summary: view.summary, token, postUrl: path, municipality }));
        case 'decided': {
          logger.info('decided page shown', { method, letterId: view.summary.id, decision: view.decision.kind, justNow: view.justNow });
          const { summary, decision, registerNumber, justNow } = view;
          return respond(view.justNow ? 200 : decidedStatus, renderDecidedPage({ summary, decision, registerNumber, justNow, municipality }));
        }
      }
    };

    if (path !== '/') return error('notFound');
    try {
      if (method === 'GET' || head) {
        const token = new URLSearchParams(event.rawQueryString ?? '').get('t');
        if (!token) return error('invalidLink');
        return page(await show(token), token, 200);
      }
      if (method === 'POST') {
        const form = readForm(event);
        if (!form) return error('badRequest');
        const token = form.get(APPROVAL_FORM.token) ?? new URLSearchParams(event.rawQueryString ?? '').get('t');
        if (!token) return error('invalidLink');
        const decision = DECISIONS[form.get(APPROVAL_FORM.decision) ?? ''];
        if (!decision) return error('badRequest');
        const note = (form.get(APPROVAL_FORM.note) ?? '').replace(/\r\n/g, '\n');
        if (note.length > APPROVAL_FORM.noteMaxLength) return error('noteTooLong');
        return page(await decide({ token, decision, note }), token, 409);
      }
      return error('methodNotAllowed', { allow: 'GET, HEAD, POST' });
    } catch (err) {
      // No retry exists for a browser request: answer with a page. Unknown errors are bugs and are logged as such.
      const known = err instanceof PipelineError;
      logger.error('approval request failed', { method, code: known ? err.code : 'UNKNOWN', error: asError(err).message });
      return error('unavailable', { 'retry-after': '60' });
    }
  };

/** The urlencoded form of a POST, or undefined for another content type, an oversized or undecodable body. */
const readForm = (event: LambdaFunctionURLEvent): URLSearchParams | undefined => {
  const contentType = (event.headers?.['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded') return undefined;
  const body = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.byteLength > MAX_FORM_BYTES) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return new URLSearchParams(text);
};
