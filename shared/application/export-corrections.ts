import { labelLine, type CorrectionRecord } from '../domain/correction.js';
import { asError, RawMailMissingError } from '../domain/errors.js';
import type { LetterRepository, RawMailStore } from '../ports.js';

export interface ExportCorrectionsDeps {
  readonly letters: Pick<LetterRepository, 'listCorrections'>;
  readonly rawMail: Pick<RawMailStore, 'get'>;
  /** Writes one file of the evaluation set (a raw message, or labels.jsonl). */
  readonly write: (name: string, content: Uint8Array) => Promise<void>;
}

export interface ExportCorrectionsReport {
  /** Corrected messages written with their label. */
  readonly written: number;
  /** Corrections whose raw message is gone (kept shorter than the log): listed, not written. */
  readonly missing: readonly string[];
}

/** The file name of a corrected message: its id, with anything but letters, digits, dot, dash and underscore made `_`. */
export const correctedFileName = (letterId: string): string => `${letterId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;

/**
 * The griffie's corrections as an evaluation set: every corrected raw message as `<id>.eml` and a `labels.jsonl` with
 * one `{"file", "category", ...}` per message (the griffie's category; `raadspost score <dir>` reads it). A message
 * corrected twice (put before the council, then rejected as no letter after all) counts with its last correction.
 */
export const makeExportCorrections =
  (deps: ExportCorrectionsDeps) =>
  async (): Promise<ExportCorrectionsReport> => {
    const latest = new Map<string, CorrectionRecord>();
    for (const record of await deps.letters.listCorrections()) latest.set(record.letterId, record);
    const lines: string[] = [];
    const missing: string[] = [];
    for (const record of latest.values()) {
      let raw: Uint8Array;
      try {
        raw = await deps.rawMail.get(record.rawObjectKey);
      } catch (err) {
        if (!(err instanceof RawMailMissingError)) throw new Error(`reading the raw message of ${record.letterId} failed: ${asError(err).message}`, { cause: err });
        missing.push(record.letterId);
        continue;
      }
      const file = correctedFileName(record.letterId);
      await deps.write(file, raw);
      lines.push(labelLine(record, file));
    }
    await deps.write('labels.jsonl', Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8'));
    return { written: lines.length, missing };
  };
