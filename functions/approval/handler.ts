import type { Logger } from '@aws-lambda-powertools/logger';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import type { ApprovalView, AttachmentDownload, DecideInput } from '../../shared/application/approve-letter.js';
import type { DecisionKind } from '../../shared/domain/approval.js';
import { NOT_A_LETTER_CATEGORIES } from '../../shared/domain/correction.js';
import { asError, PipelineError } from '../../shared/domain/errors.js';
import { bodyBytes, downloadResult, isCrossSite, MAX_FORM_BYTES, type PageResult, readForm, responder } from '../../shared/web/function-url-request.js';
import { chosenHandling } from '../../shared/domain/handling.js';
import {
  APPROVAL_ERRORS,
  APPROVAL_FORM,
  ATTACHMENT_PATH,
  handlingDetailField,
  type HandlingChoices,
  renderApprovalPage,
  renderDecidedPage,
  renderErrorPage,
  renderRejectConfirmPage,
  SECURITY_HEADERS,
} from '../../shared/web/approval-page.js';

export interface ApprovalHandlerDeps {
  /** GET/HEAD: what the link shows (reads only). */
  readonly show: (token: unknown) => Promise<ApprovalView>;
  /** POST: decide (first decision wins). */
  readonly decide: (input: DecideInput) => Promise<ApprovalView>;
  /** GET /bijlage: one attachment that will be forwarded (reads only). */
  readonly openAttachment: (token: unknown, index: unknown) => Promise<AttachmentDownload>;
  readonly municipality: string;
  /** The afdoeningsvoorstellen the page offers (HANDLING_OPTIONS, DEFAULT_HANDLING). */
  readonly handling: HandlingChoices;
  /** The forward's From, shown on the page. */
  readonly griffieAddress?: string;
  readonly logger: Logger;
}

export type ApprovalResult = PageResult;

export type ApprovalHandler = (event: LambdaFunctionURLEvent) => Promise<ApprovalResult>;

/** The approval page's body limit (one for every Function URL page: shared/web/function-url-request.ts). */
export { MAX_FORM_BYTES } from '../../shared/web/function-url-request.js';

const DECISIONS: Readonly<Record<string, DecisionKind>> = {
  [APPROVAL_FORM.approve]: 'approved',
  [APPROVAL_FORM.reject]: 'rejected',
};

type ErrorKey = keyof typeof APPROVAL_ERRORS;

/**
 * The approval page behind a Lambda Function URL (payload 2.0).
 *
 * - GET /?t=<token> shows the letter, exactly as the raadsleden would get it, and the form; HEAD answers the same
 *   status and headers without a body. Neither changes anything: link scanners and previews fetch links first.
 * - GET /bijlage?t=<token>&n=<index> hands out one attachment that will be forwarded, as a download
 *   (Content-Disposition: attachment, nosniff, the page's security headers), or redirects to a short-lived link for a
 *   large one. Reads only.
 * - POST / (application/x-www-form-urlencoded, possibly base64-encoded by the Function URL) with the token in the
 *   form decides. "Afwijzen" first answers a confirmation page; only its own button (with `confirm`) rejects. The
 *   first decision wins; a later one gets the decided page (409) and changes nothing. A POST that a browser marks as
 *   coming from another site (Sec-Fetch-Site, Origin) is refused.
 * - Anything else: a Dutch error page with a 4xx status. A token that is missing, malformed, tampered with or
 *   unknown always gets the same answer (403), so nothing can be learned by guessing.
 *
 * Logs the method and the outcome, never the token, the note or anything from the letter.
 */
export const createApprovalHandler =
  ({ show, decide, openAttachment, municipality, handling, griffieAddress, logger }: ApprovalHandlerDeps): ApprovalHandler =>
  async (event) => {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath || '/';
    const head = method === 'HEAD';
    const query = new URLSearchParams(event.rawQueryString ?? '');
    const respond = responder(head);
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
          return respond(200, renderApprovalPage({ summary: view.summary, handling, token, postUrl: '/', municipality, ...(griffieAddress && { griffieAddress }) }));
        case 'decided': {
          logger.info('decided page shown', { method, letterId: view.summary.id, decision: view.decision.kind, status: view.status, justNow: view.justNow });
          return respond(view.justNow ? 200 : decidedStatus, renderDecidedPage({ ...view, municipality, token }));
        }
      }
    };

    try {
      if ((method === 'GET' || head) && path === ATTACHMENT_PATH) {
        const token = query.get('t');
        if (!token) return error('invalidLink');
        return download(await openAttachment(token, query.get('n')), head, error, logger);
      }
      if (path !== '/') return error('notFound');
      if (method === 'GET' || head) {
        const token = query.get('t');
        if (!token) return error('invalidLink');
        return page(await show(token), token, 200);
      }
      if (method === 'POST') {
        if (isCrossSite(event)) return error('crossSite');
        if (bodyBytes(event) > MAX_FORM_BYTES) return error('noteTooLong');
        const form = readForm(event);
        if (!form) return error('badRequest');
        const token = form.get(APPROVAL_FORM.token) ?? query.get('t');
        if (!token) return error('invalidLink');
        const decision = DECISIONS[form.get(APPROVAL_FORM.decision) ?? ''];
        if (!decision) return error('badRequest');
        const note = (form.get(APPROVAL_FORM.note) ?? '').replace(/\r\n/g, '\n');
        if (note.length > APPROVAL_FORM.noteMaxLength) return error('noteTooLong');
        // The afdoeningsvoorstel (an approval; a form without the field gets the default) and, for a rejection, what it is.
        const choice = form.get(APPROVAL_FORM.handling) ?? String(handling.defaultIndex);
        const chosen = chosenHandling(handling.options, choice, form.get(handlingDetailField(Number(choice))));
        if (decision === 'approved' && !chosen.ok) {
          return error(chosen.problem === 'detail_missing' ? 'handlingDetailMissing' : chosen.problem === 'detail_too_long' ? 'handlingDetailTooLong' : 'badRequest');
        }
        const rejectedAs = form.get(APPROVAL_FORM.rejectedAs) ?? APPROVAL_FORM.rejectedAsLetter;
        const notALetter = NOT_A_LETTER_CATEGORIES.find((c) => c === rejectedAs);
        if (decision === 'rejected' && rejectedAs !== APPROVAL_FORM.rejectedAsLetter && !notALetter) return error('badRequest');
        if (decision === 'rejected' && form.get(APPROVAL_FORM.confirm) !== 'ja') {
          // Rejecting asks once more; the confirmation page is only shown for a letter that can still be decided.
          const view = await show(token);
          if (view.kind !== 'pending') return page(view, token, 409);
          logger.info('reject confirmation shown', { method, letterId: view.summary.id });
          return respond(200, renderRejectConfirmPage({ summary: view.summary, token, postUrl: '/', note, municipality }));
        }
        return page(
          await decide({ token, decision, note, ...(decision === 'approved' && chosen.ok && { handling: chosen.text }), ...(decision === 'rejected' && notALetter && { notALetter }) }),
          token,
          409,
        );
      }
      return error('methodNotAllowed', { allow: 'GET, HEAD, POST' });
    } catch (err) {
      // No retry exists for a browser request: answer with a page. Unknown errors are bugs and are logged as such.
      const known = err instanceof PipelineError;
      logger.error('approval request failed', { method, code: known ? err.code : 'UNKNOWN', error: asError(err).message });
      return error('unavailable', { 'retry-after': '60' });
    }
  };

/** The attachment as a download (never shown inline: the browser saves it, and sniffing is off). */
const download = (
  result: AttachmentDownload,
  head: boolean,
  error: (key: ErrorKey, extra?: Record<string, string>) => ApprovalResult,
  logger: Logger,
): ApprovalResult => {
  switch (result.kind) {
    case 'problem':
      return error(result.problem === 'expired' ? 'expired' : result.problem === 'not_available' ? 'attachmentUnavailable' : 'invalidLink');
    case 'redirect':
      logger.info('attachment handed out through a temporary link');
      return { statusCode: 303, headers: { ...SECURITY_HEADERS, location: result.url }, body: '' };
    case 'file':
      logger.info('attachment handed out', { bytes: result.content.byteLength });
      return downloadResult(result, head);
  }
};
