import * as z from './zod.js';
import type { RegisterScheme } from './domain/approval.js';
import { parseGrace } from './domain/duration.js';
import type { TrustedForwarder } from './domain/forwarded-authentication.js';
import { DEFAULT_RETENTION, type RetentionPolicy } from './domain/retention.js';
import { DEFAULT_SAMENESS_WINDOWS } from './domain/sameness.js';
import { ConfigError } from './domain/errors.js';
import { DEFAULT_HANDLING, DEFAULT_HANDLING_OPTIONS, defaultHandlingIndex, parseHandlingOptions, type HandlingOption } from './domain/handling.js';
import { DEFAULT_PRIVATE_SENDER } from './domain/register-list.js';
import { checkAcknowledgementTemplate, DEFAULT_ACKNOWLEDGEMENT_TEMPLATE } from './domain/acknowledgement.js';

/** Env var names, shared by infra (addEnvironment) and runtime (the loaders) so they cannot drift. */
export const ENV = {
  region: 'AWS_REGION',
  rawMailBucket: 'RAW_MAIL_BUCKET',
  rawMailPrefix: 'RAW_MAIL_PREFIX',
  lettersTable: 'LETTERS_TABLE',
  ownDomains: 'OWN_DOMAINS',
  maxMailBytes: 'MAX_MAIL_BYTES',
  pdfMaxPages: 'PDF_MAX_PAGES',
  pdfTimeoutMs: 'PDF_TIMEOUT_MS',
  pdfMaxMemoryMb: 'PDF_MAX_MEMORY_MB',
  // Approval and forwarding (see the approval issue); each function's loader reads only what it needs.
  municipality: 'MUNICIPALITY_NAME',
  griffieAddress: 'GRIFFIE_ADDRESS',
  approvers: 'APPROVERS',
  councilList: 'COUNCIL_LIST',
  approvalBaseUrl: 'APPROVAL_BASE_URL',
  tokenTtlDays: 'TOKEN_TTL_DAYS',
  duplicateWindowDays: 'DUPLICATE_WINDOW_DAYS',
  campaignWindowDays: 'CAMPAIGN_WINDOW_DAYS',
  registerScheme: 'REGISTER_SCHEME',
  defaultHandling: 'DEFAULT_HANDLING',
  handlingOptions: 'HANDLING_OPTIONS',
  listPrivateSender: 'LIST_PRIVATE_SENDER',
  acknowledgeFunctionName: 'ACKNOWLEDGE_FUNCTION_NAME',
  acknowledgementTemplate: 'ACKNOWLEDGEMENT_TEMPLATE',
  registerBaseUrl: 'REGISTER_BASE_URL',
  forwardFunctionName: 'FORWARD_FUNCTION_NAME',
  forwardHourlyCap: 'FORWARD_HOURLY_CAP',
  ingestFunctionName: 'INGEST_FUNCTION_NAME',
  reconcileOlderThan: 'RECONCILE_OLDER_THAN',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  metricsNamespace: 'METRICS_NAMESPACE',
  trustedForwarders: 'TRUSTED_FORWARDERS',
  retentionRecordDays: 'RETENTION_RECORD_DAYS',
  retentionShortDays: 'RETENTION_SHORT_DAYS',
  retentionQuarantineDays: 'RETENTION_QUARANTINE_DAYS',
  s3Endpoint: 'S3_ENDPOINT',
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  sesEndpoint: 'SES_ENDPOINT',
  lambdaEndpoint: 'LAMBDA_ENDPOINT',
} as const;

// zod/mini (shared/zod.ts) has functions where classic zod has methods: these helpers keep the schemas below short.

/** A string variable turned into another value by `read`, which rejects it by adding an issue to `ctx`. */
const stringTo = <T>(read: (text: string, ctx: z.core.ParsePayload) => T) => z.pipe(z.string(), z.transform(read));

/** Adds a custom issue with `message` for `input`, for `stringTo`'s readers. */
const reject = (ctx: z.core.ParsePayload, input: string, message: string): never => {
  ctx.issues.push({ code: 'custom', message, input });
  return z.NEVER;
};

const lowerCased = (schema: z.ZodMiniType<string, string>) => z.pipe(schema, z.transform((s: string) => s.toLowerCase()));

/** Trimmed, 1 to `max` characters. */
const trimmed = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

const nonEmpty = z.string().check(z.minLength(1));

const atLeastOne = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.minLength(1));

const httpUrl = z.url({ protocol: /^https?$/ });

/** A number read from its variable and held to `checks`, or `fallback` when unset. */
const numberOr = (fallback: number, ...checks: z.core.$ZodCheck<number>[]) => z._default(z.coerce.number().check(...checks), fallback);

/** A whole number from `min` to `max`, or `fallback` when unset. */
const wholeNumber = (min: number, max: number, fallback: number) => numberOr(fallback, z.int(), z.gte(min), z.lte(max));

/** Comma-separated domains, lower-cased, at least one. */
const domainList = z.pipe(
  stringTo((s) => s.split(',').map((d) => d.trim().toLowerCase()).filter(Boolean)),
  atLeastOne(z.string().check(z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'expected a domain such as heemstede.nl'))),
);

/** Comma- or newline-separated addresses, lower-cased, duplicates dropped, at least one. */
const addressList = z.pipe(
  stringTo((s) => [...new Set(s.split(/[,;\n]/).map((a) => a.trim().toLowerCase()).filter(Boolean))]),
  atLeastOne(z.email()),
);

const address = lowerCased(z.email());

const lowerDomain = lowerCased(z.string().check(z.regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i)));

/** TRUSTED_FORWARDERS: a JSON list as infra writes it (infra/config.ts normalises the deployment's context into it). */
const trustedForwarders = z.pipe(
  stringTo((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return reject(ctx, text, 'expected a JSON list of trusted forwarders');
    }
  }),
  z.array(
    z.object({
      name: trimmed(60),
      domains: atLeastOne(lowerDomain),
      authservId: lowerCased(z.string().check(z.regex(/^[a-z0-9.-]+$/i))),
      arcSealer: lowerDomain,
    }),
  ),
);

const registerScheme = z._default(z.enum(['yearly', 'continuous']), 'yearly');
const defaultHandling = z._default(trimmed(200), DEFAULT_HANDLING);
const rawMailPrefix = z._default(z.string(), 'inbound/');
const tokenTtlDays = numberOr(14, z.positive(), z.lte(90));

/** Shared by every function: region, the letters table and the local-only endpoint overrides. */
const BaseSchema = z.object({
  AWS_REGION: nonEmpty,
  LETTERS_TABLE: nonEmpty,
  MUNICIPALITY_NAME: z.string().check(z.trim(), z.minLength(1)),
  // Local and test runs only; never set by infra.
  S3_ENDPOINT: z.optional(z.url()),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  SES_ENDPOINT: z.optional(z.url()),
  LAMBDA_ENDPOINT: z.optional(z.url()),
});

const RawMailSchema = z.object({
  RAW_MAIL_BUCKET: nonEmpty,
  RAW_MAIL_PREFIX: rawMailPrefix,
});

/**
 * Days each kind of mail is kept (shared/domain/retention.ts): the functions that tag raw mail and set the records'
 * expiry. Infra sets the same values as the bucket's lifecycle rules (infra/stacks/mail-storage-stack.ts).
 */
const RetentionSchema = z.object({
  RETENTION_RECORD_DAYS: wholeNumber(1, 36_500, DEFAULT_RETENTION.recordDays),
  RETENTION_SHORT_DAYS: wholeNumber(1, 36_500, DEFAULT_RETENTION.shortDays),
  RETENTION_QUARANTINE_DAYS: wholeNumber(1, 36_500, DEFAULT_RETENTION.quarantineDays),
});

const retention = (e: z.infer<typeof RetentionSchema>): RetentionPolicy => ({
  recordDays: e.RETENTION_RECORD_DAYS,
  shortDays: e.RETENTION_SHORT_DAYS,
  quarantineDays: e.RETENTION_QUARANTINE_DAYS,
});

/** Functions that send mail: from the griffie address, recorded by the configuration set. */
const SendingSchema = z.object({
  /** The verified SES identity's address every message is sent from. */
  GRIFFIE_ADDRESS: address,
  /** The configuration set named on every message (bounce and complaint metrics). Unset locally: the emulator has none. */
  SES_CONFIGURATION_SET: z.optional(nonEmpty),
});

const IngestSchema = z.extend(BaseSchema, {
  ...RawMailSchema.shape,
  ...SendingSchema.shape,
  ...RetentionSchema.shape,
  /** The municipality's own mail domains: mail from them is the organisation itself. */
  OWN_DOMAINS: domainList,
  MAX_MAIL_BYTES: numberOr(40 * 1024 * 1024, z.int(), z.positive()),
  PDF_MAX_PAGES: numberOr(10, z.int(), z.positive(), z.lte(200)),
  /** Time for reading one PDF (in its own process); after it the PDF's text is given up, with a warning. */
  PDF_TIMEOUT_MS: wholeNumber(1000, 120_000, 10_000),
  /** Memory for reading one PDF; a PDF bomb past it costs only that PDF's text. */
  PDF_MAX_MEMORY_MB: wholeNumber(64, 4096, 256),
  /** Who may approve: one approval mail, with its own link, per address. */
  APPROVERS: addressList,
  /** The approval page (the Function URL); the token is added as `?t=`. */
  APPROVAL_BASE_URL: httpUrl,
  TOKEN_TTL_DAYS: tokenTtlDays,
  /**
   * Days in which the same sender, subject, text and attachments make a message a copy of an earlier letter, and a
   * forwarded attachment or paragraph of an earlier letter marks a letter as probably the same.
   */
  DUPLICATE_WINDOW_DAYS: wholeNumber(1, 365, DEFAULT_SAMENESS_WINDOWS.duplicateWindowDays),
  /** Days after a campaign's first letter in which residents' letters with the same text and attachments join it. */
  CAMPAIGN_WINDOW_DAYS: wholeNumber(1, 730, DEFAULT_SAMENESS_WINDOWS.campaignWindowDays),
  /** The griffie's forwarding mail systems whose ARC results are taken (shared/domain/forwarded-authentication.ts). */
  TRUSTED_FORWARDERS: z._default(trustedForwarders, []),
});

/** The afdoeningsvoorstellen: the options (one per line or separated by ; or |, a blank as … or ...) and the default. */
const HandlingSchema = z.object({
  HANDLING_OPTIONS: z.optional(z.string()),
  DEFAULT_HANDLING: defaultHandling,
});

const ApprovalSchema = z.extend(BaseSchema, {
  ...HandlingSchema.shape,
  REGISTER_SCHEME: registerScheme,
  FORWARD_FUNCTION_NAME: nonEmpty,
  /** The page offers the letter's stored attachments (files/ in this bucket) for reading. */
  RAW_MAIL_BUCKET: nonEmpty,
  /** The forward's From, shown on the page as what the raadsleden will see. */
  GRIFFIE_ADDRESS: address,
});

const ForwardSchema = z.extend(BaseSchema, {
  ...RawMailSchema.shape,
  ...SendingSchema.shape,
  ...RetentionSchema.shape,
  /** The raadsleden: sent in BCC, in batches of at most 50. */
  COUNCIL_LIST: addressList,
  /** For letters approved before the afdoeningsvoorstel could be chosen on the page. */
  DEFAULT_HANDLING: defaultHandling,
  REGISTER_SCHEME: registerScheme,
  /** Optional here; when set, the council list may not contain an approver either. */
  APPROVERS: z.optional(addressList),
  /** Most letters forwarded to the council per hour (loop and abuse protection). */
  FORWARD_HOURLY_CAP: numberOr(20, z.int(), z.positive(), z.lte(10_000)),
  /** CloudWatch namespace of Raadspost's own metrics (shared/metrics.ts); the stage's in AWS. */
  METRICS_NAMESPACE: z._default(z.string().check(z.regex(/^[A-Za-z0-9/_.#:-]{1,255}$/)), 'Raadspost/local'),
  /** The acknowledgement function, started after each forward; unset: no acknowledgements. */
  ACKNOWLEDGE_FUNCTION_NAME: z.optional(nonEmpty),
});

const DeadLettersSchema = z.extend(BaseSchema, {
  ...SendingSchema.shape,
  RAW_MAIL_PREFIX: rawMailPrefix,
  APPROVERS: addressList,
});

/** `10m`, `1h`, `2d` (0 to 7 days) as milliseconds. */
const grace = stringTo((text, ctx) => {
  const parsed = parseGrace(text, ENV.reconcileOlderThan);
  return parsed.ok ? parsed.ms : reject(ctx, text, parsed.message);
});

/**
 * Ingest's environment plus the functions it starts again (re-ingest and forwards run in their own functions) and how
 * long the pipeline gets before it steps in.
 */
const ReconcileSchema = z.extend(IngestSchema, {
  FORWARD_FUNCTION_NAME: nonEmpty,
  INGEST_FUNCTION_NAME: nonEmpty,
  RECONCILE_OLDER_THAN: z.optional(grace),
  /** The register function's Function URL: the daily overview's links. */
  REGISTER_BASE_URL: httpUrl,
  /** Acknowledgements that a forward could not start are started again (unset: none are sent). */
  ACKNOWLEDGE_FUNCTION_NAME: z.optional(nonEmpty),
});

export interface Endpoints {
  readonly s3?: string | undefined;
  readonly dynamodb?: string | undefined;
  readonly ses?: string | undefined;
  readonly lambda?: string | undefined;
}

export interface BaseConfig {
  readonly region: string;
  readonly lettersTable: string;
  /** "Heemstede": shown in mails and pages. */
  readonly municipality: string;
  readonly endpoints: Endpoints;
}

/** What every sending function knows about sending. */
export interface SendingConfig {
  /** SES configuration set named on every message; absent locally. */
  readonly configurationSet?: string;
}

export interface IngestConfig extends BaseConfig, SendingConfig {
  readonly rawMailBucket: string;
  readonly rawMailPrefix: string;
  readonly ownDomains: readonly string[];
  readonly maxMailBytes: number;
  readonly pdfMaxPages: number;
  readonly pdfTimeoutMs: number;
  readonly pdfMaxMemoryMb: number;
  readonly sameness: { readonly duplicateWindowDays: number; readonly campaignWindowDays: number };
  readonly trustedForwarders: readonly TrustedForwarder[];
  readonly retention: RetentionPolicy;
  readonly approval: {
    readonly from: string;
    readonly approvers: readonly string[];
    readonly baseUrl: string;
    readonly tokenTtlDays: number;
  };
}

/** The afdoeningsvoorstellen the approval page offers, and the one chosen until the griffier picks another. */
export interface HandlingConfig {
  readonly options: readonly HandlingOption[];
  readonly defaultIndex: number;
}

export interface ApprovalConfig extends BaseConfig {
  readonly handling: HandlingConfig;
  readonly registerScheme: RegisterScheme;
  readonly forwardFunctionName: string;
  readonly rawMailBucket: string;
  readonly griffieAddress: string;
}

export interface ForwardConfig extends BaseConfig, SendingConfig {
  readonly rawMailBucket: string;
  readonly rawMailPrefix: string;
  readonly griffieAddress: string;
  readonly councilList: readonly string[];
  readonly defaultHandling: string;
  readonly registerScheme: RegisterScheme;
  readonly hourlyCap: number;
  /** Where PermanentForwardFailures is counted. */
  readonly metricsNamespace: string;
  /** A decided letter's term as a record (its retention starts in the forward function). */
  readonly retention: RetentionPolicy;
  /** Started after each forward; absent: no acknowledgements are sent. */
  readonly acknowledgeFunctionName?: string;
}

export interface DeadLettersConfig extends BaseConfig, SendingConfig {
  readonly rawMailPrefix: string;
  readonly griffieAddress: string;
  /** Who is told about dead letters and quarantine: the approvers. */
  readonly approvers: readonly string[];
}

export interface ReconcileConfig extends IngestConfig {
  readonly forwardFunctionName: string;
  /** Re-ingest goes through the ingest function (its retries, its failure queue, its PDF bundle). */
  readonly ingestFunctionName: string;
  /** RECONCILE_OLDER_THAN: how long the pipeline gets before the reconciler steps in. @default the use case's (1 hour) */
  readonly graceMs?: number;
  /** The daily overview's links start here (the register function). */
  readonly registerBaseUrl: string;
  readonly acknowledgeFunctionName?: string;
}

const parse = <S extends z.ZodMiniType>(schema: S, env: Record<string, string | undefined>, fn: string): z.infer<S> => {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid environment for ${fn}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
};

const sending = (e: z.infer<typeof SendingSchema>): SendingConfig => (e.SES_CONFIGURATION_SET ? { configurationSet: e.SES_CONFIGURATION_SET } : {});

const base = (e: z.infer<typeof BaseSchema>): BaseConfig => ({
  region: e.AWS_REGION,
  lettersTable: e.LETTERS_TABLE,
  municipality: e.MUNICIPALITY_NAME,
  endpoints: { s3: e.S3_ENDPOINT, dynamodb: e.DYNAMODB_ENDPOINT, ses: e.SES_ENDPOINT, lambda: e.LAMBDA_ENDPOINT },
});

/** Reads and validates the ingest function's environment once, at cold start: a bad value fails the first call, not the 1,000th mail. */
export function loadIngestConfig(env: Record<string, string | undefined>): IngestConfig {
  const e = parse(IngestSchema, env, 'ingest-mail');
  return {
    ...base(e),
    ...sending(e),
    rawMailBucket: e.RAW_MAIL_BUCKET,
    rawMailPrefix: e.RAW_MAIL_PREFIX,
    ownDomains: e.OWN_DOMAINS,
    maxMailBytes: e.MAX_MAIL_BYTES,
    pdfMaxPages: e.PDF_MAX_PAGES,
    pdfTimeoutMs: e.PDF_TIMEOUT_MS,
    pdfMaxMemoryMb: e.PDF_MAX_MEMORY_MB,
    sameness: { duplicateWindowDays: e.DUPLICATE_WINDOW_DAYS, campaignWindowDays: e.CAMPAIGN_WINDOW_DAYS },
    trustedForwarders: e.TRUSTED_FORWARDERS,
    retention: retention(e),
    approval: {
      from: e.GRIFFIE_ADDRESS,
      approvers: e.APPROVERS,
      baseUrl: e.APPROVAL_BASE_URL,
      tokenTtlDays: e.TOKEN_TTL_DAYS,
    },
  };
}

/** HANDLING_OPTIONS and DEFAULT_HANDLING as checked options. @throws ConfigError naming the variable */
const handlingConfig = (e: z.infer<typeof HandlingSchema>, fn: string): HandlingConfig => {
  let options: HandlingOption[];
  try {
    options = parseHandlingOptions(e.HANDLING_OPTIONS ?? DEFAULT_HANDLING_OPTIONS);
  } catch (err) {
    throw new ConfigError(`invalid environment for ${fn}: ${ENV.handlingOptions}: ${(err as Error).message}`);
  }
  try {
    return { options, defaultIndex: defaultHandlingIndex(options, e.DEFAULT_HANDLING) };
  } catch (err) {
    throw new ConfigError(`invalid environment for ${fn}: ${ENV.defaultHandling}: ${(err as Error).message}`);
  }
};

/** The approval page's environment. */
export function loadApprovalConfig(env: Record<string, string | undefined>): ApprovalConfig {
  const e = parse(ApprovalSchema, env, 'approval');
  return {
    ...base(e),
    handling: handlingConfig(e, 'approval'),
    registerScheme: e.REGISTER_SCHEME,
    forwardFunctionName: e.FORWARD_FUNCTION_NAME,
    rawMailBucket: e.RAW_MAIL_BUCKET,
    griffieAddress: e.GRIFFIE_ADDRESS,
  };
}

/**
 * The forward function's environment. Refuses a council list that contains the griffie's own address (every
 * forward would come back in as new mail: a loop) or, when APPROVERS is set, an approver.
 */
export function loadForwardConfig(env: Record<string, string | undefined>): ForwardConfig {
  const e = parse(ForwardSchema, env, 'forward-letter');
  if (e.COUNCIL_LIST.includes(e.GRIFFIE_ADDRESS)) {
    throw new ConfigError(
      `invalid environment for forward-letter: ${ENV.councilList} contains ${ENV.griffieAddress} (${e.GRIFFIE_ADDRESS}); forwards would loop back into the griffie's mailbox, remove it from the list`,
    );
  }
  const approverInList = e.APPROVERS?.find((a) => e.COUNCIL_LIST.includes(a));
  if (approverInList) {
    throw new ConfigError(
      `invalid environment for forward-letter: ${ENV.councilList} contains the approver ${approverInList}; approvers are not raadsleden, remove it from the list`,
    );
  }
  return {
    ...base(e),
    ...sending(e),
    rawMailBucket: e.RAW_MAIL_BUCKET,
    rawMailPrefix: e.RAW_MAIL_PREFIX,
    griffieAddress: e.GRIFFIE_ADDRESS,
    councilList: e.COUNCIL_LIST,
    defaultHandling: e.DEFAULT_HANDLING,
    registerScheme: e.REGISTER_SCHEME,
    hourlyCap: e.FORWARD_HOURLY_CAP,
    metricsNamespace: e.METRICS_NAMESPACE,
    retention: retention(e),
    ...(e.ACKNOWLEDGE_FUNCTION_NAME && { acknowledgeFunctionName: e.ACKNOWLEDGE_FUNCTION_NAME }),
  };
}

/** The dead-letter function's environment. */
export function loadDeadLettersConfig(env: Record<string, string | undefined>): DeadLettersConfig {
  const e = parse(DeadLettersSchema, env, 'dead-letters');
  return { ...base(e), ...sending(e), rawMailPrefix: e.RAW_MAIL_PREFIX, griffieAddress: e.GRIFFIE_ADDRESS, approvers: e.APPROVERS };
}

/** The reconciler's environment: the ingest function's plus the names of the functions it starts again and its grace period. */
export function loadReconcileConfig(env: Record<string, string | undefined>): ReconcileConfig {
  const e = parse(ReconcileSchema, env, 'reconcile');
  return {
    ...loadIngestConfig(env),
    forwardFunctionName: e.FORWARD_FUNCTION_NAME,
    ingestFunctionName: e.INGEST_FUNCTION_NAME,
    ...(e.RECONCILE_OLDER_THAN !== undefined && { graceMs: e.RECONCILE_OLDER_THAN }),
    registerBaseUrl: e.REGISTER_BASE_URL,
    ...(e.ACKNOWLEDGE_FUNCTION_NAME && { acknowledgeFunctionName: e.ACKNOWLEDGE_FUNCTION_NAME }),
  };
}

const ListSchema = z.extend(BaseSchema, {
  REGISTER_SCHEME: registerScheme,
  DEFAULT_HANDLING: defaultHandling,
  /** How a private person is named on the public list ("inwoner", "burger"). */
  LIST_PRIVATE_SENDER: z._default(trimmed(40), DEFAULT_PRIVATE_SENDER),
});

/** What the lijst ingekomen stukken needs (`raadspost lijst`, the register function). */
export interface ListConfig extends BaseConfig {
  readonly registerScheme: RegisterScheme;
  readonly defaultHandling: string;
  readonly privateSender: string;
}

/** The lijst ingekomen stukken's environment. */
export function loadListConfig(env: Record<string, string | undefined>): ListConfig {
  const e = parse(ListSchema, env, 'lijst');
  return { ...base(e), registerScheme: e.REGISTER_SCHEME, defaultHandling: e.DEFAULT_HANDLING, privateSender: e.LIST_PRIVATE_SENDER };
}

const AcknowledgeSchema = z.extend(BaseSchema, {
  ...SendingSchema.shape,
  OWN_DOMAINS: domainList,
  /** The acknowledgement's text with {afzender}, {ontvangen}, {onderwerp}, {nummer}, {afdoeningsvoorstel}, {gemeente}; \n for a new line. */
  ACKNOWLEDGEMENT_TEMPLATE: z.optional(z.string()),
  DEFAULT_HANDLING: defaultHandling,
});

/** The acknowledgement function's settings. */
export interface AcknowledgeConfig extends BaseConfig, SendingConfig {
  readonly griffieAddress: string;
  readonly ownDomains: readonly string[];
  readonly template: string;
  readonly defaultHandling: string;
}

/** The acknowledgement function's environment; a template with an unknown placeholder or without {nummer} fails here. */
export function loadAcknowledgeConfig(env: Record<string, string | undefined>): AcknowledgeConfig {
  const e = parse(AcknowledgeSchema, env, 'acknowledge');
  let template: string;
  try {
    template = checkAcknowledgementTemplate(e.ACKNOWLEDGEMENT_TEMPLATE ?? DEFAULT_ACKNOWLEDGEMENT_TEMPLATE);
  } catch (err) {
    throw new ConfigError(`invalid environment for acknowledge: ${ENV.acknowledgementTemplate}: ${(err as Error).message}`);
  }
  return { ...base(e), ...sending(e), griffieAddress: e.GRIFFIE_ADDRESS, ownDomains: e.OWN_DOMAINS, template, defaultHandling: e.DEFAULT_HANDLING };
}

const RegisterSchema = z.extend(ListSchema, {
  ...SendingSchema.shape,
  ...RetentionSchema.shape,
  /** The approval mail after "Voorleggen aan de raad" carries the letter's PDFs (files/ in this bucket); a corrected message's raw mail is retagged. */
  RAW_MAIL_BUCKET: nonEmpty,
  RAW_MAIL_PREFIX: rawMailPrefix,
  APPROVERS: addressList,
  APPROVAL_BASE_URL: httpUrl,
  TOKEN_TTL_DAYS: tokenTtlDays,
});

/** The register function's settings: the pages of the daily overview's links and the list downloads. */
export interface RegisterConfig extends ListConfig, SendingConfig {
  readonly rawMailBucket: string;
  /** A corrected message's retention (it becomes pending, or a record). */
  readonly retention: RetentionPolicy;
  /** The approval mail for a message put before the council, as ingest sends it. */
  readonly approval: IngestConfig['approval'];
}

/** The register function's environment. */
export function loadRegisterConfig(env: Record<string, string | undefined>): RegisterConfig {
  const e = parse(RegisterSchema, env, 'register');
  return {
    ...loadListConfig(env),
    ...sending(e),
    rawMailBucket: e.RAW_MAIL_BUCKET,
    retention: retention(e),
    approval: { from: e.GRIFFIE_ADDRESS, approvers: e.APPROVERS, baseUrl: e.APPROVAL_BASE_URL, tokenTtlDays: e.TOKEN_TTL_DAYS },
  };
}

const OverviewSchema = z.extend(BaseSchema, {
  ...SendingSchema.shape,
  APPROVERS: addressList,
  REGISTER_BASE_URL: httpUrl,
  TOKEN_TTL_DAYS: tokenTtlDays,
});

/** What the daily overview needs (the reconciler has all of it; `raadspost overzicht` reads only this). */
export interface OverviewConfig extends BaseConfig, SendingConfig {
  readonly approval: Pick<IngestConfig['approval'], 'from' | 'approvers' | 'tokenTtlDays'>;
  readonly registerBaseUrl: string;
}

/** The daily overview's environment. */
export function loadOverviewConfig(env: Record<string, string | undefined>): OverviewConfig {
  const e = parse(OverviewSchema, env, 'overzicht');
  return {
    ...base(e),
    ...sending(e),
    approval: { from: e.GRIFFIE_ADDRESS, approvers: e.APPROVERS, tokenTtlDays: e.TOKEN_TTL_DAYS },
    registerBaseUrl: e.REGISTER_BASE_URL,
  };
}

const CorrectionsSchema = z.extend(BaseSchema, { RAW_MAIL_BUCKET: nonEmpty });

/** What `raadspost correcties` needs: the corrections log and the raw messages. */
export interface CorrectionsConfig extends BaseConfig {
  readonly rawMailBucket: string;
}

/** `raadspost correcties`'s environment. */
export function loadCorrectionsConfig(env: Record<string, string | undefined>): CorrectionsConfig {
  const e = parse(CorrectionsSchema, env, 'correcties');
  return { ...base(e), rawMailBucket: e.RAW_MAIL_BUCKET };
}

/** The functions under functions/<name>/index.ts. */
export const FUNCTION_NAMES = ['ingest-mail', 'approval', 'forward-letter', 'dead-letters', 'reconcile', 'acknowledge', 'register'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/**
 * What each function's loader reads: the one declaration of a function's variables. The stack's environment is typed
 * by it (infra/functions.ts) and the infra tests check every synthesised environment against it, both ways.
 */
export const FUNCTION_ENVIRONMENTS = {
  'ingest-mail': IngestSchema,
  approval: ApprovalSchema,
  'forward-letter': ForwardSchema,
  'dead-letters': DeadLettersSchema,
  reconcile: ReconcileSchema,
  acknowledge: AcknowledgeSchema,
  register: RegisterSchema,
} as const satisfies Record<FunctionName, z.ZodMiniObject>;

/** Set by Lambda itself, or only for local runs: never part of a deployed function's declared environment. */
export const RUNTIME_PROVIDED_VARIABLES = [ENV.region, ENV.s3Endpoint, ENV.dynamodbEndpoint, ENV.sesEndpoint, ENV.lambdaEndpoint] as const;

/** The variables a deployed function may be given: its loader's, minus the runtime-provided ones. */
export type FunctionEnvironment<F extends FunctionName> = Omit<
  { [K in keyof z.input<(typeof FUNCTION_ENVIRONMENTS)[F]>]: string },
  (typeof RUNTIME_PROVIDED_VARIABLES)[number]
>;
