import { describe, expect, it } from 'vitest';
import type { Category } from '../../shared/domain/category.js';
import { binaryMetrics, confusionMatrix, evaluate, renderEvaluation, renderMatrix, type Prediction } from '../../shared/domain/scoring.js';

const p = (expected: Category, predicted: Category): Prediction => ({ expected, predicted });

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

  it('computes precision, recall and F1 per category and the macro-F1 over the categories that occur', () => {
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

  it('scores a category that is absent and never predicted as perfect, not NaN', () => {
    // Act
    const e = evaluate([p('spam', 'spam')]);
    // Assess
    expect(e.perClass.woo_request).toMatchObject({ precision: 1, recall: 1, f1: 1, support: 0 });
    expect(e.macroF1).toBe(1);
    expect(e.forward).toMatchObject({ precision: 1, recall: 1 });
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

  it('renders a report with macro-F1 and the forward precision and recall', () => {
    // Act
    const text = renderEvaluation(evaluate([p('citizen_letter', 'citizen_letter'), p('spam', 'newsletter')]));
    // Assess
    expect(text).toContain('macro-F1: 0.333');
    expect(text).toContain('forward (advocacy_letter + citizen_letter): precision 1.000  recall 1.000');
    expect(text).toMatch(/^citizen_letter\s+1\.000\s+1\.000\s+1\.000\s+1$/m);
  });
});
