/**
 * Measuring the classifier against labelled mail: confusion matrix, precision/recall/F1 per category,
 * macro-F1, the one decision that matters most to the griffie (forward or not), and how well the confidence
 * matches how often the classifier is right (a reliability table and the expected calibration error). Pure.
 */
import { CATEGORIES, isForwardable, type Category } from './category.js';

/** One labelled message: what it is, and what the classifier said. */
export interface Prediction {
  readonly expected: Category;
  readonly predicted: Category;
  /** The classifier's confidence (0..1), when known: the reliability table needs it. */
  readonly confidence?: number;
}

export interface ConfusionMatrix {
  readonly labels: readonly Category[];
  /** counts[i][j]: messages labelled labels[i] that were classified as labels[j]. */
  readonly counts: readonly (readonly number[])[];
}

export interface ClassMetrics {
  /** null when the category was never predicted and never labelled: there is nothing to measure. */
  readonly precision: number | null;
  /** null when no message carries this label (no support). */
  readonly recall: number | null;
  /** null when no message carries this label: such a category stays out of macro-F1. */
  readonly f1: number | null;
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
  /** Mean F1 over the categories that carry at least one label (a message put in an absent category still costs the recall of its own). */
  readonly macroF1: number;
  /** "Forward to the raadsleden" (advocacy_letter or citizen_letter) as one yes/no decision. */
  readonly forward: BinaryMetrics;
  /** Confidence against accuracy; null unless every prediction has a confidence. */
  readonly calibration: Calibration | null;
}

/** Predictions whose confidence falls in [from, to) (the last bin includes 1). */
export interface ReliabilityBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** Mean confidence of the predictions in the bin (NaN when empty). */
  readonly confidence: number;
  /** Share of them that were right (NaN when empty). */
  readonly accuracy: number;
}

export interface Calibration {
  readonly bins: readonly ReliabilityBin[];
  /** Expected calibration error: the gap between confidence and accuracy per bin, weighted by the bin's share. */
  readonly ece: number;
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
 * For the yes/no forward decision: precision with nothing predicted is 1 when there was nothing to find and 0
 * otherwise; recall with nothing to find likewise (a set without letters forwards nothing: right).
 */
const ratio = (hits: number, total: number, missed: number): number => (total === 0 ? (missed === 0 ? 1 : 0) : hits / total);
const harmonic = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** Per category; a category without support gets no recall or F1 (null), one never predicted no precision unless it was labelled (then 0). */
export function classMetrics(matrix: ConfusionMatrix): Record<Category, ClassMetrics> {
  const { labels, counts } = matrix;
  const cell = (i: number, j: number): number => counts[i]?.[j] ?? 0;
  const out = {} as Record<Category, ClassMetrics>;
  labels.forEach((label, i) => {
    const tp = cell(i, i);
    const support = labels.reduce((n, _, j) => n + cell(i, j), 0);
    const predicted = labels.reduce((n, _, j) => n + cell(j, i), 0);
    const precision = predicted > 0 ? tp / predicted : support > 0 ? 0 : null;
    const recall = support > 0 ? tp / support : null;
    const f1 = recall === null ? null : harmonic(precision ?? 0, recall);
    out[label] = { precision, recall, f1, support, predicted };
  });
  return out;
}

/** Ten bins of 0.1; the classifier's confidences are rounded to hundredths, so a bin holds [from, to). */
const BIN_EDGES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;

/**
 * The reliability table: for each confidence bin, how many predictions fell in it, their mean confidence and the
 * share that was right; and the expected calibration error over all bins.
 * @example calibration([{ expected: 'spam', predicted: 'spam', confidence: 0.95 }]).ece // 0.05
 */
export function calibration(predictions: readonly (Prediction & { readonly confidence: number })[]): Calibration {
  const bins = BIN_EDGES.slice(0, -1).map((from, i) => {
    const to = BIN_EDGES[i + 1] as number;
    const last = i === BIN_EDGES.length - 2;
    const inBin = predictions.filter((p) => p.confidence >= from - 1e-9 && (p.confidence < to - 1e-9 || (last && p.confidence <= to)));
    const count = inBin.length;
    const confidence = count === 0 ? NaN : inBin.reduce((n, p) => n + p.confidence, 0) / count;
    const accuracy = count === 0 ? NaN : inBin.filter((p) => p.expected === p.predicted).length / count;
    return { from, to, count, confidence, accuracy };
  });
  const total = predictions.length;
  const ece = total === 0 ? 0 : bins.reduce((n, b) => (b.count === 0 ? n : n + (b.count / total) * Math.abs(b.accuracy - b.confidence)), 0);
  return { bins, ece };
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
  const supported = CATEGORIES.filter((c) => perClass[c].support > 0);
  const macroF1 = supported.length === 0 ? 0 : supported.reduce((n, c) => n + (perClass[c].f1 ?? 0), 0) / supported.length;
  const correct = predictions.filter((p) => p.expected === p.predicted).length;
  const withConfidence = predictions.filter((p): p is Prediction & { confidence: number } => typeof p.confidence === 'number');
  return {
    total: predictions.length,
    accuracy: predictions.length === 0 ? 0 : correct / predictions.length,
    matrix,
    perClass,
    macroF1,
    forward: binaryMetrics(predictions),
    calibration: predictions.length > 0 && withConfidence.length === predictions.length ? calibration(withConfidence) : null,
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

const f3 = (n: number | null): string => (n === null || Number.isNaN(n) ? '-' : n.toFixed(3));
const f2 = (n: number): string => (Number.isNaN(n) ? '-' : n.toFixed(2));

/** The reliability table as text: one line per confidence bin, then the ECE. */
export function renderCalibration(c: Calibration): string {
  return [
    'calibration (confidence bins: how often the classifier was right)',
    'confidence    messages  mean confidence  accuracy',
    ...c.bins.map((b) => `${f2(b.from)}-${f2(b.to)}   ${String(b.count).padStart(8)}  ${f3(b.confidence).padStart(15)}  ${f3(b.accuracy).padStart(8)}`),
    `expected calibration error (ECE): ${f3(c.ece)}`,
  ].join('\n');
}

/** A readable report: matrix, per-category table (a category without support shows "-"), macro-F1, the forward decision and, with confidences, the reliability table. */
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
    `macro-F1: ${f3(e.macroF1)}  (over the ${CATEGORIES.filter((c) => e.perClass[c].support > 0).length} categories with support)`,
    `forward (advocacy_letter + citizen_letter): precision ${f3(e.forward.precision)}  recall ${f3(e.forward.recall)}  ` +
      `(tp ${e.forward.truePositives}, fp ${e.forward.falsePositives}, fn ${e.forward.falseNegatives})`,
    ...(e.calibration ? ['', renderCalibration(e.calibration)] : []),
  ];
  return lines.join('\n');
}
