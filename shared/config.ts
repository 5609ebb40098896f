import { z } from 'zod';
import { ConfigError } from './domain/errors.js';

/** Env var names, shared by infra (addEnvironment) and runtime (loadConfig) so they cannot drift. */
export const ENV = {
  region: 'AWS_REGION',
  rawMailBucket: 'RAW_MAIL_BUCKET',
  rawMailPrefix: 'RAW_MAIL_PREFIX',
  lettersTable: 'LETTERS_TABLE',
  ownDomains: 'OWN_DOMAINS',
  maxMailBytes: 'MAX_MAIL_BYTES',
  pdfMaxPages: 'PDF_MAX_PAGES',
  // Approval and forwarding (see the approval issue); each function's loader reads only what it needs.
  municipality: 'MUNICIPALITY_NAME',
  griffieAddress: 'GRIFFIE_ADDRESS',
  approvers: 'APPROVERS',
  councilList: 'COUNCIL_LIST',
  approvalBaseUrl: 'APPROVAL_BASE_URL',
  tokenTtlDays: 'TOKEN_TTL_DAYS',
  registerScheme: 'REGISTER_SCHEME',
  defaultHandling: 'DEFAULT_HANDLING',
  forwardFunctionName: 'FORWARD_FUNCTION_NAME',
  s3Endpoint: 'S3_ENDPOINT',
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  sesEndpoint: 'SES_ENDPOINT',
  lambdaEndpoint: 'LAMBDA_ENDPOINT',
} as const;

const domainList = z
  .string()
  .transform((s) => s.split(',').map((d) => d.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'expected a domain such as heemstede.nl')).min(1));

const EnvSchema = z.object({
  AWS_REGION: z.string().min(1),
  RAW_MAIL_BUCKET: z.string().min(1),
  RAW_MAIL_PREFIX: z.string().default('inbound/'),
  LETTERS_TABLE: z.string().min(1),
  /** The municipality's own mail domains: mail from them is the organisation itself. */
  OWN_DOMAINS: domainList,
  MAX_MAIL_BYTES: z.coerce.number().int().positive().default(40 * 1024 * 1024),
  PDF_MAX_PAGES: z.coerce.number().int().positive().max(200).default(10),
  // Local and test runs only; never set by infra.
  S3_ENDPOINT: z.url().optional(),
  DYNAMODB_ENDPOINT: z.url().optional(),
  SES_ENDPOINT: z.url().optional(),
});

export interface Endpoints {
  readonly s3?: string | undefined;
  readonly dynamodb?: string | undefined;
  readonly ses?: string | undefined;
}

export interface Config {
  readonly region: string;
  readonly rawMailBucket: string;
  readonly rawMailPrefix: string;
  readonly lettersTable: string;
  readonly ownDomains: readonly string[];
  readonly maxMailBytes: number;
  readonly pdfMaxPages: number;
  readonly endpoints: Endpoints;
}

/** Reads and validates the environment once, at cold start: a bad value fails the first call, not the 1,000th mail. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid environment: ${z.prettifyError(parsed.error)}`);
  const e = parsed.data;
  return {
    region: e.AWS_REGION,
    rawMailBucket: e.RAW_MAIL_BUCKET,
    rawMailPrefix: e.RAW_MAIL_PREFIX,
    lettersTable: e.LETTERS_TABLE,
    ownDomains: e.OWN_DOMAINS,
    maxMailBytes: e.MAX_MAIL_BYTES,
    pdfMaxPages: e.PDF_MAX_PAGES,
    endpoints: { s3: e.S3_ENDPOINT, dynamodb: e.DYNAMODB_ENDPOINT, ses: e.SES_ENDPOINT },
  };
}
