import { acknowledgementsDue } from '../domain/acknowledgement.js';
import { asError } from '../domain/errors.js';
import type { Letter } from '../domain/letter.js';
import { DEFAULT_SAMENESS_WINDOWS } from '../domain/sameness.js';
import { UNKNOWN_VERDICTS } from '../domain/verdicts.js';
import type { AcknowledgementTrigger, Clock, ForwardTrigger, LetterRepository, RawMailCheckpoint, RawMailStore } from '../ports.js';
import { FORWARD_LEASE_MS, isStaleForward } from './forward-letter.js';
import type { IngestMailInput } from './ingest-mail.js';
import type { RequestApproval } from './request-approval.js';

export interface ReconcileDeps {
  readonly rawMail: RawMailStore;
  readonly letters: LetterRepository;
  /** Where the look at raw mail got to in the last complete run. */
  readonly checkpoint: RawMailCheckpoint;
  /** Ingests one message (in-process, or an asynchronous invoke of the ingest function). */
  readonly ingest: (input: IngestMailInput) => Promise<unknown>;
  /** Starts the forward of an approved letter again (the forward's own claim decides whether anything is sent). */
  readonly forward: ForwardTrigger;
  /** Sends a missing approval mail (its claim makes it a no-op when another run sent it). */
  readonly requestApproval: RequestApproval;
  /** Starts acknowledgements no run finished (each sender's claim makes a second start harmless). @default none */
  readonly acknowledge?: AcknowledgementTrigger;
  readonly clock: Clock;
  readonly settings: {
    readonly rawMailPrefix: string;
    /**
     * How old a raw object, an approval or a forward claim must be before the reconciler steps in (RECONCILE_OLDER_THAN,
     * `--older-than`). Every step is idempotent, so a short grace only does work twice that the pipeline was about to
     * do; the hour leaves room for SES's and Lambda's own retries. @default DEFAULT_GRACE_MS (1 hour)
     */
    readonly graceMs?: number;
    /** The forward claim's lease. @default FORWARD_LEASE_MS */
    readonly forwardLeaseMs?: number;
    /**
     * Days after a campaign's first letter in which residents join it (CAMPAIGN_WINDOW_DAYS): a forwarded campaign is
     * looked at for new residents' acknowledgements that long. @default DEFAULT_SAMENESS_WINDOWS.campaignWindowDays
     */
    readonly campaignWindowDays?: number;
  };
}

/** The independent steps of a run; a failure in one does not skip the others. */
export type ReconcileStep = 'raw_mail' | 'forwards' | 'retention' | 'approvals' | 'acknowledgements';

/** One thing that failed in a run: a step as a whole (no id), or one object or letter of it. */
export interface ReconcileFailure {
  readonly step: ReconcileStep;
  /** The message or letter id, when only that one failed. */
  readonly id?: string;
  readonly message: string;
}

export interface ReconcileReport {
  /** Raw objects without a record, handed to ingest. */
  readonly ingested: readonly string[];
  /** Letters whose forward was started again (approved, stale forwarding, postponed by the hourly cap, transient failure). */
  readonly forwardsRetriggered: readonly string[];
  /** Rejected letters handed to the forward function to start their retention as a record. */
  readonly retentionsStarted: readonly string[];
  /** Letters awaiting approval whose approval mail was sent again. */
  readonly approvalsRequested: readonly string[];
  /** Forwarded letters whose acknowledgements were started again. */
  readonly acknowledgementsStarted: readonly string[];
  /** Raw objects stored before this moment are checked (the checkpoint after this run). */
  readonly rawMailCheckedBefore: string | null;
  /** What failed; empty when the run did everything. The function fails (its error alarm) when this is not empty. */
  readonly failures: readonly ReconcileFailure[];
}

export type Reconcile = () => Promise<ReconcileReport>;

export const DEFAULT_GRACE_MS = 60 * 60 * 1000;

/**
 * Forwarded letters received this long ago or longer are not looked at again for their acknowledgements (the reads
 * stay bounded): a campaign's window and a week more, since residents who join a forwarded campaign are acknowledged
 * only by the reconciler.
 */
export const acknowledgementLookbackMs = (campaignWindowDays: number): number => (campaignWindowDays + 7) * 24 * 60 * 60 * 1000;

/**
 * Objects this much older than the checkpoint are looked at again. S3's LastModified is when an upload began, so
 * an object whose upload ended after the last run may carry an earlier time; SES's uploads take seconds, not minutes.
 */
export const CHECKPOINT_OVERLAP_MS = 15 * 60 * 1000;

/** SES writes this object under the prefix when the S3 action is set up; it is not mail. */
const SES_SETUP_OBJECT = 'AMAZON_SES_SETUP_NOTIFICATION';

/**
 * Finds what fell between the cracks and puts it back on its way. Every step it calls is idempotent, so running
 * it twice, or at the same time as the pipeline, changes nothing twice.
 *
 * Primary course (each step runs even when another failed; failures are collected in the report):
 * 1. Every raw message under the prefix stored since the last complete run (the checkpoint) and older than the grace
 *    period that has no record is ingested (SES's event was lost, or every ingest attempt failed before a record was
 *    written). The SES verdicts are not known any more: the record says so (DISABLED), and the approval page shows
 *    the checks as not passed. When every object was handled, the checkpoint moves up to the grace bound.
 * 2. Letters stuck after approval are started again: `approved` longer than the grace period, `forwarding` with a
 *    claim older than the lease, `forward_failed` by the hourly cap or a transient error.
 * 2a. Rejected letters whose retention as a record has not started go to the forward function, which starts it
 *    (shared/application/record-retention.ts; the approval page cannot touch raw mail). An approved letter's starts
 *    in the forward function's own run.
 * 3. Letters awaiting approval whose approval mail never went out get it.
 * 4. With acknowledgements on: forwarded letters (received within the campaign window and a week) with senders no run reached
 *    (acknowledgementsDue: the run never started, ended early, or the campaign counted more letters since) get a run. (Quarantined messages are in the daily overview: shared/application/daily-overview.ts.)
 */
export const makeReconcile =
  (deps: ReconcileDeps): Reconcile =>
  async () => {
    const now = deps.clock.now();
    const graceMs = deps.settings.graceMs ?? DEFAULT_GRACE_MS;
    const settledBefore = new Date(now.getTime() - graceMs).toISOString();
    const failures: ReconcileFailure[] = [];
    /** Runs one piece of work; a failure is recorded and the run goes on. */
    const attempt = async <T>(step: ReconcileStep, id: string | undefined, work: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await work();
      } catch (err) {
        failures.push({ step, ...(id !== undefined && { id }), message: asError(err).message });
        return undefined;
      }
    };

    const { ingested, checkedBefore } = await sweepRawMail(deps, settledBefore, attempt);

    const forwardsRetriggered: string[] = [];
    const leaseMs = deps.settings.forwardLeaseMs ?? FORWARD_LEASE_MS;
    const afterApproval = await attempt('forwards', undefined, () => deps.letters.listByStatus(['approved', 'forwarding', 'forward_failed']));
    for (const letter of afterApproval ?? []) {
      if (!needsForward(letter, now, settledBefore, leaseMs)) continue;
      const done = await attempt('forwards', letter.id, async () => {
        await deps.forward.trigger(letter.id);
        return true;
      });
      if (done) forwardsRetriggered.push(letter.id);
    }

    const retentionsStarted: string[] = [];
    const rejected = await attempt('retention', undefined, () => deps.letters.listByStatus(['rejected']));
    for (const letter of rejected ?? []) {
      if (letter.retention?.kind === 'record') continue;
      const done = await attempt('retention', letter.id, async () => {
        await deps.forward.trigger(letter.id);
        return true;
      });
      if (done) retentionsStarted.push(letter.id);
    }

    const approvalsRequested: string[] = [];
    const awaiting = await attempt('approvals', undefined, () => deps.letters.listByStatus(['awaiting_approval']));
    for (const letter of awaiting ?? []) {
      if (letter.approvalRequest?.state === 'sent' || letter.receivedAt >= settledBefore) continue;
      const outcome = await attempt('approvals', letter.id, () => deps.requestApproval(letter));
      if (outcome?.kind === 'sent') approvalsRequested.push(letter.id);
    }

    const acknowledgementsStarted: string[] = [];
    if (deps.acknowledge) {
      const trigger = deps.acknowledge;
      const lookback = acknowledgementLookbackMs(deps.settings.campaignWindowDays ?? DEFAULT_SAMENESS_WINDOWS.campaignWindowDays);
      const receivedFrom = new Date(now.getTime() - lookback).toISOString();
      const forwarded = await attempt('acknowledgements', undefined, () => deps.letters.listByStatus(['forwarded'], { receivedFrom }));
      for (const letter of forwarded ?? []) {
        if (!acknowledgementsDue(letter) || !letter.forwarding || letter.forwarding.at >= settledBefore) continue;
        const done = await attempt('acknowledgements', letter.id, async () => {
          await trigger.trigger(letter.id);
          return true;
        });
        if (done) acknowledgementsStarted.push(letter.id);
      }
    }
    return {
      ingested,
      forwardsRetriggered,
      retentionsStarted,
      approvalsRequested,
      acknowledgementsStarted,
      rawMailCheckedBefore: checkedBefore ?? null,
      failures,
    };
  };

type Attempt = <T>(step: ReconcileStep, id: string | undefined, work: () => Promise<T>) => Promise<T | undefined>;

/**
 * Step 1. S3 cannot list by time and SES's message ids are random, so every page of the prefix is listed (1,000 keys
 * per request, no object read); only objects stored in [checkpoint - overlap, settledBefore) are looked up.
 */
async function sweepRawMail(
  deps: ReconcileDeps,
  settledBefore: string,
  attempt: Attempt,
): Promise<{ ingested: string[]; checkedBefore: string | undefined }> {
  const prefix = deps.settings.rawMailPrefix;
  const ingested: string[] = [];
  let complete = true;
  /** One piece of this step (its work never returns undefined): a failure also keeps the checkpoint where it was. */
  const fail = <T>(id: string | undefined, work: () => Promise<T>) =>
    attempt('raw_mail', id, work).then((result) => {
      if (result === undefined) complete = false;
      return result;
    });

  const checkpoint = await fail(undefined, async () => ({ at: await deps.checkpoint.get() }));
  if (!checkpoint) return { ingested, checkedBefore: undefined };
  const from = checkpoint.at ? new Date(Date.parse(checkpoint.at) - CHECKPOINT_OVERLAP_MS).toISOString() : '';

  let cursor: string | undefined;
  do {
    const page = await fail(undefined, () => deps.rawMail.list(prefix, cursor));
    if (!page) break;
    for (const { key, lastModified } of page.objects) {
      const messageId = key.slice(prefix.length);
      if (!messageId || messageId.includes('/') || messageId === SES_SETUP_OBJECT) continue;
      if (lastModified >= settledBefore || lastModified < from) continue;
      const handled = await fail(messageId, async () => {
        if (await deps.letters.get(messageId)) return 'recorded';
        await deps.ingest({ messageId, objectKey: key, receivedAt: lastModified, verdicts: UNKNOWN_VERDICTS });
        return 'ingested';
      });
      if (handled === 'ingested') ingested.push(messageId);
    }
    cursor = page.cursor;
  } while (cursor);

  if (!complete) return { ingested, checkedBefore: checkpoint.at };
  if (checkpoint.at && checkpoint.at >= settledBefore) return { ingested, checkedBefore: checkpoint.at };
  const advanced = await fail(undefined, async () => {
    await deps.checkpoint.advance(settledBefore);
    return true;
  });
  return { ingested, checkedBefore: advanced ? settledBefore : checkpoint.at };
}

const needsForward = (letter: Letter, now: Date, settledBefore: string, leaseMs: number): boolean => {
  if (letter.decision?.kind !== 'approved') return false;
  if (letter.status === 'approved') return letter.decision.at < settledBefore;
  if (letter.status === 'forwarding') return isStaleForward(letter, now, leaseMs);
  if (letter.status === 'forward_failed') return letter.forwarding?.failure?.retryable === true;
  return false;
};
