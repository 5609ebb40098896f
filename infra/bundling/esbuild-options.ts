import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/** NodejsFunction bundles locally with the project root as working directory (relative `--alias` targets resolve there). */
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The BundlingOptions keys this translation knows; a new option in PipelineFunction fails the callers until handled here. */
const HANDLED: readonly (keyof BundlingOptions)[] = ['format', 'target', 'minify', 'sourceMap', 'sourcesContent', 'mainFields', 'externalModules', 'banner', 'inject', 'commandHooks', 'esbuildArgs'];

/**
 * PipelineFunction's BundlingOptions as the esbuild options NodejsFunction passes (platform node, bundle, .mjs for ESM).
 * Shared by the bundle smoke test (test/infra/bundle.test.ts) and the benchmark (bench/run.ts), so both see what Lambda runs.
 */
export function esbuildOptionsFor(bundling: BundlingOptions, entry: string, outfile: string): BuildOptions {
  const unhandled = Object.keys(bundling).filter((k) => !HANDLED.includes(k as keyof BundlingOptions));
  if (unhandled.length) throw new Error(`esbuild translation does not handle bundling option(s) ${unhandled.join(', ')} yet`);
  const args = Object.keys(bundling.esbuildArgs ?? {}).filter((k) => k !== '--alias');
  if (args.length) throw new Error(`esbuild translation does not handle esbuildArgs ${args.join(', ')} yet`);
  const aliases = [bundling.esbuildArgs?.['--alias'] ?? []].flat().filter((a): a is string => typeof a === 'string');
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: bundling.format === OutputFormat.ESM ? 'esm' : 'cjs',
    target: bundling.target,
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    sourcesContent: bundling.sourcesContent,
    mainFields: bundling.mainFields,
    external: bundling.externalModules,
    banner: bundling.banner ? { js: bundling.banner } : undefined,
    inject: bundling.inject,
    alias: aliases.length ? Object.fromEntries(aliases.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)])) : undefined,
    absWorkingDir: PROJECT_ROOT,
    logLevel: 'error',
  };
}
