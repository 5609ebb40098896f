/**
 * Per-test-file AWS resources on the shared emulators: a bucket and a letters table with random names,
 * and the Config that points the real adapters at them.
 */
import { inject } from 'vitest';
import { createLocalResources, randomResourceNames } from '../../infra/local/resources.js';
import { loadConfig, type Config } from '../../shared/config.js';

export const TEST_REGION = 'eu-west-1';

/** Creates a fresh bucket and table and returns a Config for them, as index.ts would build from the environment. */
export async function provisionTestResources(prefix = 'test'): Promise<Config> {
  const endpoints = inject('endpoints');
  const { bucket, table } = randomResourceNames(prefix);
  await createLocalResources({ region: TEST_REGION, endpoints }, { bucket, table });
  return loadConfig({
    AWS_REGION: TEST_REGION,
    RAW_MAIL_BUCKET: bucket,
    RAW_MAIL_PREFIX: 'inbound/',
    LETTERS_TABLE: table,
    OWN_DOMAINS: 'heemstede.nl',
    S3_ENDPOINT: endpoints.s3,
    DYNAMODB_ENDPOINT: endpoints.dynamodb,
    SES_ENDPOINT: endpoints.ses,
  });
}
