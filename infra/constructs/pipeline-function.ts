import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { FunctionName } from '../../shared/config.js';
import { ICONV_TABLES_EXTERNAL, MAILPARSER_ALIASES, iconvTablesCopyCommand, shellQuote } from '../bundling/mail-parser-bundling.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The functions under functions/<name>/index.ts (shared/config.ts FUNCTION_NAMES). */
export type PipelineFunctionName = FunctionName;

/** Entry file of a function; NodejsFunction requires it to exist at synth time. */
export const entryOf = (name: PipelineFunctionName): string => path.join(REPO_ROOT, 'functions', name, 'index.ts');

/**
 * Makes pdf-parse 2 (pdf.js) work inside a single-file bundle; see infra/bundling/pdfjs-node.ts.
 * Injected only into the PDF child's bundle (pdfWorkerBuildCommand): the function's own entry never loads pdf.js,
 * so its cold start does not pay for the 1 MB of pdf.js (the shim imports the pdf.js worker eagerly).
 */
export const PDFJS_NODE_SHIM = path.join(REPO_ROOT, 'infra', 'bundling', 'pdfjs-node.ts');

/**
 * The child-process entry that reads one PDF (shared/adapters/pdf-worker.mjs), relative to the project root.
 * IsolatedPdfTextExtractor forks `pdf-worker.mjs` next to the bundle, so functions that read PDFs get it as a second,
 * self-contained bundle in their asset (with the same pdf.js shim).
 */
export const PDF_WORKER_SOURCE = 'shared/adapters/pdf-worker.mjs';

const BANNER = "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/** esbuild's command line for the PDF child's bundle; `inputDir`/`outputDir` as NodejsFunction's command hooks get them. */
export const pdfWorkerBuildCommand = (inputDir: string, outputDir: string): string => {
  const args = [
    path.posix.join(inputDir, PDF_WORKER_SOURCE),
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--target=node22',
    '--minify',
    '--log-level=error',
    `--inject:${path.posix.join(inputDir, path.relative(REPO_ROOT, PDFJS_NODE_SHIM))}`,
    `--banner:js=${BANNER}`,
    `--outfile=${path.posix.join(outputDir, 'pdf-worker.mjs')}`,
  ];
  return [path.posix.join(inputDir, 'node_modules/.bin/esbuild'), ...args].map(shellQuote).join(' ');
};

/** Functions that extract PDF text (and so get the PDF child's bundle, with the pdf.js shim, next to their entry). */
const READS_PDFS: ReadonlySet<PipelineFunctionName> = new Set(['ingest-mail']);

/** Functions that parse mail with mailparser (see infra/bundling/mail-parser-bundling.ts: CJK tables beside the bundle, one libmime). */
const PARSES_MAIL: ReadonlySet<PipelineFunctionName> = new Set(['ingest-mail', 'forward-letter']);

/** Commands run after esbuild, in the asset's output directory: the PDF child's bundle, iconv-lite's tables. */
const afterBundlingCommands = (name: PipelineFunctionName, inputDir: string, outputDir: string): string[] => [
  ...(READS_PDFS.has(name) ? [pdfWorkerBuildCommand(inputDir, outputDir)] : []),
  ...(PARSES_MAIL.has(name) ? [iconvTablesCopyCommand(inputDir, outputDir)] : []),
];

/**
 * The esbuild options of every PipelineFunction. Exported so that test/infra/bundle.test.ts bundles
 * with exactly these options (STYLE 6.9: the bundle smoke test must see what Lambda runs).
 */
export const pipelineBundling = (name: PipelineFunctionName): BundlingOptions => ({
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  // Readable stack traces (NODE_OPTIONS=--enable-source-maps) from a map without sources: Node reads and parses the
  // whole .map at every cold start but maps positions with `mappings` and `names` only. Without sourcesContent the
  // ingest map is 2.2 MB instead of 6.4 MB and costs ~25 ms at import instead of ~50-75 ms. Dropping the flag would
  // save those ~25 ms too, but leave minified traces where we need them most: errors on hostile mail (issue 6).
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Bundle the SDK too (the versions we test are the versions we run); only iconv-lite's CJK tables stay beside the bundle.
  externalModules: PARSES_MAIL.has(name) ? [...ICONV_TABLES_EXTERNAL] : [],
  ...(PARSES_MAIL.has(name) && MAILPARSER_ALIASES.length > 0 && { esbuildArgs: { '--alias': [...MAILPARSER_ALIASES] } }),
  banner: BANNER,
  inject: [], // pdf.js runs only in the PDF child (pdf-worker.mjs), which gets the shim in its own bundle
  ...((READS_PDFS.has(name) || PARSES_MAIL.has(name)) && {
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) => afterBundlingCommands(name, inputDir, outputDir),
    },
  }),
});

export interface PipelineFunctionProps {
  /** Folder under functions/ that holds index.ts. */
  readonly name: PipelineFunctionName;
  /** @default Duration.seconds(60) */
  readonly timeout?: Duration;
  /**
   * @default 1024 - for CPU, not memory: Lambda's CPU share grows with memory, and parsing and the PDF child's start are
   * CPU-bound. Memory alone would fit 512: ingest streams a 40 MB message at about 105 MB peak (npm run bench), plus
   * the PDF child, which is killed above PDF_MAX_MEMORY_MB.
   */
  readonly memorySize?: number;
  /** Environment variables (names from shared/config.ts ENV). */
  readonly environment: Record<string, string>;
  /** @default none: the function shares the account's unreserved concurrency */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * A NodejsFunction with the house defaults: ESM bundle with the SDK inside, nodejs22.x on arm64, logs kept 3 months,
 * X-Ray tracing, and its own role that can write only to its own log group (no AWSLambdaBasicExecutionRole).
 */
export class PipelineFunction extends NodejsFunction {
  private readonly ownRole: Role;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.THREE_MONTHS });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Raadspost ${props.name}: only what this function needs`,
    });
    role.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      entry: entryOf(props.name),
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(60),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      environment: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: props.name, ...props.environment },
      bundling: pipelineBundling(props.name),
      ...(props.reservedConcurrentExecutions !== undefined && { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
    });
    this.ownRole = role;
    this.acknowledgeRoleFinding(
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray (tracing active): xray:PutTraceSegments and xray:PutTelemetryRecords have no resource-level permissions, "*" is the only resource.',
    );
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is pinned on purpose: the bundles target node22 and the bundle smoke test runs them; Node.js 22 is an LTS release supported by Lambda. Move runtime and esbuild target together.',
    });
  }

  /** Acknowledges a cdk-nag finding on this function's role (where the finding is), with the reason next to the grant. */
  acknowledgeRoleFinding(id: string, reason: string): void {
    Validations.of(this.ownRole).acknowledge({ id, reason });
  }
}
