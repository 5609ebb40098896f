/**
 * Corrections by the griffie: a classifier cannot be perfect, so the workflow makes its mistakes cheap to put right,
 * and every correction is kept with what the classifier said, so the griffie's own corrections become a growing
 * evaluation set (`raadspost correcties` writes them as raw messages and a labels.jsonl that `raadspost score` reads).
 * Pure.
 */
import { isForwardable, type Category } from './category.js';
import type { Letter } from './letter.js';

/**
 * - `submitted_to_council`: a filed message put before the council (the daily overview's "Voorleggen aan de raad");
 * - `not_a_letter`: a forward proposal rejected as "geen brief voor de raad" (the approval page);
 * - `woo_request`: a filed message marked as a Woo request (the daily overview).
 */
export type CorrectionKind = 'submitted_to_council' | 'not_a_letter' | 'woo_request';

/** What the classifier said about the message. */
export interface OriginalClassification {
  readonly category: Category;
  readonly confidence: number;
  readonly reasons: readonly string[];
}

/** One correction, as kept on the letter and in the corrections log. */
export interface Correction {
  readonly kind: CorrectionKind;
  /** ISO-8601. */
  readonly at: string;
  /** The approver whose link made it. */
  readonly by: string;
  /** What the griffie says it is: the letter's category from now on. */
  readonly category: Category;
  readonly original: OriginalClassification;
}

/** A correction in the log (the letters table's `CORRECTION` partition), with what is needed to find the message. */
export interface CorrectionRecord extends Correction {
  readonly letterId: string;
  /** The raw message (kept in the raw-mail bucket). */
  readonly rawObjectKey: string;
}

/** The correction as kept on the letter itself (the log entry also names the letter and its raw message). */
export const correctionOnLetter = ({ letterId: _letterId, rawObjectKey: _rawObjectKey, ...correction }: CorrectionRecord): Correction => correction;

/** The categories a rejected proposal can be instead of a letter to the council (the reject page offers these). */
export const NOT_A_LETTER_CATEGORIES: readonly Category[] = ['newsletter', 'invitation', 'auto_reply', 'spam', 'woo_request', 'council_business'];

/**
 * The correction that turns `letter` into `category`.
 * @throws RangeError when the kind and the category do not fit (a letter put before the council is a letter; one
 * rejected as not a letter is not; a Woo marking is a Woo request)
 */
export const correctionOf = (
  letter: Pick<Letter, 'id' | 'rawObjectKey' | 'category' | 'confidence' | 'reasons'>,
  kind: CorrectionKind,
  category: Category,
  by: string,
  at: string,
): CorrectionRecord => {
  const fits = kind === 'submitted_to_council' ? isForwardable(category) : kind === 'not_a_letter' ? !isForwardable(category) : category === 'woo_request';
  if (!fits) throw new RangeError(`a ${kind} correction cannot make the message ${category}`);
  return {
    letterId: letter.id,
    rawObjectKey: letter.rawObjectKey,
    kind,
    at,
    by,
    category,
    original: { category: letter.category, confidence: letter.confidence, reasons: letter.reasons },
  };
};

/** The line of labels.jsonl for a corrected message: `file` and `category` (what `raadspost score` reads), and where it came from. */
export const labelLine = (record: CorrectionRecord, file: string): string =>
  JSON.stringify({
    file,
    category: record.category,
    correction: record.kind,
    classifiedAs: record.original.category,
    confidence: record.original.confidence,
    at: record.at,
  });
