import { formatDutchDateTime } from '../domain/dutch-time.js';
import type { Letter } from '../domain/letter.js';
import { UNKNOWN_VERDICTS } from '../domain/verdicts.js';
import type { Clock, ForwardTrigger, LetterRepository, RawMailStore } from '../ports.js';
import { FORWARD_LEASE_MS, isStaleForward } from './forward-letter.js';
import type { IngestMailInput } from './ingest-mail.js';
import type { NotifyGriffie } from './notify-griffie.js';
import type { RequestApproval } from './request-approval.js';

export interface ReconcileDeps {
  readonly rawMail: RawMailStore;
  readonly letters: LetterRepository;
  /** Ingests one message (in-process, or an asynchronous invoke of the ingest function). */
  readonly ingest: (input: IngestMailInput) => Promise<unknown>;
  /** Starts the forward of an approved letter again (the forward's own claim decides whether anything is sent). */
  readonly forward: ForwardTrigger;
  /** Sends a missing approval mail (its claim makes it a no-op when another run sent it). */
  readonly requestApproval: RequestApproval;
  readonly notify: NotifyGriffie;
  readonly clock: Clock;
  readonly settings: {
    readonly rawMailPrefix: string;
    /**
     * How old a raw object, an approval or a forward claim must be before the reconciler steps in: longer than
     * SES's and Lambda's own retries (async retries run for up to 6 hours with maxEventAge; here the default is
     * one hour because every step is idempotent). @default 1 hour
     */
    readonly graceMs?: number;
    /** The forward claim's lease. @default FORWARD_LEASE_MS */
    readonly forwardLeaseMs?: number;
  };
}

export interface ReconcileInput {
  /** Also mail the griffie the overview of quarantined messages (the daily run). @default false */
  readonly overview?: boolean;
}

export interface ReconcileReport {
  /** Raw objects without a record, handed to ingest. */
  readonly ingested: readonly string[];
  /** Letters whose forward was started again (approved, stale forwarding, postponed by the hourly cap, transient failure). */
  readonly forwardsRetriggered: readonly string[];
  /** Letters awaiting approval whose approval mail was sent again. */
  readonly approvalsRequested: readonly string[];
  /** Quarantined messages in the overview (when asked). */
  readonly quarantined: readonly string[];
  readonly overviewSent: boolean;
}

export type Reconcile = (input?: ReconcileInput) => Promise<ReconcileReport>;

export const DEFAULT_GRACE_MS = 60 * 60 * 1000;

/** SES writes this object under the prefix when the S3 action is set up; it is not mail. */
const SES_SETUP_OBJECT = 'AMAZON_SES_SETUP_NOTIFICATION';

/**
 * Finds what fell between the cracks and puts it back on its way. Every step it calls is idempotent, so running
 * it twice, or at the same time as the pipeline, changes nothing twice.
 *
 * Primary course:
 * 1. Every raw message under the prefix older than the grace period that has no record is ingested (SES's
 *    event was lost, or every ingest attempt failed before a record was written). The SES verdicts are not
 *    known any more: the record says so (DISABLED), and the approval page shows the checks as not passed.
 * 2. Letters stuck after approval are started again: `approved` longer than the grace period, `forwarding` with a
 *    claim older than the lease, `forward_failed` by the hourly cap or a transient error.
 * 3. Letters awaiting approval whose approval mail never went out get it.
 * 4. With `overview`: the griffie gets a Dutch list of the quarantined messages (id, received, code, reason).
 */
export const makeReconcile =
  (deps: ReconcileDeps): Reconcile =>
  async (input = {}) => {
    const now = deps.clock.now();
    const graceMs = deps.settings.graceMs ?? DEFAULT_GRACE_MS;
    const settledBefore = new Date(now.getTime() - graceMs).toISOString();
    const prefix = deps.settings.rawMailPrefix;

    const ingested: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.rawMail.list(prefix, cursor);
      for (const { key, lastModified } of page.objects) {
        const messageId = key.slice(prefix.length);
        if (!messageId || messageId.includes('/') || messageId === SES_SETUP_OBJECT || lastModified >= settledBefore) continue;
        if (await deps.letters.get(messageId)) continue;
        await deps.ingest({ messageId, objectKey: key, receivedAt: lastModified, verdicts: UNKNOWN_VERDICTS });
        ingested.push(messageId);
      }
      cursor = page.cursor;
    } while (cursor);

    const open = await deps.letters.listByStatus(['awaiting_approval', 'approved', 'forwarding', 'forward_failed', 'quarantined']);
    const forwardsRetriggered: string[] = [];
    const approvalsRequested: string[] = [];
    for (const letter of open) {
      if (needsForward(letter, now, settledBefore, deps.settings.forwardLeaseMs ?? FORWARD_LEASE_MS)) {
        await deps.forward.trigger(letter.id);
        forwardsRetriggered.push(letter.id);
      } else if (letter.status === 'awaiting_approval' && letter.approvalRequest?.state !== 'sent' && letter.receivedAt < settledBefore) {
        const outcome = await deps.requestApproval(letter);
        if (outcome.kind === 'sent') approvalsRequested.push(letter.id);
      }
    }

    const quarantined = open.filter((l) => l.status === 'quarantined').sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    let overviewSent = false;
    if (input.overview && quarantined.length > 0) {
      await deps.notify({ ref: `overzicht-${now.toISOString().slice(0, 10)}`, subject: overviewSubject(quarantined.length), text: overviewText(quarantined) });
      overviewSent = true;
    }
    return { ingested, forwardsRetriggered, approvalsRequested, quarantined: quarantined.map((l) => l.id), overviewSent };
  };

const needsForward = (letter: Letter, now: Date, settledBefore: string, leaseMs: number): boolean => {
  if (letter.decision?.kind !== 'approved') return false;
  if (letter.status === 'approved') return letter.decision.at < settledBefore;
  if (letter.status === 'forwarding') return isStaleForward(letter, now, leaseMs);
  if (letter.status === 'forward_failed') return letter.forwarding?.failure?.retryable === true;
  return false;
};

const overviewSubject = (count: number): string =>
  `Raadspost: ${count} ${count === 1 ? 'bericht' : 'berichten'} in quarantaine`;

/** The daily overview: one block per message, oldest first. No mail content: ids, dates, codes and our own reasons. */
export const overviewText = (quarantined: readonly Letter[]): string =>
  [
    'Beste griffie,',
    '',
    'Deze binnengekomen berichten staan in quarantaine: Raadspost heeft ze niet verwerkt. Het origineel is steeds bewaard.',
    '',
    ...quarantined.flatMap((l) => [
      `Bericht-id: ${l.id}`,
      `Ontvangen:  ${formatDutchDateTime(l.receivedAt)}`,
      `Code:       ${l.quarantine?.code ?? 'onbekend'}`,
      `Reden:      ${l.quarantine?.reason ?? 'onbekend'}`,
      '',
    ]),
    'Opnieuw verwerken (bijvoorbeeld na een storing): npx raadspost reprocess <bericht-id>',
    '',
    'Dit is een automatisch bericht van Raadspost.',
  ].join('\n');
