import { describe, expect, it } from 'vitest';
import type { Category } from '../../shared/domain/category.js';
import { binaryMetrics, calibration, confusionMatrix, evaluate, renderEvaluation, renderMatrix, type Prediction } from '../../shared/domain/scoring.js';

const p = (expected: Category, predicted: Category, confidence?: number): Prediction => ({ expected, predicted, ...(confidence === undefined ? {} : { confidence }) });

describe('scoring', () => {
  it('counts each prediction in the cell of its label and its outcome', () => {
    // Prepare
    const predictions = [p('spam', 'spam'), p('spam', 'newsletter'), p('newsletter', 'newsletter')];
    // Act
    const matrix = confusionMatrix(predictions, ['newsletter', 'spam']);
    // Assess
    expect(matrix.counts).toEqual([
      [1, 0],
      [1, 1],
    ]);
  });

  it('rejects a category that is not among the matrix labels', () => {
    // Act & Assess
    expect(() => confusionMatrix([p('spam', 'invitation')], ['spam'])).toThrow(/"invitation" is not in the matrix labels/);
  });

  it('computes precision, recall and F1 per category and the macro-F1 over the categories with support', () => {
    // Prepare: 2 advocacy (1 right, 1 as citizen), 2 citizen (both right), 1 spam (right).
    const predictions = [
      p('advocacy_letter', 'advocacy_letter'),
      p('advocacy_letter', 'citizen_letter'),
      p('citizen_letter', 'citizen_letter'),
      p('citizen_letter', 'citizen_letter'),
      p('spam', 'spam'),
    ];
    // Act
    const e = evaluate(predictions);
    // Assess
    expect(e.perClass.advocacy_letter).toMatchObject({ precision: 1, recall: 0.5, support: 2, predicted: 1 });
    expect(e.perClass.advocacy_letter.f1).toBeCloseTo(2 / 3);
    expect(e.perClass.citizen_letter).toMatchObject({ precision: 2 / 3, recall: 1, support: 2 });
    expect(e.perClass.citizen_letter.f1).toBeCloseTo(0.8);
    expect(e.perClass.spam.f1).toBe(1);
    expect(e.macroF1).toBeCloseTo((2 / 3 + 0.8 + 1) / 3);
    expect(e.accuracy).toBeCloseTo(0.8);
    expect(e.total).toBe(5);
  });

  it('treats advocacy and citizen letters as one forward decision', () => {
    // Prepare
    const predictions = [
      p('advocacy_letter', 'citizen_letter'), // still forwarded: a true positive
      p('citizen_letter', 'newsletter'), // missed
      p('newsletter', 'advocacy_letter'), // forwarded by mistake
      p('spam', 'spam'),
    ];
    // Act
    const forward = binaryMetrics(predictions);
    // Assess
    expect(forward).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 1, trueNegatives: 1, precision: 0.5, recall: 0.5 });
  });

  it('gives a category without support no recall or F1 and leaves it out of macro-F1', () => {
    // Act
    const e = evaluate([p('spam', 'spam')]);
    // Assess
    expect(e.perClass.woo_request).toMatchObject({ precision: null, recall: null, f1: null, support: 0 });
    expect(e.macroF1).toBe(1);
    expect(e.forward).toMatchObject({ precision: 1, recall: 1 });
  });

  it('counts a wrong guess of an absent category against the true category only', () => {
    // Prepare: one spam called a Woo request; no Woo request in the labels
    const e = evaluate([p('spam', 'spam'), p('spam', 'woo_request'), p('newsletter', 'newsletter')]);
    // Assess: woo has precision 0 and no F1; macro-F1 is over spam (0.667) and newsletter (1)
    expect(e.perClass.woo_request).toMatchObject({ precision: 0, recall: null, f1: null, predicted: 1 });
    expect(e.perClass.spam.f1).toBeCloseTo(2 / 3);
    expect(e.macroF1).toBeCloseTo((2 / 3 + 1) / 2);
  });

  it('gives a labelled category that is never predicted precision 0 and F1 0', () => {
    // Act
    const e = evaluate([p('woo_request', 'spam'), p('spam', 'spam')]);
    // Assess
    expect(e.perClass.woo_request).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(e.macroF1).toBeCloseTo((0 + 2 / 3) / 2);
  });

  it('gives zero precision and recall when letters were forwarded but none should have been', () => {
    // Act
    const forward = binaryMetrics([p('spam', 'citizen_letter')]);
    // Assess
    expect(forward).toMatchObject({ falsePositives: 1, precision: 0, recall: 0, f1: 0 });
  });

  it('renders the matrix with one row per label and a dot for empty cells', () => {
    // Prepare
    const matrix = confusionMatrix([p('spam', 'spam'), p('spam', 'newsletter')], ['newsletter', 'spam']);
    // Act
    const text = renderMatrix(matrix);
    // Assess
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/expected \\ predicted\s+newsl\s+spam$/);
    expect(lines[1]).toMatch(/^newsletter\s+\.\s+\.$/);
    expect(lines[2]).toMatch(/^spam\s+1\s+1$/);
  });

  it('renders a report with macro-F1 and the forward precision and recall, and "-" where there is nothing to measure', () => {
    // Act
    const text = renderEvaluation(evaluate([p('citizen_letter', 'citizen_letter'), p('spam', 'newsletter')]));
    // Assess: citizen 1, spam 0 (newsletter has no support)
    expect(text).toContain('macro-F1: 0.500  (over the 2 categories with support)');
    expect(text).toContain('forward (advocacy_letter + citizen_letter): precision 1.000  recall 1.000');
    expect(text).toMatch(/^citizen_letter\s+1\.000\s+1\.000\s+1\.000\s+1$/m);
    expect(text).toMatch(/^newsletter\s+0\.000\s+-\s+-\s+0$/m);
    expect(text).toMatch(/^woo_request\s+-\s+-\s+-\s+0$/m);
    expect(text).not.toContain('calibration');
  });

  describe('calibration', () => {
    it('puts each prediction in its confidence bin with the share that was right', () => {
      // Prepare: 0.95 right, 0.92 wrong, 0.55 right; 1.0 belongs to the last bin
      const c = calibration([
        { expected: 'spam', predicted: 'spam', confidence: 0.95 },
        { expected: 'spam', predicted: 'newsletter', confidence: 0.92 },
        { expected: 'spam', predicted: 'spam', confidence: 1 },
        { expected: 'invitation', predicted: 'invitation', confidence: 0.55 },
      ]);
      // Assess
      expect(c.bins).toHaveLength(10);
      const top = c.bins[9];
      expect(top).toMatchObject({ from: 0.9, to: 1, count: 3 });
      expect(top?.accuracy).toBeCloseTo(2 / 3);
      expect(top?.confidence).toBeCloseTo((0.95 + 0.92 + 1) / 3);
      expect(c.bins[5]).toMatchObject({ count: 1, accuracy: 1, confidence: 0.55 });
      expect(c.bins[0]?.count).toBe(0);
      expect(Number.isNaN(c.bins[0]?.accuracy)).toBe(true);
    });

    it('computes the expected calibration error as the weighted gap per bin', () => {
      // Prepare: bin 0.9-1: conf 0.9, acc 0.5 (2 messages); bin 0.5-0.6: conf 0.5, acc 1 (2 messages)
      const c = calibration([
        { expected: 'spam', predicted: 'spam', confidence: 0.9 },
        { expected: 'spam', predicted: 'auto_reply', confidence: 0.9 },
        { expected: 'spam', predicted: 'spam', confidence: 0.5 },
        { expected: 'spam', predicted: 'spam', confidence: 0.5 },
      ]);
      // Assess: 0.5 * 0.4 + 0.5 * 0.5
      expect(c.ece).toBeCloseTo(0.45);
    });

    it('is part of the evaluation only when every prediction has a confidence, and is rendered with the ECE', () => {
      // Act
      const partial = evaluate([p('spam', 'spam', 0.8), p('spam', 'spam')]);
      const full = evaluate([p('spam', 'spam', 0.8), p('spam', 'newsletter', 0.3)]);
      // Assess
      expect(partial.calibration).toBeNull();
      expect(full.calibration?.ece).toBeCloseTo(0.5 * 0.2 + 0.5 * 0.3);
      const text = renderEvaluation(full);
      expect(text).toMatch(/^0\.80-0\.90\s+1\s+0\.800\s+1\.000$/m);
      expect(text).toMatch(/^0\.00-0\.10\s+0\s+-\s+-$/m);
      expect(text).toContain('expected calibration error (ECE): 0.250');
    });
  });
});
