/**
 * The local Raadspost stack: emulators, bucket and table, the REAL ingest handler from
 * functions/ingest-mail/index.ts, and an SMTP intake that does what SES does (store the raw message under
 * the prefix, then invoke the handler with an SES-shaped event). Only environment variables differ from AWS.
 *
 * It sets process.env for the handler's composition root, so run one stack per process.
 */
import { DynamoDbLetterRepository } from '../../shared/adapters/dynamodb-letter-repository.js';
import { makeDocumentClient, makeS3Client } from '../../shared/adapters/aws-clients.js';
import { S3RawMailStore } from '../../shared/adapters/s3-raw-mail-store.js';
import type { IngestOutcome } from '../../shared/application/ingest-mail.js';
import { ENV, loadConfig, type Config } from '../../shared/config.js';
import type { Letter } from '../../shared/domain/letter.js';
import { LOCAL_AWS_ENV, startEmulators, type EmulatorEndpoints } from './emulators.js';
import { createLocalResources } from './resources.js';
import { buildSesEvent, newSesMessageId } from './ses-event.js';
import { startSmtpIntake, type SmtpEnvelope } from './smtp-intake.js';

export interface LocalStackOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Ports of the emulators and the SMTP intake; 0 picks a free one. */
  readonly ports: { readonly s3: number; readonly dynamodb: number; readonly ses: number; readonly smtp: number };
  readonly bucket: string;
  readonly table: string;
  /** The municipality's mail domains, e.g. ['heemstede.nl']. */
  readonly ownDomains: readonly string[];
  /** @default 'eu-west-1' */
  readonly region?: string;
  /** @default 'inbound/' */
  readonly rawMailPrefix?: string;
  /** Called after each message the intake accepted has been ingested. */
  readonly onIngested?: (mail: IngestedMail) => void;
}

/** One message through the intake: what the handler decided and the record it left. */
export interface IngestedMail {
  readonly messageId: string;
  readonly envelope: SmtpEnvelope;
  readonly outcomes: readonly IngestOutcome[];
  readonly letter: Letter | undefined;
}

export interface LocalStack {
  readonly endpoints: EmulatorEndpoints;
  readonly smtp: { readonly host: string; readonly port: number };
  readonly config: Config;
  /** The letters table, to read what was stored. */
  readonly letters: DynamoDbLetterRepository;
  /** The raw-mail bucket. */
  readonly rawMail: S3RawMailStore;
  /** Stops the intake and the emulators and restores the environment. */
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'eu-west-1';
  const emulators = await startEmulators({ host, ports: options.ports });
  let restore = (): void => undefined;
  try {
    const { endpoints } = emulators;
    restore = setEnv({
      ...LOCAL_AWS_ENV,
      [ENV.region]: region,
      [ENV.rawMailBucket]: options.bucket,
      [ENV.rawMailPrefix]: options.rawMailPrefix ?? 'inbound/',
      [ENV.lettersTable]: options.table,
      [ENV.ownDomains]: options.ownDomains.join(','),
      [ENV.s3Endpoint]: endpoints.s3,
      [ENV.dynamodbEndpoint]: endpoints.dynamodb,
      [ENV.sesEndpoint]: endpoints.ses,
    });
    await createLocalResources({ region, endpoints }, { bucket: options.bucket, table: options.table });
    const config = loadConfig(process.env);
    // The real composition root, imported after the environment is set, exactly as Lambda would load it.
    const { handler } = await import('../../functions/ingest-mail/index.js');

    const rawMail = new S3RawMailStore(makeS3Client(config), config.rawMailBucket);
    const letters = new DynamoDbLetterRepository(makeDocumentClient(config), config.lettersTable);

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
        options.onIngested?.({ messageId, envelope, outcomes, letter: await letters.get(messageId) });
      },
    });

    return {
      endpoints,
      smtp: { host: intake.host, port: intake.port },
      config,
      letters,
      rawMail,
      stop: async () => {
        await intake.stop();
        await emulators.stop();
        restore();
      },
    };
  } catch (err) {
    await emulators.stop();
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
