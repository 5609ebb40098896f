import { LetterFileMissingError, RawMailMissingError } from '../domain/errors.js';
import { fileKeysOf } from '../domain/letter.js';
import { retentionOf, type RetentionPolicy } from '../domain/retention.js';
import type { Clock, LetterFileStore, LetterRepository, RawMailStore } from '../ports.js';
import type { ForwardLetter } from './forward-letter.js';

export interface RecordRetentionDeps {
  readonly letters: LetterRepository;
  readonly rawMail: RawMailStore;
  /** The attachment copies: tagged `record` too (they count from their creation; the raw mail is the record). */
  readonly files: LetterFileStore;
  readonly clock: Clock;
  readonly retention: RetentionPolicy;
}

export type RecordRetentionOutcome = 'started' | 'already_started' | 'not_decided';

/** Starts a decided letter's retention as an archival record; the forward function runs it after every forward. */
export type RecordRetention = (letterId: string) => Promise<RecordRetentionOutcome>;

/**
 * A letter to the council is handled when the griffier decides: from then on it is kept as a record (at least five
 * years). S3 counts from an object's creation, so its raw mail is stored again now (same bytes, new version, tag
 * `record`), and the record's own expiry is set to match. Idempotent: a letter whose record retention has started is
 * left alone.
 *
 * Runs in the forward function (which may read and rewrite raw mail; the approval page may not): after each forward
 * of an approved letter, and for a rejected one when the reconciler hands it over (within the hour).
 */
export const makeRecordRetention =
  (deps: RecordRetentionDeps): RecordRetention =>
  async (letterId) => {
    const letter = await deps.letters.get(letterId);
    if (!letter?.decision) return 'not_decided';
    if (letter.retention?.kind === 'record') return 'already_started';
    const now = deps.clock.now();
    const retention = retentionOf(letter, deps.retention, now);
    try {
      await deps.rawMail.restartRetention(letter.rawObjectKey, retention.kind, now);
    } catch (err) {
      // Nothing left to keep of the raw mail; the record still gets its term.
      if (!(err instanceof RawMailMissingError)) throw err;
    }
    for (const fileKey of fileKeysOf(letter)) {
      try {
        await deps.files.setRetention(fileKey, retention.kind);
      } catch (err) {
        if (!(err instanceof LetterFileMissingError)) throw err;
      }
    }
    await deps.letters.recordRetention(letterId, retention);
    return 'started';
  };

/**
 * The forward function's work: forward the letter (when approved), then start its retention, whatever the forward
 * did. A failure of either fails the invocation, and Lambda's retry repeats only what is not done yet.
 */
export const forwardThenRecordRetention =
  (forwardLetter: ForwardLetter, recordRetention: RecordRetention): ForwardLetter =>
  async (input) => {
    try {
      return await forwardLetter(input);
    } finally {
      await recordRetention(input.letterId);
    }
  };
