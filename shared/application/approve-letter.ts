import {
  DECISION_EVENTS,
  hashToken,
  purposeOf,
  isAwaitingDecision,
  isWellFormedToken,
  registerScope,
  sanitizeNote,
  statusAfter,
  summarise,
  tokenState,
  type ApprovalToken,
  type Decision,
  type DecisionKind,
  type ForwardRecord,
  type LetterSummary,
  type RegisterNumber,
  type RegisterScheme,
} from '../domain/approval.js';
import { createHash } from 'node:crypto';
import { FORWARDED_TYPES } from '../domain/attachment-policy.js';
import type { Category } from '../domain/category.js';
import { correctionOf, correctionOnLetter, type Correction } from '../domain/correction.js';
import { asError, LetterFileMissingError } from '../domain/errors.js';
import { attachmentName } from '../domain/forward.js';
import type { Letter, LetterStatus } from '../domain/letter.js';
import type { ApprovalTokenStore, Clock, ForwardTrigger, LetterFileStore, LetterRepository } from '../ports.js';

/** Why a link cannot be used: no such token (or tampered), expired, or the letter is not one to decide on. */
export type LinkProblem = 'invalid' | 'expired' | 'unavailable';

/** What the approval page shows for a link. */
export type ApprovalView =
  | { readonly kind: 'problem'; readonly problem: LinkProblem }
  | { readonly kind: 'pending'; readonly summary: LetterSummary; readonly approver: string }
  | {
      readonly kind: 'decided';
      readonly summary: LetterSummary;
      readonly decision: Decision;
      readonly registerNumber?: RegisterNumber;
      /** The letter's status now: the page says what really happened to the forward. */
      readonly status: LetterStatus;
      readonly forwarding?: ForwardRecord;
      /** True only for the request that made this decision. */
      readonly justNow: boolean;
      /** True when this request made the decision but could not start the forward (the reconciler will). */
      readonly forwardNotStarted?: boolean;
      /** A rejection as "geen brief voor de raad": what the griffier said it is. */
      readonly correction?: Correction;
    };

export interface ApproveLetterDeps {
  readonly letters: LetterRepository;
  readonly tokens: ApprovalTokenStore;
  /** How the lijst ingekomen stukken is numbered (the number is taken in the decision's transaction). */
  readonly registerScheme: RegisterScheme;
  readonly forward: ForwardTrigger;
  /** The stored attachments the page offers for reading. */
  readonly files: LetterFileStore;
  readonly clock: Clock;
  /** Reports a failure that must not change the answer (the forward could not be started). */
  readonly onWarning?: (message: string, detail: Record<string, unknown>) => void;
}

interface Resolved {
  readonly token: ApprovalToken;
  readonly letter: Letter;
}

type Lookup = { readonly kind: 'found'; readonly found: Resolved } | { readonly kind: 'problem'; readonly problem: LinkProblem };

const lookup = async (deps: ApproveLetterDeps, token: unknown): Promise<Lookup> => {
  if (!isWellFormedToken(token)) return { kind: 'problem', problem: 'invalid' };
  const record = await deps.tokens.find(hashToken(token));
  // An overview or list link is not an approval link: it opens nothing here.
  if (!record || purposeOf(record) !== 'decide') return { kind: 'problem', problem: 'invalid' };
  const letter = await deps.letters.get(record.letterId);
  if (!letter) return { kind: 'problem', problem: 'invalid' };
  return { kind: 'found', found: { token: record, letter } };
};

const decidedView = (letter: Letter, justNow: boolean, forwardNotStarted = false): ApprovalView | undefined =>
  letter.decision
    ? {
        kind: 'decided',
        summary: summarise(letter),
        decision: letter.decision,
        ...(letter.registerNumber && { registerNumber: letter.registerNumber }),
        status: letter.status,
        ...(letter.forwarding && { forwarding: letter.forwarding }),
        justNow,
        ...(forwardNotStarted && { forwardNotStarted }),
        ...(letter.correction && { correction: letter.correction }),
      }
    : undefined;

/**
 * GET and HEAD: what the link shows. Reads only; never changes anything (mail scanners and link previews
 * fetch links before the griffier does). An expired link shows only that it expired: no sender, no decision.
 */
export const makeShowApproval =
  (deps: ApproveLetterDeps) =>
  async (token: unknown): Promise<ApprovalView> => {
    const found = await lookup(deps, token);
    if (found.kind === 'problem') return found;
    const { token: record, letter } = found.found;
    if (tokenState(record, deps.clock.now()) === 'expired') return { kind: 'problem', problem: 'expired' };
    // Once decided, every valid link of this letter shows the outcome and the forward's status, read-only.
    const decided = decidedView(letter, false);
    if (decided) return decided;
    if (!isAwaitingDecision(letter)) return { kind: 'problem', problem: 'unavailable' };
    return { kind: 'pending', summary: summarise(letter), approver: record.approver };
  };

export interface DecideInput {
  readonly token: unknown;
  readonly decision: DecisionKind;
  readonly note?: unknown;
  /** The afdoeningsvoorstel chosen on the page (an approval). */
  readonly handling?: string;
  /** A rejection as "geen brief voor de raad": what it is instead (recorded as a correction of the classifier). */
  readonly notALetter?: Category;
}

/**
 * POST: the griffier's decision. The first decision wins: one DynamoDB transaction checks that the letter awaits
 * approval without a decision and that the token is unused, unexpired and bound to this letter, and (for an
 * approval) takes the next register number in that same transaction. Only the request that won starts the forward;
 * a later POST, a losing one or a rejection starts nothing and takes no number.
 */
export const makeDecide =
  (deps: ApproveLetterDeps) =>
  async (input: DecideInput): Promise<ApprovalView> => {
    const found = await lookup(deps, input.token);
    if (found.kind === 'problem') return found;
    const { token: record, letter } = found.found;
    const now = deps.clock.now();

    const state = tokenState(record, now);
    if (state === 'expired') return { kind: 'problem', problem: 'expired' };
    if (letter.decision) return decidedView(letter, false)!;
    if (state === 'used' || !isAwaitingDecision(letter)) return { kind: 'problem', problem: 'unavailable' };

    const approving = input.decision === 'approved';
    const decision: Decision = {
      kind: input.decision,
      by: record.approver,
      at: now.toISOString(),
      note: sanitizeNote(input.note),
      ...(approving && input.handling && { handling: input.handling }),
    };
    const correction = !approving && input.notALetter ? correctionOf(letter, 'not_a_letter', input.notALetter, decision.by, decision.at) : undefined;
    const result = await deps.letters.decide({
      letterId: letter.id,
      tokenHash: record.tokenHash,
      decision,
      history: [
        {
          at: decision.at,
          event: DECISION_EVENTS[decision.kind],
          by: decision.by,
          ...((decision.note || correction) && { detail: [correction && `geen brief voor de raad (${correction.category})`, decision.note && 'met toelichting'].filter(Boolean).join(', ') }),
        },
      ],
      now,
      ...(approving && { registerScope: registerScope(now, deps.registerScheme) }),
      ...(correction && { correction }),
    });
    if (result.kind !== 'decided') {
      // Someone else was first (another approver, a double click): show what they decided, start nothing.
      const current = await deps.letters.get(letter.id);
      if (current?.decision) return decidedView(current, false)!;
      return { kind: 'problem', problem: result.kind === 'token_rejected' ? 'expired' : 'unavailable' };
    }

    const decided: Letter = {
      ...letter,
      status: statusAfter(decision.kind),
      decision,
      ...(result.registerNumber && { registerNumber: result.registerNumber }),
      ...(correction && { category: correction.category, correction: correctionOnLetter(correction) }),
    };
    const started = decision.kind === 'approved' ? await startForward(deps, decided.id) : true;
    return decidedView(decided, true, !started)!;
  };

/** Starts the forward; false when it could not be started (the decision stands, the reconciler starts it later). */
const startForward = async (deps: ApproveLetterDeps, letterId: string): Promise<boolean> => {
  try {
    await deps.forward.trigger(letterId);
    return true;
  } catch (err) {
    deps.onWarning?.('forward could not be started', { letterId, error: asError(err).message });
    return false;
  }
};

/** Files up to this size are handed out in the response itself; larger ones through a short-lived S3 link (a Lambda response holds 6 MB, base64 included). */
export const MAX_INLINE_ATTACHMENT_BYTES = 4 * 1024 * 1024;
/** How long the S3 link of a large attachment works. */
const DOWNLOAD_LINK_SECONDS = 120;

/** What `GET /bijlage?t=…&n=…` answers. */
export type AttachmentDownload =
  | { readonly kind: 'problem'; readonly problem: LinkProblem | 'not_available' }
  | { readonly kind: 'file'; readonly filename: string; readonly contentType: string; readonly content: Uint8Array }
  | { readonly kind: 'redirect'; readonly url: string };

/**
 * One attachment of the letter the token belongs to, read-only: only an attachment that will be forwarded (so
 * the griffier reads exactly what the raadsleden will get), only while the link has not expired, and never one of
 * another letter (the file is found through the token's own letter).
 */
export const makeOpenAttachment =
  (deps: ApproveLetterDeps) =>
  async (token: unknown, index: unknown): Promise<AttachmentDownload> => {
    const found = await lookup(deps, token);
    if (found.kind === 'problem') return found;
    const { token: record, letter } = found.found;
    if (tokenState(record, deps.clock.now()) === 'expired') return { kind: 'problem', problem: 'expired' };
    const n = typeof index === 'string' && /^\d{1,4}$/.test(index) ? Number(index) : -1;
    const attachment = letter.attachments[n];
    if (!attachment?.verdict.forward || !attachment.fileKey) return { kind: 'problem', problem: 'not_available' };
    const filename = attachmentName(attachment, n);
    const contentType = FORWARDED_TYPES[attachment.verdict.type].mime;
    if (attachment.size > MAX_INLINE_ATTACHMENT_BYTES) {
      return { kind: 'redirect', url: await deps.files.temporaryUrl(attachment.fileKey, { filename, contentType, expiresInSeconds: DOWNLOAD_LINK_SECONDS }) };
    }
    let content: Uint8Array;
    try {
      content = await deps.files.get(attachment.fileKey);
    } catch (err) {
      if (err instanceof LetterFileMissingError) return { kind: 'problem', problem: 'not_available' };
      throw err;
    }
    if (createHash('sha256').update(content).digest('hex') !== attachment.sha256) return { kind: 'problem', problem: 'not_available' };
    return { kind: 'file', filename, contentType, content };
  };
