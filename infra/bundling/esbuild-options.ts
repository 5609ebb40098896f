import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/** The BundlingOptions keys this translation knows; a new option in PipelineFunction fails the callers until handled here. */
const HANDLED: readonly (keyof BundlingOptions)[] = ['format', 'target', 'minify', 'sourceMap', 'mainFields', 'externalModules', 'banner', 'inject', 'commandHooks'];

/**
 * PipelineFunction's BundlingOptions as the esbuild options NodejsFunction passes (platform node, bundle, .mjs for ESM).
 * Shared by the bundle smoke test (test/infra/bundle.test.ts) and the benchmark (bench/run.ts), so both see what Lambda runs.
 */
export function esbuildOptionsFor(bundling: BundlingOptions, entry: string, outfile: string): BuildOptions {
  const unhandled = Object.keys(bundling).filter((k) => !HANDLED.includes(k as keyof BundlingOptions));
  if (unhandled.length) throw new Error(`esbuild translation does not handle bundling option(s) ${unhandled.join(', ')} yet`);
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: bundling.format === OutputFormat.ESM ? 'esm' : 'cjs',
    target: bundling.target,
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    mainFields: bundling.mainFields,
    external: bundling.externalModules,
    banner: bundling.banner ? { js: bundling.banner } : undefined,
    inject: bundling.inject,
    logLevel: 'error',
  };
}
