/**
 * The functions, each declared once: its limits, what it uses, and the settings it reads. What a function uses
 * gives it both the variables that name the resource and the permissions on exactly that resource (the hexagonal
 * samples' AppEntryPoint(environment, permissions)); plain settings are typed by the function's own loader
 * (shared/config.ts FUNCTION_ENVIRONMENTS), and the infra tests check every synthesised environment against that loader.
 *
 * To add a function: a folder functions/<name>/ with index.ts, its schema in FUNCTION_ENVIRONMENTS, and one entry here.
 */
import { Duration } from 'aws-cdk-lib';
import type { LettersIndexName } from '../shared/adapters/dynamodb-letter-repository.js';
import { ENV, type FunctionEnvironment, type FunctionName } from '../shared/config.js';
import { resourceNames, retentionPolicy, type StageConfig } from './config.js';

/** DynamoDB actions a role may get on the letters table (items LETTER#, TOKEN#, COUNTER#; shared/adapters/dynamodb-*.ts). */
export type TableAction = 'dynamodb:GetItem' | 'dynamodb:PutItem' | 'dynamodb:UpdateItem' | 'dynamodb:DeleteItem' | 'dynamodb:Query';

/**
 * Access to raw mail under the prefix:
 * - `read`: s3:GetObject, and kms:Decrypt through S3 only (ListBucket too, so a missing key is NoSuchKey, not AccessDenied);
 * - `list`: s3:ListBucket under the prefix only (the reconciler finds unrecorded mail, never reads it);
 * - `tag`: s3:PutObjectTagging (the retention tag);
 * - `restart-retention`: store a raw object again onto itself (s3:PutObject only as a copy from raw mail, the tag, and
 *   kms:GenerateDataKey through S3), so its retention counts from its handling.
 */
export type RawMailAccess = 'read' | 'list' | 'tag' | 'restart-retention';

/**
 * Access to the letters' attachment copies (`files/` in the raw-mail bucket, shared/domain/letter.ts): `read`
 * (s3:GetObject, ListBucket for NoSuchKey, and kms:Decrypt through S3; also what a temporary download link is signed
 * with), `write` (s3:PutObject
 * and kms:GenerateDataKey through S3), `tag` (s3:PutObjectTagging: their retention tag).
 */
export type LetterFilesAccess = 'read' | 'write' | 'tag';

/** Values the declarations refer to that exist only once the stack's resources do. */
export interface DeclarationContext {
  readonly config: StageConfig;
  /** The approval page's base URL (its Function URL). */
  readonly approvalUrl: string;
  /** The register pages' base URL (the register function's Function URL): the daily overview's links. */
  readonly registerUrl: string;
}

export interface FunctionDeclaration<F extends FunctionName> {
  /** Construct ID in the pipeline stack (and so of its role, log group and alarms); never renamed. */
  readonly id: string;
  readonly timeout: Duration;
  /** @default 1024 (PipelineFunction) */
  readonly memorySize?: number;
  /** Reserved concurrency. @default none: the function shares the account's unreserved concurrency */
  readonly reservedConcurrency?: (config: StageConfig) => number;
  /** LETTERS_TABLE, and exactly these actions on the table. */
  readonly letters: readonly TableAction[];
  /** dynamodb:Query on exactly these indexes of the table (LETTERS_INDEXES). @default none */
  readonly lettersIndexes?: readonly LettersIndexName[];
  /** Whether the deployment has this function at all. @default always */
  readonly when?: (config: StageConfig) => boolean;
  /** RAW_MAIL_BUCKET and RAW_MAIL_PREFIX, and this access under the prefix. @default no access */
  readonly rawMail?: readonly RawMailAccess[];
  /** RAW_MAIL_BUCKET (the copies live beside the raw mail), and this access under `files/`. @default no access */
  readonly letterFiles?: readonly LetterFilesAccess[];
  /**
   * GRIFFIE_ADDRESS and the list it mails (APPROVERS or COUNCIL_LIST), and ses:SendEmail/SendRawEmail from the griffie
   * address to exactly those addresses; `senders`: from the griffie address to any address (the acknowledgements to the
   * letters' senders: one function only, which reads nothing but the letters). @default sends nothing
   */
  readonly mailsTo?: 'approvers' | 'council' | 'senders';
  /**
   * The name variable of each function it starts (FORWARD_FUNCTION_NAME, ...) and lambda:InvokeFunction on exactly them;
   * a function the deployment does not have (`when`) is left out.
   */
  readonly invokes?: readonly InvokableFunction[];
  /** Settings without a grant, under the variable names the function's loader reads. */
  readonly settings: (ctx: DeclarationContext) => Partial<FunctionEnvironment<F>>;
}

/** Functions another one starts, and the variable that carries the name. */
export const INVOKE_VARIABLES = {
  'forward-letter': ENV.forwardFunctionName,
  'ingest-mail': ENV.ingestFunctionName,
  acknowledge: ENV.acknowledgeFunctionName,
} as const satisfies Partial<Record<FunctionName, string>>;
export type InvokableFunction = keyof typeof INVOKE_VARIABLES;

const list = (values: readonly string[]): string => values.join(',');

/** The retention terms: for the functions that tag raw mail and set the records' expiry. */
const retentionSettings = ({ config }: DeclarationContext) => {
  const policy = retentionPolicy(config);
  return {
    [ENV.retentionRecordDays]: String(policy.recordDays),
    [ENV.retentionShortDays]: String(policy.shortDays),
    [ENV.retentionQuarantineDays]: String(policy.quarantineDays),
  };
};

/** The approval mail's settings: what ingest and the reconciler (which sends missing approval mails) read. */
const approvalMailSettings = ({ config, approvalUrl }: DeclarationContext) => ({
  [ENV.ownDomains]: list(config.ownDomains),
  [ENV.municipality]: config.municipality,
  [ENV.approvalBaseUrl]: approvalUrl,
  [ENV.tokenTtlDays]: String(config.tokenTtlDays),
});

/** The afdoeningsvoorstellen, as the approval page and the register read them (only when the deployment sets its own). */
const handlingSettings = ({ config }: DeclarationContext) => ({
  ...(config.handlingOptions && { [ENV.handlingOptions]: config.handlingOptions.join('\n') }),
  [ENV.defaultHandling]: config.defaultHandling,
});

/**
 * In creation order: a function is created after every function it invokes, and the approval page (whose URL ingest
 * mails) before ingest.
 */
export const FUNCTIONS: { readonly [F in FunctionName]: FunctionDeclaration<F> } = {
  acknowledge: {
    id: 'Acknowledge',
    // A campaign's residents are acknowledged one by one; a run that runs out of time is finished by the reconciler.
    timeout: Duration.minutes(5),
    memorySize: 512,
    when: (config) => config.acknowledge,
    // Reads the letter (Get) and its campaign's letters a page at a time (Query on the campaign index); claims each
    // sender's acknowledgement (Put), records it (Update) or gives a failed send's claim back (Delete), records the run.
    letters: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    lettersIndexes: ['byCampaign'],
    // No raw mail, no attachment copies: it can only send the text it makes from the record.
    mailsTo: 'senders',
    settings: ({ config }) => ({
      [ENV.municipality]: config.municipality,
      [ENV.ownDomains]: list(config.ownDomains),
      [ENV.defaultHandling]: config.defaultHandling,
      ...(config.acknowledgementTemplate && { [ENV.acknowledgementTemplate]: config.acknowledgementTemplate }),
    }),
  },
  'forward-letter': {
    id: 'ForwardLetter',
    timeout: Duration.seconds(60),
    // Claims and records the forward (Update), reads the letter and the hourly cap's counter (Get); the retention it
    // records moves to the letter's acknowledgements (Query under the letter, Update).
    letters: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
    // Builds the forward from the record and the attachment copies; restarts a decided letter's retention by copying its
    // raw mail onto itself (record-retention.ts), which reads it.
    rawMail: ['read', 'restart-retention'],
    letterFiles: ['read', 'tag'],
    mailsTo: 'council',
    // The acknowledgements to the sender(s), once the letter is forwarded (when the deployment sends them).
    invokes: ['acknowledge'],
    settings: (ctx) => ({
      [ENV.municipality]: ctx.config.municipality,
      [ENV.registerScheme]: ctx.config.registerScheme,
      [ENV.defaultHandling]: ctx.config.defaultHandling,
      [ENV.metricsNamespace]: resourceNames(ctx.config.stage).metricsNamespace,
      ...retentionSettings(ctx),
    }),
  },
  approval: {
    id: 'Approval',
    timeout: Duration.seconds(15), // a web page: fail fast
    memorySize: 512,
    // A public URL: a flood of requests must not take the concurrency that ingest and forward need.
    reservedConcurrency: (config) => config.approvalConcurrency,
    // Reads tokens and letters, decides (TransactWriteItems is authorised per item: two Updates), counts numbers (Update).
    letters: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    // No raw mail and no SES at all: it never sees the message, never sends. It hands out the attachment copies.
    letterFiles: ['read'],
    invokes: ['forward-letter'],
    settings: (ctx) => ({
      [ENV.municipality]: ctx.config.municipality,
      [ENV.registerScheme]: ctx.config.registerScheme,
      // Shown on the page as the forward's sender; the page itself sends nothing.
      [ENV.griffieAddress]: ctx.config.griffieAddress,
      ...handlingSettings(ctx),
    }),
  },
  'ingest-mail': {
    id: 'IngestMail',
    timeout: Duration.seconds(60),
    // Creates letters and TOKEN# items (Put), claims the approval mail (Update).
    letters: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    rawMail: ['read', 'tag'],
    // Stores the copies of what may be forwarded (and attaches PDFs to the approval mail).
    letterFiles: ['read', 'write', 'tag'],
    mailsTo: 'approvers',
    settings: (ctx) => ({
      ...approvalMailSettings(ctx),
      ...retentionSettings(ctx),
      [ENV.trustedForwarders]: JSON.stringify(ctx.config.trustedForwarders),
    }),
  },
  'dead-letters': {
    id: 'DeadLetters',
    timeout: Duration.seconds(30),
    memorySize: 512,
    // Reads the letter, records a quarantined one (Put), marks forward_failed (Update).
    letters: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    mailsTo: 'approvers',
    // The prefix only, to name the raw object of a dead ingest event; it never reads raw mail.
    settings: ({ config }) => ({ [ENV.municipality]: config.municipality, [ENV.rawMailPrefix]: config.rawMailPrefix }),
  },
  register: {
    id: 'Register',
    timeout: Duration.seconds(30), // a web page, but a Word document of a year's list takes a moment
    // Generous for the Word library; still a public URL, so its concurrency is reserved like the approval page's.
    memorySize: 1024,
    reservedConcurrency: (config) => config.approvalConcurrency,
    // Reads tokens, letters and the counter-free list (Get, Query on the register index); corrects a filed message in one
    // transaction (TransactWriteItems is authorised per item: the letter and token Updates, the correction log's Put);
    // puts the approval mail's TOKEN# items (Put) and claims it (Update); records the corrected retention (Update, and
    // for its acknowledgements a Query under the letter).
    letters: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
    lettersIndexes: ['byRegisterNumber'],
    // Retags a corrected message's raw mail and copies (pending, or record); attaches the PDFs to the approval mail.
    rawMail: ['tag'],
    letterFiles: ['read', 'tag'],
    // The approval mail of a message put before the council.
    mailsTo: 'approvers',
    settings: (ctx) => ({
      [ENV.municipality]: ctx.config.municipality,
      [ENV.approvalBaseUrl]: ctx.approvalUrl,
      [ENV.tokenTtlDays]: String(ctx.config.tokenTtlDays),
      [ENV.registerScheme]: ctx.config.registerScheme,
      [ENV.defaultHandling]: ctx.config.defaultHandling,
      [ENV.listPrivateSender]: ctx.config.listPrivateSender,
      ...retentionSettings(ctx),
    }),
  },
  reconcile: {
    id: 'Reconcile',
    timeout: Duration.minutes(5),
    memorySize: 512,
    // Get per raw object and of its checkpoints (Update), TOKEN# items of approval mails and of the daily overview's links
    // (Put) and claim (Update); letters by status (and by time of receipt, for the overview) are a Query on the status index.
    letters: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    lettersIndexes: ['byStatus'],
    // Lists raw mail; re-ingest runs in the ingest function, which reads it. A missing approval mail attaches PDFs.
    rawMail: ['list'],
    letterFiles: ['read'],
    mailsTo: 'approvers',
    invokes: ['ingest-mail', 'forward-letter', 'acknowledge'],
    settings: (ctx) => ({
      ...approvalMailSettings(ctx),
      [ENV.reconcileOlderThan]: ctx.config.reconcileOlderThan,
      // The daily overview's links (its pages and the list) are the register function's.
      [ENV.registerBaseUrl]: ctx.registerUrl,
    }),
  },
};

/** Creation order (the keys of FUNCTIONS, as declared). */
export const FUNCTION_ORDER = Object.keys(FUNCTIONS) as FunctionName[];
