/**
 * Measuring the classifier against labelled mail: confusion matrix, precision/recall/F1 per category,
 * macro-F1, and the one decision that matters most to the griffie: forward or not. Pure.
 */
import { CATEGORIES, isForwardable, type Category } from './category.js';

/** One labelled message: what it is, and what the classifier said. */
export interface Prediction {
  readonly expected: Category;
  readonly predicted: Category;
}

export interface ConfusionMatrix {
  readonly labels: readonly Category[];
  /** counts[i][j]: messages labelled labels[i] that were classified as labels[j]. */
  readonly counts: readonly (readonly number[])[];
}

export interface ClassMetrics {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** How many messages carry this label. */
  readonly support: number;
  /** How many messages were classified as this. */
  readonly predicted: number;
}

export interface BinaryMetrics {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly trueNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface Evaluation {
  readonly total: number;
  readonly accuracy: number;
  readonly matrix: ConfusionMatrix;
  readonly perClass: Readonly<Record<Category, ClassMetrics>>;
  /** Mean F1 over the categories that occur in the labels or the predictions. */
  readonly macroF1: number;
  /** "Forward to the raadsleden" (advocacy_letter or citizen_letter) as one yes/no decision. */
  readonly forward: BinaryMetrics;
}

/**
 * Counts predictions per (expected, predicted) pair.
 * @example confusionMatrix([{ expected: 'spam', predicted: 'spam' }]).counts[7][7] // 1
 */
export function confusionMatrix(predictions: readonly Prediction[], labels: readonly Category[] = CATEGORIES): ConfusionMatrix {
  const index = new Map(labels.map((l, i) => [l, i]));
  const counts = labels.map(() => labels.map(() => 0));
  for (const { expected, predicted } of predictions) {
    const row = index.get(expected);
    const col = index.get(predicted);
    if (row === undefined || col === undefined) throw new Error(`category "${row === undefined ? expected : predicted}" is not in the matrix labels`);
    const cells = counts[row] as number[];
    cells[col] = (cells[col] ?? 0) + 1;
  }
  return { labels, counts };
}

/**
 * Precision with nothing predicted is 1 when there was nothing to find and 0 otherwise; recall with
 * nothing to find likewise. So a category that is absent and never predicted scores 1, not NaN.
 */
const ratio = (hits: number, total: number, missed: number): number => (total === 0 ? (missed === 0 ? 1 : 0) : hits / total);
const harmonic = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

export function classMetrics(matrix: ConfusionMatrix): Record<Category, ClassMetrics> {
  const { labels, counts } = matrix;
  const cell = (i: number, j: number): number => counts[i]?.[j] ?? 0;
  const out = {} as Record<Category, ClassMetrics>;
  labels.forEach((label, i) => {
    const tp = cell(i, i);
    const support = labels.reduce((n, _, j) => n + cell(i, j), 0);
    const predicted = labels.reduce((n, _, j) => n + cell(j, i), 0);
    const precision = ratio(tp, predicted, support - tp);
    const recall = ratio(tp, support, predicted - tp);
    out[label] = { precision, recall, f1: harmonic(precision, recall), support, predicted };
  });
  return out;
}

/** Yes/no metrics for any grouping of categories (by default: forwardable letters). */
export function binaryMetrics(predictions: readonly Prediction[], positive: (c: Category) => boolean = isForwardable): BinaryMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { expected, predicted } of predictions) {
    const e = positive(expected);
    const p = positive(predicted);
    if (e && p) tp++;
    else if (!e && p) fp++;
    else if (e && !p) fn++;
    else tn++;
  }
  const precision = ratio(tp, tp + fp, fn);
  const recall = ratio(tp, tp + fn, fp);
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn, precision, recall, f1: harmonic(precision, recall) };
}

/** All measures at once. */
export function evaluate(predictions: readonly Prediction[]): Evaluation {
  const matrix = confusionMatrix(predictions);
  const perClass = classMetrics(matrix);
  const present = CATEGORIES.filter((c) => perClass[c].support > 0 || perClass[c].predicted > 0);
  const macroF1 = present.length === 0 ? 0 : present.reduce((n, c) => n + perClass[c].f1, 0) / present.length;
  const correct = predictions.filter((p) => p.expected === p.predicted).length;
  return {
    total: predictions.length,
    accuracy: predictions.length === 0 ? 0 : correct / predictions.length,
    matrix,
    perClass,
    macroF1,
    forward: binaryMetrics(predictions),
  };
}

const SHORT: Record<Category, string> = {
  advocacy_letter: 'advocacy',
  citizen_letter: 'citizen',
  invitation: 'invite',
  newsletter: 'newsl',
  woo_request: 'woo',
  council_business: 'council',
  auto_reply: 'auto',
  spam: 'spam',
};

/** The matrix as a fixed-width table: rows are the labels, columns the predictions. */
export function renderMatrix(matrix: ConfusionMatrix): string {
  const head = matrix.labels.map((l) => SHORT[l]);
  const width = Math.max(4, ...head.map((h) => h.length));
  const first = Math.max(...matrix.labels.map((l) => l.length), 'expected \\ predicted'.length);
  const row = (name: string, cells: readonly string[]) => `${name.padEnd(first)}  ${cells.map((c) => c.padStart(width)).join(' ')}`;
  return [
    row('expected \\ predicted', head),
    ...matrix.labels.map((label, i) => row(label, (matrix.counts[i] ?? []).map((n) => (n === 0 ? '.' : String(n))))),
  ].join('\n');
}

const f3 = (n: number): string => n.toFixed(3);

/** A readable report: matrix, per-category table, macro-F1 and the forward decision. */
export function renderEvaluation(e: Evaluation): string {
  const name = Math.max(...CATEGORIES.map((c) => c.length));
  const lines = [
    `messages: ${e.total}   accuracy: ${f3(e.accuracy)}`,
    '',
    'confusion matrix (rows: label, columns: classified as)',
    renderMatrix(e.matrix),
    '',
    `${'category'.padEnd(name)}  precision  recall     f1  support`,
    ...CATEGORIES.map((c) => {
      const m = e.perClass[c];
      return `${c.padEnd(name)}  ${f3(m.precision).padStart(9)}  ${f3(m.recall).padStart(6)}  ${f3(m.f1).padStart(5)}  ${String(m.support).padStart(7)}`;
    }),
    '',
    `macro-F1: ${f3(e.macroF1)}`,
    `forward (advocacy_letter + citizen_letter): precision ${f3(e.forward.precision)}  recall ${f3(e.forward.recall)}  ` +
      `(tp ${e.forward.truePositives}, fp ${e.forward.falsePositives}, fn ${e.forward.falseNegatives})`,
  ];
  return lines.join('\n');
}
