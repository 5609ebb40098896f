/**
 * Bundle smoke test (STYLE 6.9): the one place esbuild runs in the tests. Each functions/<name>/index.ts is bundled
 * with exactly PipelineFunction's options and imported in a child `node` process with the environment the stack gives
 * that function (tokens replaced by dummies), so ESM/CJS and pdf.js surprises show up here and not after a deploy.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptionsFor } from '../../infra/bundling/esbuild-options.js';
import { REPO_ROOT, entryOf, pipelineBundling } from '../../infra/constructs/pipeline-function.js';
import { makeInflatingPdf, makePdf } from '../support/pdf.js';
import { FUNCTION_NAMES, SKIP_REASON, environmentFromStack } from './support.js';

const run = promisify(execFile);

/** Runs the afterBundling hook commands as NodejsFunction does locally (in a shell, inputDir the project root). */
async function afterBundling(bundling: BundlingOptions, outputDir: string): Promise<void> {
  for (const command of bundling.commandHooks?.afterBundling(REPO_ROOT, outputDir) ?? []) {
    await run('/bin/sh', ['-c', command], { cwd: REPO_ROOT, timeout: 120_000 });
  }
}

/** Lambda's own variables plus fake credentials: nothing in a cold start may call AWS. */
const LAMBDA_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_LAMBDA_FUNCTION_NAME: 'bundle-smoke',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

/** Imports a bundle in a fresh `node` (no vitest, no tsx) and runs `script` against the module `m`. */
async function inNode(bundle: string, script: string, env: Record<string, string>): Promise<string> {
  const code = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)});\n${script}`;
  const { stdout } = await run(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', code], {
    cwd: path.dirname(bundle), // no node_modules above the temp dir: the bundle must be self-contained
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV, ...env },
    timeout: 60_000,
  });
  return stdout.trim();
}

let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'raadspost-bundle-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('bundles (esbuild with PipelineFunction options)', () => {
  for (const name of FUNCTION_NAMES) {
    const missing = !existsSync(entryOf(name));
    it.skipIf(missing || SKIP_REASON)(`functions/${name}/index.ts bundles, loads with the stack's environment and exports handler`, async () => {
      // Prepare
      const outfile = path.join(outDir, name, 'index.mjs');
      await build(esbuildOptionsFor(pipelineBundling(name), entryOf(name), outfile));
      await afterBundling(pipelineBundling(name), path.dirname(outfile));
      // Act
      const result = await inNode(outfile, "console.log(typeof m.handler);", environmentFromStack(name));
      // Assess
      expect(result.split('\n').at(-1)).toBe('function');
    });
  }

  it('extracts PDF text in an isolated child process inside a bundle built like the ingest function, and survives a PDF bomb', async () => {
    // Prepare: an entry that uses the same adapter as ingest, bundled with ingest's options (incl. the pdf.js shim and
    // the afterBundling hook that emits pdf-worker.mjs next to index.mjs)
    const entry = path.join(outDir, 'pdf-entry.ts');
    const adapter = path.join(REPO_ROOT, 'shared', 'adapters', 'isolated-pdf-text-extractor.js');
    await writeFile(
      entry,
      `import { readFile } from 'node:fs/promises';\nimport { IsolatedPdfTextExtractor } from ${JSON.stringify(adapter)};\n` +
        `const reader = new IsolatedPdfTextExtractor({ timeoutMs: 30_000, maxMemoryMb: 256 });\n` +
        `export const extract = async (file: string) => reader.extract(new Uint8Array(await readFile(file)), { maxPages: 5 }).catch((e) => ({ code: e.code }));\n`,
    );
    const outfile = path.join(outDir, 'pdf', 'index.mjs');
    const bundling = pipelineBundling('ingest-mail');
    await build({ ...esbuildOptionsFor(bundling, entry, outfile), nodePaths: [path.join(REPO_ROOT, 'node_modules')] });
    await afterBundling(bundling, path.dirname(outfile));
    const pdfFile = path.join(outDir, 'brief.pdf');
    await writeFile(pdfFile, await makePdf([['Geachte raadsleden,', 'Wij vragen aandacht voor de Binnenweg.'], ['Met vriendelijke groet']]));
    const bombFile = path.join(outDir, 'bom.pdf');
    await writeFile(bombFile, makeInflatingPdf(400));
    // Act
    const result = await inNode(
      outfile,
      `console.log(JSON.stringify([await m.extract(${JSON.stringify(pdfFile)}), await m.extract(${JSON.stringify(bombFile)})]));`,
      {},
    );
    // Assess
    const [text, bomb] = JSON.parse(result.split('\n').at(-1) ?? '[]') as [{ text: string; pagesRead: number; pageCount: number }, { code: string }];
    expect(text).toMatchObject({ pagesRead: 2, pageCount: 2 });
    expect(text.text).toContain('Wij vragen aandacht voor de Binnenweg.');
    expect(bomb.code).toBe('PDF_TOO_MUCH_MEMORY');
  });
});
