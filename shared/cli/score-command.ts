import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createMailReader } from '../adapters/mail-reader.js';
import { DEFAULT_READ_LIMITS } from '../application/read-mail.js';
import { isCategory, type Category } from '../domain/category.js';
import { evaluate, renderEvaluation, type Prediction } from '../domain/scoring.js';
import { EXIT, UsageError, ownDomainsFrom, type CliIo, type Command } from './io.js';
import { classifyFile } from './mail-files.js';

const USAGE = `usage: raadspost score <folder> [--labels <labels.jsonl>] [--json] [--own-domain <domain>]... [--ignore-ses-headers]

Classifies every labelled message and prints the confusion matrix, precision/recall/F1 per category,
macro-F1 (over the categories with at least one label), the precision/recall of the forward decision
(advocacy_letter + citizen_letter) and a reliability table: per confidence bin how often the classifier was
right, with the expected calibration error (ECE). Labelled files that are not in the folder are listed apart
and not scored.

exit codes: 0 scored; 1 none of the labelled files was found; 2 usage error

options:
  --labels <file>         JSON lines with at least {"file", "category"} (default: <folder>/labels.jsonl)
  --json                  print one JSON object instead of the readable report
  --own-domain <domain>   the municipality's own mail domain; repeatable (default: heemstede.nl)
  --ignore-ses-headers    do not take verdicts from the headers in the files (X-SES-*, or else the topmost
                          Authentication-Results)`;

interface Label {
  readonly file: string;
  readonly category: Category;
}

/** Reads labels.jsonl: one {"file", "category"} per line; blank lines are skipped. */
export function parseLabels(text: string, source: string): Label[] {
  const labels: Label[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`${source} line ${i + 1} is not JSON`);
    }
    const { file, category } = (value ?? {}) as { file?: unknown; category?: unknown };
    if (typeof file !== 'string' || file === '') throw new UsageError(`${source} line ${i + 1} has no "file"`);
    if (!isCategory(category)) throw new UsageError(`${source} line ${i + 1} has category ${JSON.stringify(category)}, expected one of the eight categories`);
    labels.push({ file, category });
  });
  return labels;
}

export const scoreCommand: Command = {
  summary: 'measure the classifier on a labelled folder',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let folder: string;
    let labels: Label[];
    let json: boolean;
    let ownDomains: string[];
    let sesHeaders: boolean;
    try {
      const { values, positionals } = parseArgs({
        args: [...args],
        allowPositionals: true,
        options: {
          labels: { type: 'string' },
          json: { type: 'boolean' },
          'own-domain': { type: 'string', multiple: true },
          'ignore-ses-headers': { type: 'boolean' },
        },
      });
      if (positionals.length !== 1) throw new UsageError('give exactly one labelled folder');
      folder = positionals[0] as string;
      if (!(await stat(folder).catch(() => null))?.isDirectory()) throw new UsageError(`${folder} is not a folder`);
      const labelsFile = values.labels ?? path.join(folder, 'labels.jsonl');
      const text = await readFile(labelsFile, 'utf8').catch((err: Error) => {
        throw new UsageError(`cannot read labels ${labelsFile}: ${err.message}`);
      });
      labels = parseLabels(text, labelsFile);
      if (labels.length === 0) throw new UsageError(`${labelsFile} has no labels`);
      json = values.json === true;
      ownDomains = ownDomainsFrom(values['own-domain']);
      sesHeaders = values['ignore-ses-headers'] !== true;
    } catch (err) {
      if (!(err instanceof UsageError) && !(err instanceof TypeError)) throw err;
      io.err(`raadspost score: ${err.message}\n\n${USAGE}\n`);
      return EXIT.usage;
    }

    const options = { readMail: createMailReader(), ownDomains, sesHeaders, maxBytes: DEFAULT_READ_LIMITS.maxMailBytes };
    const predictions: Prediction[] = [];
    const mistakes: { file: string; expected: Category; predicted: Category; confidence: number; reasons: readonly string[] }[] = [];
    const errors: { file: string; error: string }[] = [];
    const missing: string[] = [];
    for (const label of labels) {
      const file = path.join(folder, label.file);
      // A labelled file that is not there says nothing about the classifier: listed apart, not scored.
      if (!(await stat(file).catch(() => null))?.isFile()) {
        missing.push(label.file);
        io.err(`raadspost score: ${label.file}: labelled but not found in ${folder}\n`);
        continue;
      }
      const line = await classifyFile(file, options);
      if (line.error) {
        errors.push({ file: label.file, error: line.error });
        io.err(`raadspost score: ${label.file}: ${line.error}\n`);
      }
      predictions.push({ expected: label.category, predicted: line.category, confidence: line.confidence });
      if (line.category !== label.category) {
        mistakes.push({ file: label.file, expected: label.category, predicted: line.category, confidence: line.confidence, reasons: line.reasons });
      }
    }
    if (predictions.length === 0) {
      io.err(`raadspost score: none of the ${labels.length} labelled files was found in ${folder}\n`);
      return EXIT.failed;
    }

    const evaluation = evaluate(predictions);
    if (json) {
      await io.out(`${JSON.stringify({ folder, ...evaluation, mistakes, errors, missing })}\n`);
    } else {
      const wrong = mistakes.map((m) => `  ${m.file}: ${m.expected} classified as ${m.predicted} at ${m.confidence.toFixed(2)} (${m.reasons.join('; ')})`);
      const absent = missing.length === 0 ? '' : `\n\nnot found (labelled, not scored): ${missing.length}\n${missing.map((f) => `  ${f}`).join('\n')}`;
      await io.out(`${renderEvaluation(evaluation)}\n\n${mistakes.length === 0 ? 'no misclassifications' : `misclassified:\n${wrong.join('\n')}`}${absent}\n`);
    }
    return EXIT.ok;
  },
};
