import { QUARANTINE_REASONS_NL } from '../domain/errors.js';
import { formatDutchDateTime } from '../domain/dutch-time.js';
import { quarantinedLetter } from '../domain/letter.js';
import { UNKNOWN_VERDICTS } from '../domain/verdicts.js';
import type { Clock, LetterRepository } from '../ports.js';
import type { NotifyGriffie } from './notify-griffie.js';

/** An event that failed every attempt of a function, as its on-failure destination delivered it. */
export type DeadLetter =
  | { readonly kind: 'ingest'; readonly messageId: string; readonly error: string; readonly failedAt: string }
  | { readonly kind: 'forward'; readonly letterId: string; readonly error: string; readonly failedAt: string };

export interface HandleDeadLetterDeps {
  readonly letters: LetterRepository;
  readonly notify: NotifyGriffie;
  readonly clock: Clock;
  /** Key prefix of the raw mail (`<prefix><messageId>`). */
  readonly rawMailPrefix: string;
}

export type DeadLetterOutcome = {
  readonly kind: DeadLetter['kind'];
  readonly id: string;
  /** What the record says now. */
  readonly recorded: 'quarantined' | 'forward_failed' | 'unchanged' | 'not_found';
};

export type HandleDeadLetter = (deadLetter: DeadLetter) => Promise<DeadLetterOutcome>;

const ERROR_CHARS = 300;

/**
 * Handles one dead letter, so no message is lost silently.
 *
 * Primary course:
 * 1. Ingest failed for good: the message gets a quarantined record (INGEST_FAILED, with the error) unless it
 *    already has a record (then that record says where it stands, and the reconciler finishes what is left).
 * 2. Forward failed for good: a letter left in `forwarding` becomes forward_failed with the error.
 * 3. The griffie gets a Dutch mail: which message, when, what went wrong, how to process it again.
 *
 * Idempotent: a redelivered dead letter finds the record already changed and changes nothing; only the
 * notification may be sent twice (harmless). Errors propagate, so SQS delivers the dead letter again.
 */
export const makeHandleDeadLetter =
  (deps: HandleDeadLetterDeps): HandleDeadLetter =>
  async (deadLetter) => {
    const error = deadLetter.error.slice(0, ERROR_CHARS);
    const now = deps.clock.now().toISOString();
    if (deadLetter.kind === 'ingest') {
      const { messageId } = deadLetter;
      const existing = await deps.letters.get(messageId);
      let recorded: DeadLetterOutcome['recorded'] = 'unchanged';
      if (!existing) {
        const letter = quarantinedLetter({
          id: messageId,
          rawObjectKey: `${deps.rawMailPrefix}${messageId}`,
          sizeBytes: 0,
          receivedAt: deadLetter.failedAt,
          quarantine: { code: 'INGEST_FAILED', reason: QUARANTINE_REASONS_NL.INGEST_FAILED, detail: error },
          verdicts: UNKNOWN_VERDICTS,
          category: 'spam',
          reasons: [QUARANTINE_REASONS_NL.INGEST_FAILED],
        });
        recorded = (await deps.letters.createIfAbsent({ ...letter, history: [{ at: now, event: 'verwerking mislukt', detail: error }] })) === 'created' ? 'quarantined' : 'unchanged';
      }
      await deps.notify({
        ref: messageId,
        subject: `Raadspost: bericht ${messageId} kon niet worden verwerkt`,
        text: [
          'Beste griffie,',
          '',
          'Een binnengekomen bericht kon na herhaalde pogingen niet worden verwerkt.',
          '',
          `Bericht-id:  ${messageId}`,
          `Mislukt op:  ${formatDutchDateTime(deadLetter.failedAt)}`,
          `Status:      ${existing ? existing.status : 'in quarantaine (INGEST_FAILED)'}`,
          `Foutmelding: ${error}`,
          '',
          'Het originele bericht is bewaard. Laat het opnieuw verwerken met:',
          `  npx raadspost reprocess ${messageId}`,
          '',
          'Dit is een automatisch bericht van Raadspost.',
        ].join('\n'),
      });
      return { kind: 'ingest', id: messageId, recorded };
    }

    const { letterId } = deadLetter;
    const letter = await deps.letters.get(letterId);
    if (!letter) return { kind: 'forward', id: letterId, recorded: 'not_found' };
    let recorded: DeadLetterOutcome['recorded'] = letter.status === 'forward_failed' ? 'forward_failed' : 'unchanged';
    if (letter.status === 'forwarding') {
      await deps.letters.failForward(letterId, {
        failure: { code: 'FORWARD_FAILED', retryable: true, message: error },
        history: [{ at: now, event: 'doorsturen mislukt', detail: `alle pogingen mislukt: ${error}` }],
      });
      recorded = 'forward_failed';
    }
    await deps.notify({
      ref: letterId,
      subject: `Raadspost: doorsturen van ${letter.registerNumber ? `stuk ${letter.registerNumber.label}` : `bericht ${letterId}`} mislukt`,
      text: [
        'Beste griffie,',
        '',
        'Een goedgekeurde brief kon na herhaalde pogingen niet aan de raadsleden worden doorgestuurd.',
        '',
        `Bericht-id:  ${letterId}`,
        ...(letter.registerNumber ? [`Nummer:      ${letter.registerNumber.label}`] : []),
        `Ontvangen:   ${formatDutchDateTime(letter.receivedAt)}`,
        `Status:      ${recorded === 'unchanged' ? letter.status : 'forward_failed'}`,
        `Foutmelding: ${error}`,
        '',
        'Probeer het opnieuw met:',
        `  npx raadspost reprocess ${letterId} --force`,
        '',
        'Dit is een automatisch bericht van Raadspost.',
      ].join('\n'),
    });
    return { kind: 'forward', id: letterId, recorded };
  };
