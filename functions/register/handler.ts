import type { Logger } from '@aws-lambda-powertools/logger';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import type { ListFile, ListFormat } from '../../shared/adapters/register-list-files.js';
import { REGISTER_PATHS } from '../../shared/application/daily-overview.js';
import type { ListView, ReviewAction, ReviewView } from '../../shared/application/review-filed.js';
import { asError, PipelineError } from '../../shared/domain/errors.js';
import type { RegisterList } from '../../shared/domain/register-list.js';
import { renderErrorPage } from '../../shared/web/approval-page.js';
import { bodyBytes, downloadResult, isCrossSite, MAX_FORM_BYTES, readForm, responder } from '../../shared/web/function-url-request.js';
import { renderRegisterListPage } from '../../shared/web/register-list-page.js';
import { renderReviewPage, REVIEW_ERRORS, REVIEW_FORM } from '../../shared/web/review-page.js';
import type { ApprovalHandler, ApprovalResult } from '../approval/handler.js';

export interface RegisterHandlerDeps {
  /** GET /bericht: a filed message from the daily overview (reads only). */
  readonly show: (token: unknown) => Promise<ReviewView>;
  /** POST /bericht: put it before the council, or mark it as a Woo request. */
  readonly correct: (token: unknown, action: ReviewAction) => Promise<ReviewView>;
  /** GET /lijst: the lijst ingekomen stukken of the link's period (reads only). */
  readonly openList: (token: unknown, publicVersion: boolean) => Promise<ListView>;
  /** The list as a file (csv, docx; the Word library loads only then). */
  readonly listFile: (list: RegisterList, format: ListFormat) => Promise<ListFile>;
  readonly municipality: string;
  readonly logger: Logger;
}

/** The list link's query: `formaat` (html, csv, docx) and `versie=openbaar`. */
export const LIST_QUERY = { format: 'formaat', version: 'versie', public: 'openbaar' } as const;

const FORMATS: readonly ListFormat[] = ['html', 'csv', 'docx'];

type ErrorKey = keyof typeof REVIEW_ERRORS;

/**
 * The register's pages behind their own Function URL (payload 2.0), linked from the daily overview:
 *
 * - GET /bericht?t=<token> shows a filed message; HEAD the same without a body. Neither changes anything (mail scanners
 *   and link previews open links first).
 * - POST /bericht (form: token, action `voorleggen` with `afzender`, or `woo`) puts it before the council or marks it as
 *   a Woo request, once. A POST that a browser marks as coming from another site is refused.
 * - GET /lijst?t=<token>[&formaat=csv|docx][&versie=openbaar] shows the list of the link's period as a page, or hands
 *   it out as a file (Content-Disposition: attachment). Reads only.
 * - A token that is missing, malformed, of another kind or unknown always gets the same answer (403).
 *
 * Logs the path, method and outcome, never the token or anything from a message.
 */
export const createRegisterHandler =
  ({ show, correct, openList, listFile, municipality, logger }: RegisterHandlerDeps): ApprovalHandler =>
  async (event: LambdaFunctionURLEvent): Promise<ApprovalResult> => {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath || '/';
    const head = method === 'HEAD';
    const query = new URLSearchParams(event.rawQueryString ?? '');
    const respond = responder(head);
    const error = (key: ErrorKey, extra: Record<string, string> = {}): ApprovalResult => {
      const { status, title, message } = REVIEW_ERRORS[key];
      logger.info('register page answered with an error', { method, path, outcome: key, status });
      return respond(status, renderErrorPage({ status, title, message, municipality }), extra);
    };
    const page = (view: ReviewView, token: string, status: number): ApprovalResult => {
      if (view.kind === 'problem') return error(view.problem === 'expired' ? 'expired' : view.problem === 'unavailable' ? 'unavailable' : 'invalidLink');
      logger.info('register page shown', { method, path, letterId: view.summary.id, view: view.kind });
      return respond(view.kind === 'corrected' && !view.justNow ? status : 200, renderReviewPage(view, { token, postUrl: REGISTER_PATHS.message, municipality }));
    };

    try {
      if (path === REGISTER_PATHS.message) {
        if (method === 'GET' || head) {
          const token = query.get('t');
          return token ? page(await show(token), token, 200) : error('invalidLink');
        }
        if (method !== 'POST') return error('methodNotAllowed', { allow: 'GET, HEAD, POST' });
        if (isCrossSite(event)) return error('crossSite');
        if (bodyBytes(event) > MAX_FORM_BYTES) return error('tooLarge');
        const form = readForm(event);
        if (!form) return error('badRequest');
        const token = form.get(REVIEW_FORM.token);
        if (!token) return error('invalidLink');
        const action = form.get(REVIEW_FORM.action);
        const sender = form.get(REVIEW_FORM.sender);
        if (action === REVIEW_FORM.markWoo) return page(await correct(token, { kind: 'markWoo' }), token, 409);
        if (action !== REVIEW_FORM.submit || (sender !== REVIEW_FORM.organisation && sender !== REVIEW_FORM.resident)) return error('badRequest');
        return page(await correct(token, { kind: 'submit', as: sender === REVIEW_FORM.organisation ? 'advocacy_letter' : 'citizen_letter' }), token, 409);
      }
      if (path === REGISTER_PATHS.list) {
        if (method !== 'GET' && !head) return error('methodNotAllowed', { allow: 'GET, HEAD' });
        const token = query.get('t');
        if (!token) return error('invalidLink');
        const format = FORMATS.find((f) => f === (query.get(LIST_QUERY.format) ?? 'html'));
        if (!format) return error('badRequest');
        const publicVersion = query.get(LIST_QUERY.version) === LIST_QUERY.public;
        const view = await openList(token, publicVersion);
        if (view.kind === 'problem') return error(view.problem === 'expired' ? 'expired' : 'invalidLink');
        logger.info('list handed out', { method, format, public: publicVersion, rows: view.list.sections.reduce((n, s) => n + s.rows.length, 0) });
        if (format === 'html') {
          const link = (extra: Record<string, string>) => `${REGISTER_PATHS.list}?${new URLSearchParams({ t: token, ...(publicVersion && { [LIST_QUERY.version]: LIST_QUERY.public }), ...extra })}`;
          const other = `${REGISTER_PATHS.list}?${new URLSearchParams({ t: token, ...(!publicVersion && { [LIST_QUERY.version]: LIST_QUERY.public }) })}`;
          return respond(200, renderRegisterListPage({ list: view.list, links: { docx: link({ [LIST_QUERY.format]: 'docx' }), csv: link({ [LIST_QUERY.format]: 'csv' }), otherVersion: other } }));
        }
        return downloadResult(await listFile(view.list, format), head);
      }
      return error('notFound');
    } catch (err) {
      const known = err instanceof PipelineError;
      logger.error('register request failed', { method, path, code: known ? err.code : 'UNKNOWN', error: asError(err).message });
      return error('serverError', { 'retry-after': '60' });
    }
  };
