import type { Letter, LetterStatus } from '../domain/letter.js';
import { UNKNOWN_VERDICTS } from '../domain/verdicts.js';
import type { LetterRepository } from '../ports.js';
import type { ForwardLetter, ForwardOutcome } from './forward-letter.js';
import type { IngestMail, IngestOutcome } from './ingest-mail.js';
import type { RequestApproval, RequestApprovalOutcome } from './request-approval.js';

export interface ReprocessDeps {
  readonly letters: LetterRepository;
  readonly ingestMail: IngestMail;
  readonly requestApproval: RequestApproval;
  readonly forwardLetter: ForwardLetter;
  readonly rawMailPrefix: string;
}

export type ReprocessOutcome =
  | { readonly kind: 'ingested'; readonly outcome: IngestOutcome }
  | { readonly kind: 'approval'; readonly outcome: RequestApprovalOutcome }
  | { readonly kind: 'forward'; readonly outcome: ForwardOutcome }
  | { readonly kind: 'refused'; readonly status: LetterStatus; readonly reason: string };

/** Statuses with nothing left to do: even --force does not touch them (a second forward would be a second mail). */
const FINAL: readonly LetterStatus[] = ['filed', 'rejected', 'forwarded'];

/**
 * Runs one message again (`raadspost reprocess <id> [--force]`).
 *
 * - No record: ingest it (the same as SES's event would).
 * - Quarantined: read it again; the record is replaced only while it is still quarantined (conditional put).
 * - Any other status is refused, unless `force`: then its pending step runs again through the same idempotent
 *   use cases: awaiting approval -> the approval mail (once), approved / forward_failed / a stale forwarding ->
 *   the forward (once). Filed, rejected and forwarded letters are always refused.
 */
export const makeReprocess =
  (deps: ReprocessDeps) =>
  async (input: { readonly messageId: string; readonly force?: boolean }): Promise<ReprocessOutcome> => {
    const { messageId } = input;
    const letter: Letter | undefined = await deps.letters.get(messageId);
    const objectKey = `${deps.rawMailPrefix}${messageId}`;
    if (!letter) return { kind: 'ingested', outcome: await deps.ingestMail({ messageId, objectKey, verdicts: UNKNOWN_VERDICTS }) };
    if (letter.status === 'quarantined') {
      return {
        kind: 'ingested',
        outcome: await deps.ingestMail({ messageId, objectKey: letter.rawObjectKey, receivedAt: letter.receivedAt, verdicts: letter.verdicts, replaceQuarantined: true }),
      };
    }
    if (!input.force || FINAL.includes(letter.status)) {
      return {
        kind: 'refused',
        status: letter.status,
        reason: FINAL.includes(letter.status)
          ? `message ${messageId} is ${letter.status}: nothing left to do`
          : `message ${messageId} is ${letter.status}, not quarantined; reprocess re-reads quarantined messages only. Use --force to run its pending step again (${letter.status === 'awaiting_approval' ? 'the approval mail' : 'the forward'}, sent at most once)`,
      };
    }
    if (letter.status === 'awaiting_approval') return { kind: 'approval', outcome: await deps.requestApproval(letter) };
    return { kind: 'forward', outcome: await deps.forwardLetter({ letterId: messageId }) };
  };
