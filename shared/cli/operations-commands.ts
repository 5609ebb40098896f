/**
 * `raadspost reprocess <message-id> [--force]` and `raadspost reconcile [--overview] [--older-than 10m]`: operations
 * on the deployed pipeline or, with `--local`, on `npm start`. They run the use cases in this process with the same
 * adapters as the functions, configured by the same environment variables:
 *
 *   AWS_REGION, RAW_MAIL_BUCKET, RAW_MAIL_PREFIX, LETTERS_TABLE, OWN_DOMAINS, MUNICIPALITY_NAME, GRIFFIE_ADDRESS,
 *   APPROVERS, APPROVAL_BASE_URL, COUNCIL_LIST (+ optional MAX_MAIL_BYTES, PDF_MAX_PAGES, TOKEN_TTL_DAYS,
 *   REGISTER_SCHEME, DEFAULT_HANDLING, FORWARD_HOURLY_CAP)
 *
 * Against AWS: the values of the deployed functions (`aws lambda get-function-configuration`) and credentials
 * allowed what the ingest and forward functions are allowed. With `--local`: nothing (shared/cli/local-option.ts).
 */
import { parseArgs } from 'node:util';
import { makeDocumentClient } from '../adapters/aws-clients.js';
import { DynamoDbCheckpoint, RAW_MAIL_CHECKPOINT_KEY } from '../adapters/dynamodb-checkpoint.js';
import { buildForwardDeps, buildForwardLetter } from '../adapters/forward-wiring.js';
import { buildIngestDeps } from '../adapters/ingest-wiring.js';
import { makeIngestMail } from '../application/ingest-mail.js';
import { makeReconcile, type ReconcileDeps, type ReconcileReport } from '../application/reconcile.js';
import { makeReprocess, type ReprocessDeps } from '../application/reprocess.js';
import { loadForwardConfig, loadIngestConfig } from '../config.js';
import { parseGrace } from '../domain/duration.js';
import { asError } from '../domain/errors.js';
import { EXIT, UsageError, type CliIo, type Command } from './io.js';
import { LOCAL_OPTION, LOCAL_USAGE, commandEnvironment } from './local-option.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** Both use cases' dependencies from the environment, everything in this process. */
export const operationsDepsFromEnv = (env: Env): ReprocessDeps & ReconcileDeps => {
  const ingestConfig = loadIngestConfig(env);
  const ingest = buildIngestDeps(ingestConfig);
  const forwardConfig = loadForwardConfig(env);
  const forwardDeps = buildForwardDeps(forwardConfig);
  const ingestMail = makeIngestMail(ingest);
  const forwardLetter = buildForwardLetter(forwardConfig, forwardDeps);
  return {
    letters: ingest.letters,
    rawMail: ingest.rawMail,
    checkpoint: new DynamoDbCheckpoint(makeDocumentClient(ingestConfig), ingestConfig.lettersTable, RAW_MAIL_CHECKPOINT_KEY),
    ingestMail,
    ingest: ingestMail,
    requestApproval: ingest.requestApproval,
    forwardLetter,
    forward: { trigger: async (letterId) => void (await forwardLetter({ letterId })) },
    clock: ingest.clock,
    rawMailPrefix: ingestConfig.rawMailPrefix,
    settings: { rawMailPrefix: ingestConfig.rawMailPrefix, campaignWindowDays: ingestConfig.sameness.campaignWindowDays },
  };
};

export const REPROCESS_USAGE = `usage: raadspost reprocess <message-id> [--force] [--local]

Runs one message again and prints the outcome as one JSON line.
  quarantined     read again; the quarantined record is replaced (only while it is still quarantined)
  no record       ingested as SES would have (verdicts unknown)
  other statuses  refused, unless --force: then its pending step runs again, at most once
                  (awaiting_approval: the approval mail; approved, forward_failed, stale forwarding: the forward)
  filed, rejected and forwarded messages are always refused.
${LOCAL_USAGE}

Environment without --local: the deployed functions' variables (see shared/cli/operations-commands.ts).
exit codes: 0 done; 1 refused or failed; 2 usage or configuration error`;

export const RECONCILE_USAGE = `usage: raadspost reconcile [--older-than 1h] [--local]

Ingests raw messages that have no record, starts stuck forwards and missing approval mails again. Prints the report
as one JSON line. (The daily overview, with the quarantined messages: raadspost overzicht.)
  --older-than   how long the pipeline gets before reconcile steps in: 10m, 1h, 2d, or 0 (default 1h)
${LOCAL_USAGE}

Environment without --local: as for reprocess.
exit codes: 0 done; 1 failed (partly: the report lists the failures); 2 usage or configuration error`;

/** `raadspost reprocess`; `env` is read when the command runs. */
export const reprocessCommand = (env: () => Env, deps: (env: Env) => ReprocessDeps = operationsDepsFromEnv): Command => ({
  summary: 'process one message again (quarantined ones; others with --force)',
  usage: REPROCESS_USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let messageId: string;
    let force: boolean;
    let local: boolean;
    try {
      const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { force: { type: 'boolean' }, ...LOCAL_OPTION } });
      if (positionals.length !== 1 || !/^[A-Za-z0-9._-]{1,200}$/.test(positionals[0]!)) throw new UsageError('give exactly one message id');
      messageId = positionals[0]!;
      force = values.force === true;
      local = values.local === true;
    } catch (err) {
      io.err(`raadspost reprocess: ${asError(err).message}\n\n${REPROCESS_USAGE}\n`);
      return EXIT.usage;
    }
    let reprocess;
    try {
      reprocess = makeReprocess(deps(await commandEnvironment(local, env())));
    } catch (err) {
      io.err(`raadspost reprocess: ${asError(err).message}\n`);
      return EXIT.usage;
    }
    try {
      const outcome = await reprocess({ messageId, force });
      await io.out(`${JSON.stringify(outcome)}\n`);
      if (outcome.kind === 'refused') {
        io.err(`raadspost reprocess: ${outcome.reason}\n`);
        return EXIT.failed;
      }
      return EXIT.ok;
    } catch (err) {
      io.err(`raadspost reprocess: ${messageId} failed: ${asError(err).message}\n`);
      return EXIT.failed;
    }
  },
});

/** `raadspost reconcile`. */
export const reconcileCommand = (env: () => Env, deps: (env: Env) => ReconcileDeps = operationsDepsFromEnv): Command => ({
  summary: 'ingest unrecorded raw mail, restart stuck letters and missing approval mails',
  usage: RECONCILE_USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let local: boolean;
    let graceMs: number | undefined;
    try {
      const { values } = parseArgs({ args: [...args], options: { 'older-than': { type: 'string' }, ...LOCAL_OPTION } });
      local = values.local === true;
      if (values['older-than'] !== undefined) {
        const grace = parseGrace(values['older-than'], '--older-than');
        if (!grace.ok) throw new UsageError(grace.message);
        graceMs = grace.ms;
      }
    } catch (err) {
      io.err(`raadspost reconcile: ${asError(err).message}\n\n${RECONCILE_USAGE}\n`);
      return EXIT.usage;
    }
    let reconcile;
    try {
      const d = deps(await commandEnvironment(local, env()));
      reconcile = makeReconcile(graceMs === undefined ? d : { ...d, settings: { ...d.settings, graceMs } });
    } catch (err) {
      io.err(`raadspost reconcile: ${asError(err).message}\n`);
      return EXIT.usage;
    }
    let report: ReconcileReport;
    try {
      report = await reconcile();
    } catch (err) {
      io.err(`raadspost reconcile: failed: ${asError(err).message}\n`);
      return EXIT.failed;
    }
    await io.out(`${JSON.stringify(report)}\n`);
    if (report.failures.length === 0) return EXIT.ok;
    const lines = report.failures.map((f) => `  ${f.step}${f.id ? ` ${f.id}` : ''}: ${f.message}`);
    io.err(`raadspost reconcile: the other steps ran, but ${report.failures.length} part(s) failed:\n${lines.join('\n')}\n`);
    return EXIT.failed;
  },
});
