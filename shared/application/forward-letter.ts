import { createHash } from 'node:crypto';
import type { ForwardFailure, ForwardFailureCode, ForwardRecord, RegisterNumber } from '../domain/approval.js';
import { FORWARDED_TYPES } from '../domain/attachment-policy.js';
import { asError, LetterFileMissingError, PipelineError, SendNotAcceptedError } from '../domain/errors.js';
import {
  attachmentName,
  coverNote,
  forwardedAttachments,
  forwardHeaders,
  forwardReplyTo,
  forwardSubject,
  forwardText,
  MAX_RECIPIENTS_PER_MESSAGE,
  recipientBatches,
} from '../domain/forward.js';
import type { Letter } from '../domain/letter.js';
import type { AcknowledgementTrigger, Clock, ForwardRateLimiter, LetterFileStore, LetterRepository, MailSender, MessageComposer, OutgoingAttachment } from '../ports.js';

export interface ForwardSettings {
  /** The verified SES identity: From, and the visible To of every forward. */
  readonly griffieAddress: string;
  /** The raadsleden, in BCC. */
  readonly councilList: readonly string[];
  /** The afdoeningsvoorstel for a letter approved before it could be chosen on the page, e.g. "ter kennisname". */
  readonly defaultHandling: string;
  readonly municipality: string;
  /** @default 50 (SES's limit per message) */
  readonly batchSize?: number;
  /**
   * How long a `forwarding` claim blocks a takeover. Longer than the forward function's timeout, so only a run
   * that is certainly dead (crash, timeout) is taken over. @default FORWARD_LEASE_MS (15 minutes)
   */
  readonly leaseMs?: number;
  /** Most letters forwarded per hour (FORWARD_HOURLY_CAP); needs `rateLimiter`. @default no cap */
  readonly hourlyCap?: number;
}

export const FORWARD_LEASE_MS = 15 * 60 * 1000;

/** The Dutch reason recorded when the hourly cap stops a forward; the reconciler retries it later. */
export const FORWARD_CAP_REASON_NL = 'maximum aantal doorzendingen per uur bereikt';

/** The counter's hour for a moment: `2026-02-02T09` (UTC). */
export const forwardHour = (at: Date): string => at.toISOString().slice(0, 13);

/** True when a `forwarding` claim is older than the lease (the run that made it is gone). */
export const isStaleForward = (letter: Pick<Letter, 'status' | 'forwarding'>, now: Date, leaseMs = FORWARD_LEASE_MS): boolean =>
  letter.status === 'forwarding' && Boolean(letter.forwarding) && letter.forwarding!.at < new Date(now.getTime() - leaseMs).toISOString();

export interface ForwardLetterDeps {
  readonly letters: LetterRepository;
  /** The stored copies of the attachments the griffier could open on the page. */
  readonly files: LetterFileStore;
  readonly composer: MessageComposer;
  readonly sender: MailSender;
  readonly clock: Clock;
  readonly settings: ForwardSettings;
  /** The hourly cap's counter (with settings.hourlyCap). */
  readonly rateLimiter?: ForwardRateLimiter;
  /** Starts the acknowledgements to the sender(s) once the letter is forwarded. @default none are sent */
  readonly acknowledge?: AcknowledgementTrigger;
}

export type ForwardOutcome =
  | {
      readonly kind: 'forwarded';
      readonly letterId: string;
      readonly messages: number;
      readonly recipients: number;
      /** Whether the acknowledgements were started (absent when they are not sent at all); the reconciler starts missed ones. */
      readonly acknowledgement?: 'started' | 'not_started';
    }
  | { readonly kind: 'skipped'; readonly letterId: string; readonly status: string }
  | { readonly kind: 'not_found'; readonly letterId: string }
  /** Held back by the hourly cap: forward_failed, retried by the reconciler in a later hour. */
  | { readonly kind: 'deferred'; readonly letterId: string; readonly code: 'FORWARD_CAP_REACHED' }
  /** Failed for good (SES refused it, a file is gone, or it may have been sent): a person looks at it. */
  | { readonly kind: 'failed'; readonly letterId: string; readonly code: ForwardFailureCode };

export type ForwardLetter = (input: { readonly letterId: string }) => Promise<ForwardOutcome>;

/**
 * Forwards an approved letter to the raadsleden: a new message from the griffie, To the griffie, the council in
 * BCC (batches of at most 50), Reply-To the sender's bare address when it was authenticated, subject
 * "<number>. <subject>", a Dutch cover note above the letter's prepared text (exactly what the approval page showed),
 * and the attachments the policy lets through, byte for byte from their stored copies (checked against the SHA-256
 * recorded at ingest). Nothing else from the original message goes along.
 *
 * Never twice for one approval: approved | forward_failed -> forwarding is a conditional claim; a run that finds
 * the letter `forwarding` or `forwarded` does nothing. Each sent batch is recorded at once, so a retry sends
 * only the batches not yet sent.
 *
 * Failures: forwarding -> forward_failed with the error and the attempt count on the record. A permanent one
 * (SES refuses the message, the raw message is gone) returns normally: no Lambda retry, a person looks at it
 * and can trigger it again. A retryable one (throttling, 5xx) is rethrown after recording, so Lambda's async
 * retry claims forward_failed -> forwarding and continues with the next unsent batch.
 *
 * Uncertain: a failure between handing a batch to SES and recording it (no answer, a lost connection, a server
 * error, the record failing) may leave the batch sent, so it becomes forward_failed with FORWARD_UNCERTAIN, not
 * retried by itself: a person checks with a raadslid and sends it again. Only an error answer from SES
 * (SendNotAcceptedError: throttled, quota) is surely unsent and retried.
 *
 * Windows: a crash (the function's timeout) after SES accepted a batch but before it was recorded sends that batch
 * again on the retry. A crash or timeout that leaves the letter in `forwarding` is taken over once the claim is older than
 * the lease (a redelivery, the reconciler or `raadspost reprocess --force`); batches already recorded are skipped.
 *
 * Cap: with `hourlyCap`, each claimed attempt that still has batches to send takes one slot of the hour (so a
 * retried attempt counts again: the cap errs on the side of sending less); when none is left the letter becomes
 * forward_failed with "maximum aantal doorzendingen per uur bereikt" and the reconciler retries it later.
 */
export const makeForwardLetter =
  (deps: ForwardLetterDeps): ForwardLetter =>
  async ({ letterId }) => {
    const { settings, clock } = deps;
    const letter = await deps.letters.get(letterId);
    if (!letter) return { kind: 'not_found', letterId };
    const leaseMs = settings.leaseMs ?? FORWARD_LEASE_MS;
    const stale = isStaleForward(letter, clock.now(), leaseMs);
    if ((letter.status !== 'approved' && letter.status !== 'forward_failed' && !stale) || letter.decision?.kind !== 'approved') {
      return { kind: 'skipped', letterId, status: letter.status };
    }
    const from = letter.status as 'approved' | 'forward_failed' | 'forwarding';
    // Given in the decision's own transaction: an approved letter always has one.
    const registerNumber = letter.registerNumber;
    if (!registerNumber) return { kind: 'skipped', letterId, status: 'approved without a register number' };

    const previousAttempts = letter.forwarding?.attempts ?? 0;
    const startedAt = clock.now().toISOString();
    const record: ForwardRecord = {
      at: startedAt,
      providerMessageIds: letter.forwarding?.providerMessageIds ?? [],
      recipientCount: settings.councilList.length,
      attempts: previousAttempts + 1,
    };
    const claimed = await deps.letters.claimForward(letterId, {
      from,
      previousAttempts,
      record,
      history: [{ at: startedAt, event: stale ? 'doorsturen hervat na onderbreking' : 'doorsturen gestart', detail: `poging ${record.attempts}` }],
      ...(stale && { staleBefore: new Date(clock.now().getTime() - leaseMs).toISOString() }),
    });
    if (!claimed) return { kind: 'skipped', letterId, status: 'claimed elsewhere' };

    // Between handing a batch to SES and recording it: a failure there may leave it sent.
    let inFlight = false;
    try {
      const batches = recipientBatches(settings.councilList, settings.batchSize ?? MAX_RECIPIENTS_PER_MESSAGE);
      const alreadySent = record.providerMessageIds.length;
      if (alreadySent < batches.length && settings.hourlyCap !== undefined && deps.rateLimiter) {
        if (!(await deps.rateLimiter.take(forwardHour(clock.now()), settings.hourlyCap))) {
          const failure: ForwardFailure = { code: 'FORWARD_CAP_REACHED', retryable: true, message: `${FORWARD_CAP_REASON_NL} (${settings.hourlyCap})` };
          await deps.letters.failForward(letterId, {
            failure,
            history: [{ at: clock.now().toISOString(), event: 'doorsturen uitgesteld', detail: `${failure.message}; wordt later opnieuw geprobeerd` }],
          });
          return { kind: 'deferred', letterId, code: 'FORWARD_CAP_REACHED' };
        }
      }
      if (alreadySent < batches.length) {
        const raw = await composeForward(deps, letter, registerNumber);
        for (const batch of batches.slice(alreadySent)) {
          inFlight = true;
          const { providerMessageId } = await deps.sender.sendRaw({ from: settings.griffieAddress, destinations: batch, raw });
          await deps.letters.recordForwardBatch(letterId, providerMessageId);
          inFlight = false;
        }
      }
      const doneAt = clock.now().toISOString();
      await deps.letters.completeForward(letterId, {
        at: doneAt,
        history: [{ at: doneAt, event: 'doorgestuurd aan de raadsleden', detail: `${settings.councilList.length} ontvangers in ${batches.length} bericht(en)` }],
      });
      return {
        kind: 'forwarded',
        letterId,
        messages: batches.length,
        recipients: settings.councilList.length,
        ...(deps.acknowledge && { acknowledgement: await startAcknowledgement(deps.acknowledge, letterId) }),
      };
    } catch (err) {
      // A batch SES may have taken is not sent again by a retry (never twice): a person decides (FORWARD_UNCERTAIN).
      const uncertain = inFlight && !(err instanceof SendNotAcceptedError) && !(err instanceof PipelineError && !err.retryable);
      const permanent = uncertain || (err instanceof PipelineError && !err.retryable);
      const failure: ForwardFailure = {
        code: uncertain ? 'FORWARD_UNCERTAIN' : err instanceof PipelineError ? err.code : 'UNKNOWN',
        retryable: !permanent,
        message: asError(err).message.slice(0, 500),
      };
      await deps.letters.failForward(letterId, {
        failure,
        history: [
          { at: clock.now().toISOString(), event: 'doorsturen mislukt', detail: `${failure.code}: ${failure.message}${permanent ? '' : ' (wordt opnieuw geprobeerd)'}` },
        ],
      });
      if (permanent) return { kind: 'failed', letterId, code: failure.code };
      throw err;
    }
  };

/** The acknowledgement is the sender's news, not the council's: a failure to start it never fails the forward. */
const startAcknowledgement = async (trigger: AcknowledgementTrigger, letterId: string): Promise<'started' | 'not_started'> => {
  try {
    await trigger.trigger(letterId);
    return 'started';
  } catch {
    return 'not_started';
  }
};

/** The forward's bytes: the same for every batch (recipients are envelope-only BCC). */
const composeForward = async (deps: ForwardLetterDeps, letter: Letter, registerNumber: RegisterNumber): Promise<Uint8Array> => {
  const { settings } = deps;
  const attachments: OutgoingAttachment[] = [];
  for (const { attachment, index } of forwardedAttachments(letter.attachments)) {
    const content = await deps.files.get(attachment.fileKey!);
    if (createHash('sha256').update(content).digest('hex') !== attachment.sha256) {
      throw new LetterFileMissingError(`stored copy of attachment ${index} of letter ${letter.id} does not match the SHA-256 recorded at ingest`);
    }
    attachments.push({
      filename: attachmentName(attachment, index),
      contentType: attachment.verdict.forward ? FORWARDED_TYPES[attachment.verdict.type].mime : 'application/octet-stream',
      content,
    });
  }
  const note = coverNote({
    letter,
    registerNumber,
    decision: letter.decision!,
    handling: letter.decision?.handling ?? settings.defaultHandling,
    municipality: settings.municipality,
  });
  const replyTo = forwardReplyTo(letter);
  return deps.composer.compose({
    from: { name: `Griffie ${settings.municipality}`, address: settings.griffieAddress },
    to: [{ name: `Griffie ${settings.municipality}`, address: settings.griffieAddress }],
    ...(replyTo && { replyTo }),
    subject: forwardSubject(registerNumber, letter.subject),
    text: forwardText(note, { from: letter.from, risks: letter.risks, sentAt: letter.sentAt, subject: letter.subject, text: letter.body.text }),
    headers: forwardHeaders(letter.id),
    attachments,
    date: deps.clock.now(),
    messageId: `raadspost.${letter.id}.${registerNumber.year}-${registerNumber.label}@${settings.griffieAddress.split('@')[1] ?? 'raadspost.invalid'}`,
  });
};
