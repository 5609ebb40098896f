import { hashToken, isWellFormedToken, purposeOf, summarise, tokenState, type ApprovalToken, type LetterSummary, type TokenPurpose } from '../domain/approval.js';
import { isForwardable, type Category } from '../domain/category.js';
import { correctionOf, type Correction } from '../domain/correction.js';
import { asError, LetterFileMissingError, RawMailMissingError } from '../domain/errors.js';
import { fileKeysOf, type Letter, type LetterStatus } from '../domain/letter.js';
import { retentionOf, type RetentionPolicy } from '../domain/retention.js';
import { mayChange } from '../domain/letter-life.js';
import { wooTerm, type WooMarking, type WooTerm } from '../domain/woo.js';
import type { ApprovalTokenStore, Clock, LetterFileStore, LetterRepository, RawMailStore } from '../ports.js';
import type { LinkProblem } from './approve-letter.js';
import type { MakeRegisterList } from './register-list.js';
import type { RequestApproval, RequestApprovalOutcome } from './request-approval.js';
import type { RegisterList } from '../domain/register-list.js';

export interface ReviewDeps {
  readonly letters: LetterRepository;
  readonly tokens: ApprovalTokenStore;
  /** The normal approval mail, for a message put before the council. */
  readonly requestApproval: RequestApproval;
  readonly makeList: MakeRegisterList;
  /**
   * A corrected message keeps what it is now (shared/domain/retention.ts): one put before the council is pending (kept
   * until decided), a Woo request a record. Its raw mail and attachment copies are tagged, its record's expiry set.
   * @default nothing is retagged (tests that are not about retention)
   */
  readonly retention?: {
    readonly policy: RetentionPolicy;
    readonly rawMail: Pick<RawMailStore, 'setRetention'>;
    readonly files: Pick<LetterFileStore, 'setRetention'>;
  };
  readonly clock: Clock;
  /** Reports a failure that must not change the answer (the approval mail could not be sent yet: the reconciler will). */
  readonly onWarning?: (message: string, detail: Record<string, unknown>) => void;
}

/** What the page of a filed message shows. */
export type ReviewView =
  | { readonly kind: 'problem'; readonly problem: LinkProblem }
  | {
      readonly kind: 'message';
      readonly summary: LetterSummary;
      readonly status: LetterStatus;
      /** It can still be put before the council or marked (filed, not corrected yet). */
      readonly correctable: boolean;
      /** A copy: the message it is a copy of. */
      readonly copyOf?: { readonly subject: string; readonly status: LetterStatus };
      /** A Woo request (as classified): its term. */
      readonly woo?: WooTerm;
    }
  | {
      readonly kind: 'corrected';
      readonly summary: LetterSummary;
      readonly status: LetterStatus;
      readonly correction: Correction;
      readonly woo?: WooMarking;
      /** True only for the request that made the correction. */
      readonly justNow: boolean;
      /** What became of the approval mail (a message put before the council just now). */
      readonly approval?: RequestApprovalOutcome | { readonly kind: 'not_sent_yet' };
    };

type Found = { readonly kind: 'found'; readonly token: ApprovalToken } | { readonly kind: 'problem'; readonly problem: LinkProblem };

/** A token of this purpose that has not expired; any other token reads as invalid (nothing to learn by guessing). */
const findToken = async (deps: ReviewDeps, token: unknown, purpose: TokenPurpose): Promise<Found> => {
  if (!isWellFormedToken(token)) return { kind: 'problem', problem: 'invalid' };
  const record = await deps.tokens.find(hashToken(token));
  if (!record || purposeOf(record) !== purpose) return { kind: 'problem', problem: 'invalid' };
  if (tokenState(record, deps.clock.now()) === 'expired') return { kind: 'problem', problem: 'expired' };
  return { kind: 'found', token: record };
};

const view = async (deps: ReviewDeps, letter: Letter, justNow = false, approval?: RequestApprovalOutcome | { readonly kind: 'not_sent_yet' }): Promise<ReviewView> => {
  const summary = summarise(letter);
  if (letter.correction && (letter.correction.kind === 'submitted_to_council' || letter.correction.kind === 'woo_request')) {
    return { kind: 'corrected', summary, status: letter.status, correction: letter.correction, ...(letter.woo && { woo: letter.woo }), justNow, ...(approval && { approval }) };
  }
  const first = letter.duplicateOf ? await deps.letters.get(letter.duplicateOf) : undefined;
  return {
    kind: 'message',
    summary,
    status: letter.status,
    correctable: mayChange('submitToCouncil', letter.status) && !letter.correction,
    ...(first && { copyOf: { subject: first.subject, status: first.status } }),
    ...(letter.category === 'woo_request' && { woo: wooTerm(letter.receivedAt) }),
  };
};

/** GET: the page of a filed message from the daily overview. Reads only (mail scanners open links first). */
export const makeShowFiled =
  (deps: ReviewDeps) =>
  async (token: unknown): Promise<ReviewView> => {
    const found = await findToken(deps, token, 'review');
    if (found.kind === 'problem') return found;
    const letter = await deps.letters.get(found.token.letterId);
    return letter ? view(deps, letter) : { kind: 'problem', problem: 'invalid' };
  };

export type ReviewAction = { readonly kind: 'submit'; readonly as: Category } | { readonly kind: 'markWoo' };

/**
 * POST: put a filed message before the council ("Voorleggen aan de raad": it becomes a letter awaiting approval, and
 * the normal approval mail follows), or mark it as a Woo request (it stays filed, with the day it came in and its term).
 * One transaction checks that it is still filed and uncorrected and that this link is unused; the correction is kept
 * with the classifier's own verdict. A second request (another approver, a double click) changes nothing.
 */
export const makeCorrectFiled =
  (deps: ReviewDeps) =>
  async (token: unknown, action: ReviewAction): Promise<ReviewView> => {
    const found = await findToken(deps, token, 'review');
    if (found.kind === 'problem') return found;
    const letter = await deps.letters.get(found.token.letterId);
    if (!letter) return { kind: 'problem', problem: 'invalid' };
    if (action.kind === 'submit' && !isForwardable(action.as)) throw new RangeError(`a message put before the council is a letter, not ${action.as}`);
    const now = deps.clock.now();
    const at = now.toISOString();
    const by = found.token.approver;
    const submit = action.kind === 'submit';
    const correction = correctionOf(letter, submit ? 'submitted_to_council' : 'woo_request', submit ? action.as : 'woo_request', by, at);
    const woo: WooMarking | undefined = submit ? undefined : { ...wooTerm(letter.receivedAt), markedAt: at, markedBy: by };
    const result = await deps.letters.correctFiled({
      letterId: letter.id,
      tokenHash: found.token.tokenHash,
      change: submit ? 'submitToCouncil' : 'markWoo',
      correction,
      ...(woo && { woo }),
      history: [{ at, event: submit ? 'voorgelegd aan de raad' : 'gemarkeerd als Woo-verzoek', by, detail: `Raadspost had het opgeborgen als ${letter.category}` }],
      now,
    });
    const current = (await deps.letters.get(letter.id)) ?? letter;
    if (result !== 'corrected') return result === 'token_rejected' && !current.correction ? { kind: 'problem', problem: 'unavailable' } : view(deps, current);
    await keepAsCorrected(deps, current, now);
    if (!submit) return view(deps, current, true);
    let approval: RequestApprovalOutcome | { readonly kind: 'not_sent_yet' };
    try {
      approval = await deps.requestApproval(current);
    } catch (err) {
      deps.onWarning?.('approval mail after voorleggen not sent yet', { letterId: letter.id, error: asError(err).message });
      approval = { kind: 'not_sent_yet' };
    }
    return view(deps, (await deps.letters.get(letter.id)) ?? current, true, approval);
  };

/**
 * The corrected message's retention: a filed newsletter was kept for a short time; put before the council it is
 * pending, marked as a Woo request a record. A failure is reported, not raised: the correction itself is made (the
 * reconciler does not look at this; the record keeps its old term until someone corrects it again).
 */
const keepAsCorrected = async (deps: ReviewDeps, letter: Letter, now: Date): Promise<void> => {
  if (!deps.retention) return;
  const { policy, rawMail, files } = deps.retention;
  const retention = retentionOf(letter, policy, now);
  try {
    await rawMail.setRetention(letter.rawObjectKey, retention.kind).catch((err: unknown) => {
      if (!(err instanceof RawMailMissingError)) throw err;
    });
    for (const key of fileKeysOf(letter)) {
      await files.setRetention(key, retention.kind).catch((err: unknown) => {
        if (!(err instanceof LetterFileMissingError)) throw err;
      });
    }
    await deps.letters.recordRetention(letter.id, retention);
  } catch (err) {
    deps.onWarning?.('retention of a corrected message not recorded', { letterId: letter.id, kind: retention.kind, error: asError(err).message });
  }
};

/** What a list link answers. */
export type ListView = { readonly kind: 'problem'; readonly problem: LinkProblem } | { readonly kind: 'list'; readonly list: RegisterList };

/** GET: the lijst ingekomen stukken of the link's period (read only; the link may be opened again). */
export const makeOpenList =
  (deps: ReviewDeps) =>
  async (token: unknown, publicVersion: boolean): Promise<ListView> => {
    const found = await findToken(deps, token, 'list');
    if (found.kind === 'problem') return found;
    if (!found.token.period) return { kind: 'problem', problem: 'invalid' };
    return { kind: 'list', list: await deps.makeList({ period: found.token.period, public: publicVersion }) };
  };
