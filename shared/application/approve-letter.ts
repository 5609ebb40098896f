import {
  DECISION_EVENTS,
  hashToken,
  isAwaitingDecision,
  isWellFormedToken,
  sanitizeNote,
  statusAfter,
  summarise,
  tokenState,
  type ApprovalToken,
  type Decision,
  type DecisionKind,
  type LetterSummary,
  type RegisterNumber,
} from '../domain/approval.js';
import { asError } from '../domain/errors.js';
import type { Letter, LetterStatus } from '../domain/letter.js';
import type { ApprovalTokenStore, Clock, ForwardTrigger, LetterRepository } from '../ports.js';
import type { AssignRegisterNumber } from './assign-register-number.js';

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
      readonly status: LetterStatus;
      /** True only for the request that made this decision. */
      readonly justNow: boolean;
    };

export interface ApproveLetterDeps {
  readonly letters: LetterRepository;
  readonly tokens: ApprovalTokenStore;
  readonly assignRegisterNumber: AssignRegisterNumber;
  readonly forward: ForwardTrigger;
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
  if (!record) return { kind: 'problem', problem: 'invalid' };
  const letter = await deps.letters.get(record.letterId);
  if (!letter) return { kind: 'problem', problem: 'invalid' };
  return { kind: 'found', found: { token: record, letter } };
};

const decidedView = (letter: Letter, justNow: boolean): ApprovalView | undefined =>
  letter.decision
    ? {
        kind: 'decided',
        summary: summarise(letter),
        decision: letter.decision,
        ...(letter.registerNumber && { registerNumber: letter.registerNumber }),
        status: letter.status,
        justNow,
      }
    : undefined;

/**
 * GET and HEAD: what the link shows. Reads only; never changes anything (mail scanners and link previews
 * fetch links before the griffier does).
 */
export const makeShowApproval =
  (deps: ApproveLetterDeps) =>
  async (token: unknown): Promise<ApprovalView> => {
    const found = await lookup(deps, token);
    if (found.kind === 'problem') return found;
    const { token: record, letter } = found.found;
    // Once decided, every valid-looking link of this letter shows the outcome, read-only (friendlier than an error).
    const decided = decidedView(letter, false);
    if (decided) return decided;
    if (tokenState(record, deps.clock.now()) === 'expired') return { kind: 'problem', problem: 'expired' };
    if (!isAwaitingDecision(letter)) return { kind: 'problem', problem: 'unavailable' };
    return { kind: 'pending', summary: summarise(letter), approver: record.approver };
  };

export interface DecideInput {
  readonly token: unknown;
  readonly decision: DecisionKind;
  readonly note?: unknown;
}

/**
 * POST: the griffier's decision. The first decision wins (one DynamoDB transaction: letter awaiting approval
 * without a decision AND token unused, unexpired and bound to this letter). An approval then gets its register
 * number and starts the forward.
 */
export const makeDecide =
  (deps: ApproveLetterDeps) =>
  async (input: DecideInput): Promise<ApprovalView> => {
    const found = await lookup(deps, input.token);
    if (found.kind === 'problem') return found;
    const { token: record, letter } = found.found;
    const now = deps.clock.now();

    if (letter.decision) return afterTheFact(deps, letter);
    const state = tokenState(record, now);
    if (state === 'expired') return { kind: 'problem', problem: 'expired' };
    if (state === 'used' || !isAwaitingDecision(letter)) return { kind: 'problem', problem: 'unavailable' };

    const decision: Decision = { kind: input.decision, by: record.approver, at: now.toISOString(), note: sanitizeNote(input.note) };
    const result = await deps.letters.decide({
      letterId: letter.id,
      tokenHash: record.tokenHash,
      decision,
      history: [{ at: decision.at, event: DECISION_EVENTS[decision.kind], by: decision.by, ...(decision.note && { detail: 'met toelichting' }) }],
      now,
    });
    if (result !== 'decided') {
      // Someone else was first (another approver, a double click): show what they decided.
      const current = await deps.letters.get(letter.id);
      if (current?.decision) return afterTheFact(deps, current);
      return { kind: 'problem', problem: result === 'token_rejected' ? 'expired' : 'unavailable' };
    }

    let decided: Letter = { ...letter, status: statusAfter(decision.kind), decision };
    if (decision.kind === 'approved') {
      const registerNumber = await deps.assignRegisterNumber(decided, now);
      decided = { ...decided, registerNumber };
      await startForward(deps, decided.id);
    }
    return decidedView(decided, true)!;
  };

/**
 * A POST on a letter that is already decided shows the decision and changes nothing, with one exception
 * that cannot send twice: an approved letter whose forward never started (the trigger failed) or failed is
 * triggered again; the forward's own conditional transitions decide whether anything is sent.
 */
const afterTheFact = async (deps: ApproveLetterDeps, letter: Letter): Promise<ApprovalView> => {
  if (letter.decision?.kind === 'approved' && (letter.status === 'approved' || letter.status === 'forward_failed')) {
    await startForward(deps, letter.id);
  }
  return decidedView(letter, false)!;
};

const startForward = async (deps: ApproveLetterDeps, letterId: string): Promise<void> => {
  try {
    await deps.forward.trigger(letterId);
  } catch (err) {
    // The decision stands; the letter stays `approved` and pressing the button again retries the trigger.
    deps.onWarning?.('forward could not be started', { letterId, error: asError(err).message });
  }
};
