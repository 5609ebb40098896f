/**
 * Bundle smoke test (STYLE 6.9): the one place esbuild runs in the tests. Each functions/<name>/index.ts is bundled
 * with exactly PipelineFunction's options and imported in a child `node` process with the environment the stack gives
 * that function (tokens replaced by dummies), so ESM/CJS and pdf.js surprises show up here and not after a deploy.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type Metafile } from 'esbuild';
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

/** The inputs of a bundle (package paths and our sources) and its imports left to Node at run time. */
const bundleParts = (metafile: Metafile) => {
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith('.mjs'))![1];
  return { inputs: Object.keys(output.inputs), externals: output.imports.filter((i) => i.external).map((i) => i.path) };
};

/** Functions that never parse (or, for approval, compose) mail: their bundles must not carry mailparser (issue 6). */
/**
 * The Word library (docx) only where a list is made (the register function, the CLI): never in ingest, approval or
 * forward (issue 12), nor in the other functions.
 */
const WITHOUT: Partial<Record<(typeof FUNCTION_NAMES)[number], readonly string[]>> = {
  'ingest-mail': ['node_modules/docx/'],
  approval: ['node_modules/mailparser/', 'node_modules/nodemailer/', 'node_modules/iconv-lite/', 'node_modules/docx/'],
  'forward-letter': ['node_modules/docx/'],
  'dead-letters': ['node_modules/mailparser/', 'node_modules/iconv-lite/', 'node_modules/docx/'],
  reconcile: ['node_modules/mailparser/', 'node_modules/iconv-lite/', 'node_modules/docx/'],
  acknowledge: ['node_modules/mailparser/', 'node_modules/iconv-lite/', 'node_modules/docx/', 'node_modules/pdf-parse/'],
  register: ['node_modules/mailparser/', 'node_modules/iconv-lite/', 'node_modules/pdf-parse/'],
};

/**
 * zod only as zod/mini with its English messages (shared/zod.ts), in every function: classic zod (its one object of
 * every schema and method) or all of zod/mini's locales would each add about 400 KB to the bundle and to its cold start.
 */
const isZodBeyondMini = (input: string) =>
  input.includes('node_modules/zod/') && !/node_modules\/zod\/(?:mini\/|v4\/mini\/|v4\/core\/|v4\/locales\/en\.js$)/.test(input);

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
      const { metafile } = await build({ ...esbuildOptionsFor(pipelineBundling(name), entryOf(name), outfile), metafile: true });
      await afterBundling(pipelineBundling(name), path.dirname(outfile));
      // Act
      const result = await inNode(outfile, "console.log(typeof m.handler);", environmentFromStack(name));
      // Assess
      expect(result.split('\n').at(-1)).toBe('function');
      const { inputs, externals } = bundleParts(metafile);
      // every file the bundle requires at run time (iconv-lite's tables) is in the asset beside it
      expect(externals.filter((p) => p.startsWith('.')).filter((p) => !existsSync(path.resolve(path.dirname(outfile), p)))).toEqual([]);
      expect(inputs.filter((input) => (WITHOUT[name] ?? []).some((pkg) => input.includes(pkg)))).toEqual([]);
      // By its end: in a git worktree node_modules is a link, and the path runs through it (../main/node_modules/...).
      expect(inputs.filter((p) => p.endsWith('node_modules/zod/v4/locales/en.js')), 'zod/mini with English messages').toHaveLength(1);
      expect(inputs.filter(isZodBeyondMini)).toEqual([]);
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

  it('decodes GB2312, Big5 and Shift_JIS mail inside a bundle built like the ingest function, the CJK tables read from beside it', async () => {
    // Prepare: an entry with ingest's mail parser, bundled with ingest's options and afterBundling hook; three messages
    // whose subject (encoded word) and body (base64) are in a double-byte charset
    const entry = path.join(outDir, 'charset-entry.ts');
    const adapter = path.join(REPO_ROOT, 'shared', 'adapters', 'mailparser-mime-parser.js');
    await writeFile(
      entry,
      `import { readFile } from 'node:fs/promises';\nimport { MailparserMimeParser } from ${JSON.stringify(adapter)};\n` +
        `export const parse = async (file: string) => { const mail = await new MailparserMimeParser().parse(new Uint8Array(await readFile(file))); return { subject: mail.subject, text: mail.text.trim() }; };\n`,
    );
    const outfile = path.join(outDir, 'charsets', 'index.mjs');
    const bundling = pipelineBundling('ingest-mail');
    const { metafile } = await build({ ...esbuildOptionsFor(bundling, entry, outfile), nodePaths: [path.join(REPO_ROOT, 'node_modules')], metafile: true });
    await afterBundling(bundling, path.dirname(outfile));
    // subject and text in the charset, base64 (made with iconv-lite; Node's own TextDecoder reads them back the same)
    const cases = [
      { charset: 'gb2312', subject: '关于公交线路的来信', text: '尊敬的市议员：我们请求保留公交线路。', b64Subject: 'udjT2rmrvbvP38K3tcTAtNDF', b64Text: '1/C+tLXEytDS6dSxo7rO0sPHx+vH87GjwfS5q727z9/Ct6Gj' },
      { charset: 'big5', subject: '關於公車路線的來信', text: '尊敬的市議員：我們請求保留公車路線。', b64Subject: 'w/ap86S9qK649L11qrqo06tI', b64Text: 'tEy3caq6pavEs637oUen2q3MvdCoRKtPr2SkvaiuuPS9daFD' },
      { charset: 'shift_jis', subject: 'バス路線についての手紙', text: '議員各位　バス路線の存続をお願いします。', b64Subject: 'g2+DWJhIkPyCyYLCgqKCxILMjuiOhg==', b64Text: 'i2OI9YpliMqBQINvg1iYSJD8gsyRtpGxgvCCqIrogqKCtYLcgreBQg==' },
    ];
    const files = await Promise.all(
      cases.map(async ({ charset, b64Subject, b64Text }) => {
        const file = path.join(outDir, `${charset}.eml`);
        const mail =
          `From: Inwoner <inwoner@example.org>\r\nTo: griffie@heemstede.nl\r\nSubject: =?${charset}?B?${b64Subject}?=\r\nDate: Thu, 26 Feb 2026 09:15:00 +0100\r\n` +
          `Message-ID: <${charset}@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64Text}\r\n`;
        await writeFile(file, mail);
        return file;
      }),
    );
    const parseAll = `console.log(JSON.stringify(await Promise.all(${JSON.stringify(files)}.map((f) => m.parse(f).catch((e) => ({ error: String(e) }))))));`;
    // the same bundle without the tables beside it: proves they are read from there, not from inside the bundle
    const bare = path.join(outDir, 'charsets-without-tables', 'index.mjs');
    await mkdir(path.dirname(bare), { recursive: true });
    await copyFile(outfile, bare);
    // Act
    const decoded = JSON.parse((await inNode(outfile, parseAll, {})).split('\n').at(-1) ?? '[]');
    const withoutTables = JSON.parse((await inNode(bare, parseAll, {})).split('\n').at(-1) ?? '[]');
    // Assess
    expect(decoded).toEqual(cases.map(({ subject, text }) => ({ subject, text })));
    expect(bundleParts(metafile).inputs.filter((input) => input.includes('iconv-lite/encodings/tables/') && !/cp936|gbk-added/.test(input))).toEqual([]);
    expect(withoutTables[0]).toEqual({ subject: cases[0]!.subject, text: cases[0]!.text }); // GBK is built in (libmime loads it at import)
    expect(withoutTables.slice(1)).not.toEqual(decoded.slice(1));
  });
});
