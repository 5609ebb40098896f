/**
 * The local Raadspost stack: emulators, bucket and table, the REAL handlers of all three functions
 * (functions/ingest-mail, functions/approval, functions/forward-letter, each from its index.ts), and:
 * - an SMTP intake that does what SES does (store the raw message under the prefix, then invoke the ingest
 *   handler with an SES-shaped event);
 * - the approval page served like a Lambda Function URL (infra/local/function-url-server.ts);
 * - the Lambda Invoke API (infra/local/lambda-invoke-emulator.ts), so the approval function's real forward
 *   trigger reaches the forward handler in-process.
 * Only environment variables differ from AWS: endpoints, names and the approval page's URL.
 *
 * It sets process.env for the handlers' composition roots, so run one stack per process.
 */
import { MAX_FORM_BYTES } from '../../shared/web/function-url-request.js';
import { DynamoDbLetterRepository } from '../../shared/adapters/dynamodb-letter-repository.js';
import { makeDocumentClient, makeS3Client } from '../../shared/adapters/aws-clients.js';
import { S3RawMailStore } from '../../shared/adapters/s3-raw-mail-store.js';
import type { IngestOutcome } from '../../shared/application/ingest-mail.js';
import { loadIngestConfig, type IngestConfig } from '../../shared/config.js';
import type { Acknowledgement } from '../../shared/domain/acknowledgement.js';
import type { Letter } from '../../shared/domain/letter.js';
import { LOCAL_AWS_ENV, startEmulators, type EmulatorEndpoints } from './emulators.js';
import { startFunctionUrlServer, type FunctionUrlHandler } from './function-url-server.js';
import { startLambdaInvokeEmulator, type InProcessFunction, type InvocationRecord } from './lambda-invoke-emulator.js';
import { HEEMSTEDE_DEMO, LOCAL_ACKNOWLEDGE_FUNCTION, LOCAL_FORWARD_FUNCTION, localFunctionEnvironment, type ApprovalSettings } from './local-config.js';
import { createLocalResources } from './resources.js';
import { approvalLinksIn, readSesMailbox, type StoredMail } from './ses-mailbox.js';
import { buildSesEvent, newSesMessageId } from './ses-event.js';
import { startSmtpIntake, type SmtpEnvelope } from './smtp-intake.js';

export interface LocalStackOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /**
   * Ports of the emulators, the SMTP intake, the approval and register pages and the Lambda API; 0 picks a free one.
   * @default approval, register and lambda: 0
   */
  readonly ports: {
    readonly s3: number;
    readonly dynamodb: number;
    readonly ses: number;
    readonly smtp: number;
    readonly approval?: number;
    readonly register?: number;
    readonly lambda?: number;
  };
  readonly bucket: string;
  readonly table: string;
  /** The municipality's mail domains, e.g. ['heemstede.nl']. */
  readonly ownDomains: readonly string[];
  /** @default 'eu-west-1' */
  readonly region?: string;
  /**
   * Keep DynamoDB's and S3's data in this folder across restarts (infra/local/data-folder.ts holds it for one process).
   * @default in memory: gone after stop
   */
  readonly dataDir?: string;
  /** @default 'inbound/' */
  readonly rawMailPrefix?: string;
  /** @default HEEMSTEDE_DEMO */
  readonly approval?: ApprovalSettings;
  /** Called after each message the intake accepted has been ingested. */
  readonly onIngested?: (mail: IngestedMail) => void;
  /** Called after each run of the forward function (invoked by the approval function), successful or not. */
  readonly onForwardRun?: (run: ForwardRun) => void;
  /** Called after each run of the acknowledgement function (invoked by the forward function). */
  readonly onAcknowledged?: (run: AcknowledgementRun) => void;
}

/** One run of the acknowledgement function: the acknowledgements that reached the SES emulator, and the records of them. */
export interface AcknowledgementRun {
  readonly letterId: string;
  readonly letter: Letter | undefined;
  /** Every acknowledgement of the letter so far (this run's and earlier ones'). */
  readonly acknowledgements: readonly Acknowledgement[];
  readonly mails: readonly StoredMail[];
  readonly error?: Error;
}

/** One run of the forward function: the letter as it was left, and the forward mails that reached the SES emulator. */
export interface ForwardRun {
  readonly letterId: string;
  readonly letter: Letter | undefined;
  /**
   * The forward's messages in the SES emulator (the ones the letter's forward record names). Their BCC
   * recipients are not in the emulator's store (it reads recipients from the headers of raw mail), so the
   * recipient count is the record's.
   */
  readonly mails: readonly StoredMail[];
  readonly error?: Error;
}

/** One message through the intake: what the handler decided and the record it left. */
export interface IngestedMail {
  readonly messageId: string;
  readonly envelope: SmtpEnvelope;
  readonly outcomes: readonly IngestOutcome[];
  readonly letter: Letter | undefined;
  /** Links to the approval page from the approval mail(s) this message caused (one per approver). */
  readonly approvalLinks: readonly string[];
}

export interface LocalStack {
  readonly endpoints: EmulatorEndpoints;
  readonly smtp: { readonly host: string; readonly port: number };
  readonly config: IngestConfig;
  /** The letters table, to read what was stored. */
  readonly letters: DynamoDbLetterRepository;
  /** The raw-mail bucket. */
  readonly rawMail: S3RawMailStore;
  /** The approval page (the Function URL's stand-in); approval links start with this. */
  readonly approval: { readonly url: string; readonly settings: ApprovalSettings };
  /** The register pages (the register function's Function URL stand-in); the daily overview's links start with this. */
  readonly register: { readonly url: string };
  /** The Lambda API stand-in; `idle()` resolves when no forward is running. */
  readonly lambda: { readonly endpoint: string; idle(): Promise<void> };
  /** Stops the intake, the servers and the emulators and restores the environment. */
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'eu-west-1';
  const settings = options.approval ?? HEEMSTEDE_DEMO;
  const emulators = await startEmulators({ host, ports: options.ports, ...(options.dataDir && { dataDir: options.dataDir }) });
  const stops: (() => Promise<void>)[] = [() => emulators.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  let restore = (): void => undefined;
  try {
    const { endpoints } = emulators;

    // The approval page and the Lambda API listen first: their URLs go into the environment the handlers read
    // at import. The handlers are plugged in once imported.
    let approvalHandler: FunctionUrlHandler | undefined;
    const approvalServer = await startFunctionUrlServer({
      host,
      port: options.ports.approval ?? 0,
      maxBodyBytes: MAX_FORM_BYTES, // the pages' own limit, as on AWS

      handler: (event) =>
        approvalHandler ? approvalHandler(event) : Promise.resolve({ statusCode: 503, headers: { 'retry-after': '1' }, body: 'starting' }),
    });
    stops.push(() => approvalServer.stop());
    let registerHandler: FunctionUrlHandler | undefined;
    const registerServer = await startFunctionUrlServer({
      host,
      port: options.ports.register ?? 0,
      maxBodyBytes: MAX_FORM_BYTES, // the register pages' own limit, as on AWS
      handler: (event) =>
        registerHandler ? registerHandler(event) : Promise.resolve({ statusCode: 503, headers: { 'retry-after': '1' }, body: 'starting' }),
    });
    stops.push(() => registerServer.stop());

    const functions: Record<string, InProcessFunction> = {};
    let forwardRun: (record: InvocationRecord) => Promise<void> = async () => undefined;
    const lambda = await startLambdaInvokeEmulator({
      host,
      port: options.ports.lambda ?? 0,
      region,
      functions,
      onInvoked: (record) => forwardRun(record),
      // Reported through onForwardRun; AWS would retry twice and then use the on-failure destination.
      onAsyncError: () => undefined,
    });
    stops.push(() => lambda.stop());

    restore = setEnv({
      ...LOCAL_AWS_ENV,
      ...localFunctionEnvironment({
        region,
        bucket: options.bucket,
        table: options.table,
        rawMailPrefix: options.rawMailPrefix ?? 'inbound/',
        ownDomains: options.ownDomains,
        approval: settings,
        approvalBaseUrl: approvalServer.url,
        registerBaseUrl: registerServer.url,
        endpoints: { ...endpoints, lambda: lambda.endpoint },
      }),
    });
    await createLocalResources({ region, endpoints }, { bucket: options.bucket, table: options.table });
    const config = loadIngestConfig(process.env);
    // The real composition roots, imported after the environment is set, exactly as Lambda would load them.
    const { handler } = await import('../../functions/ingest-mail/index.js');
    approvalHandler = (await import('../../functions/approval/index.js')).handler;
    functions[LOCAL_FORWARD_FUNCTION] = (await import('../../functions/forward-letter/index.js')).handler;
    functions[LOCAL_ACKNOWLEDGE_FUNCTION] = (await import('../../functions/acknowledge/index.js')).handler;
    registerHandler = (await import('../../functions/register/index.js')).handler;

    const rawMail = new S3RawMailStore(makeS3Client(config), config.rawMailBucket);
    const letters = new DynamoDbLetterRepository(makeDocumentClient(config), config.lettersTable);

    // The SES emulator's store is where the approval mails and forwards land; remember what was already there.
    const seen = new Set((await readSesMailbox(endpoints.ses)).map((m) => m.messageId));
    const newMails = async (): Promise<StoredMail[]> => {
      const fresh = (await readSesMailbox(endpoints.ses)).filter((m) => !seen.has(m.messageId));
      for (const m of fresh) seen.add(m.messageId);
      return fresh;
    };

    forwardRun = async (record) => {
      const letterId = (record.payload as { letterId?: unknown } | null)?.letterId;
      if (typeof letterId !== 'string') return;
      if (record.functionName === LOCAL_ACKNOWLEDGE_FUNCTION && options.onAcknowledged) {
        const letter = await letters.get(letterId);
        const acknowledgements: Acknowledgement[] = [];
        let cursor: string | undefined;
        do {
          const page = await letters.listAcknowledgements(letterId, cursor);
          acknowledgements.push(...page.items);
          cursor = page.cursor;
        } while (cursor);
        const ids = new Set(acknowledgements.flatMap(({ record: a }) => (a.providerMessageId ? [a.providerMessageId] : [])));
        const mails = (await readSesMailbox(endpoints.ses)).filter((m) => ids.has(m.messageId));
        options.onAcknowledged({ letterId, letter, acknowledgements, mails, ...(record.error && { error: record.error }) });
        return;
      }
      if (record.functionName !== LOCAL_FORWARD_FUNCTION || !options.onForwardRun) return;
      const letter = await letters.get(letterId);
      const ids = new Set(letter?.forwarding?.providerMessageIds ?? []);
      const mails = (await readSesMailbox(endpoints.ses)).filter((m) => ids.has(m.messageId));
      options.onForwardRun({ letterId, letter, mails, ...(record.error && { error: record.error }) });
    };

    const intake = await startSmtpIntake({
      host,
      port: options.ports.smtp,
      maxBytes: config.maxMailBytes,
      onMessage: async (raw, envelope) => {
        // What SES does: the S3 action stores the message, then the Lambda action gets the event.
        const messageId = newSesMessageId();
        await rawMail.put(`${config.rawMailPrefix}${messageId}`, raw);
        const event = buildSesEvent({ messageId, raw, source: envelope.from, recipients: envelope.to });
        const { outcomes } = await handler(event);
        const approvalLinks = (await newMails()).flatMap((m) => approvalLinksIn(m, approvalServer.url));
        options.onIngested?.({ messageId, envelope, outcomes, letter: await letters.get(messageId), approvalLinks });
      },
    });
    stops.push(() => intake.stop());

    return {
      endpoints,
      smtp: { host: intake.host, port: intake.port },
      config,
      letters,
      rawMail,
      approval: { url: approvalServer.url, settings },
      register: { url: registerServer.url },
      lambda: { endpoint: lambda.endpoint, idle: () => lambda.idle() },
      stop: async () => {
        await stopAll();
        restore();
      },
    };
  } catch (err) {
    await stopAll();
    restore();
    throw err;
  }
}

/** Sets variables and returns a function that puts the previous values back. */
function setEnv(vars: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
