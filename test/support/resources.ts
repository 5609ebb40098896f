/**
 * Per-test-file AWS resources on the shared emulators: a bucket and a letters table with random names,
 * and the configs that point the real adapters at them.
 */
import { inject } from 'vitest';
import { createLocalResources, randomResourceNames } from '../../infra/local/resources.js';
import {
  loadApprovalConfig,
  loadForwardConfig,
  loadIngestConfig,
  type ApprovalConfig,
  type ForwardConfig,
  type IngestConfig,
} from '../../shared/config.js';

export const TEST_REGION = 'eu-west-1';

/** The test griffie: one approver, a council of three. */
export const TEST_GRIFFIE = {
  municipality: 'Heemstede',
  griffieAddress: 'griffie@heemstede.nl',
  approvers: ['griffier@heemstede.nl'],
  councilList: ['raadslid.a@heemstede.nl', 'raadslid.b@heemstede.nl', 'raadslid.c@heemstede.nl'],
  approvalBaseUrl: 'https://approve.test.example/',
  forwardFunctionName: 'raadspost-test-forward-letter',
} as const;

/** The environment every function would get for these resources (as infra sets it, plus emulator endpoints). */
export const testEnvironment = (bucket: string, table: string, overrides: Record<string, string> = {}): Record<string, string> => {
  const endpoints = inject('endpoints');
  return {
    AWS_REGION: TEST_REGION,
    RAW_MAIL_BUCKET: bucket,
    RAW_MAIL_PREFIX: 'inbound/',
    LETTERS_TABLE: table,
    OWN_DOMAINS: 'heemstede.nl',
    MUNICIPALITY_NAME: TEST_GRIFFIE.municipality,
    GRIFFIE_ADDRESS: TEST_GRIFFIE.griffieAddress,
    APPROVERS: TEST_GRIFFIE.approvers.join(','),
    COUNCIL_LIST: TEST_GRIFFIE.councilList.join(','),
    APPROVAL_BASE_URL: TEST_GRIFFIE.approvalBaseUrl,
    FORWARD_FUNCTION_NAME: TEST_GRIFFIE.forwardFunctionName,
    S3_ENDPOINT: endpoints.s3,
    DYNAMODB_ENDPOINT: endpoints.dynamodb,
    SES_ENDPOINT: endpoints.ses,
    ...overrides,
  };
};

export interface TestConfigs {
  readonly ingest: IngestConfig;
  readonly approval: ApprovalConfig;
  readonly forward: ForwardConfig;
}

/** Creates a fresh bucket and table and returns the three functions' configs for them. */
export async function provisionAllTestResources(prefix = 'test', overrides: Record<string, string> = {}): Promise<TestConfigs> {
  const endpoints = inject('endpoints');
  const { bucket, table } = randomResourceNames(prefix);
  await createLocalResources({ region: TEST_REGION, endpoints }, { bucket, table });
  const env = testEnvironment(bucket, table, overrides);
  return { ingest: loadIngestConfig(env), approval: loadApprovalConfig(env), forward: loadForwardConfig(env) };
}

/** Creates a fresh bucket and table and returns the ingest config for them, as index.ts would build from the environment. */
export async function provisionTestResources(prefix = 'test'): Promise<IngestConfig> {
  return (await provisionAllTestResources(prefix)).ingest;
}
