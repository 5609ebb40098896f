/**
 * Creates the raw-mail bucket and the letters table on the emulators, as the storage stack does in AWS.
 * Shared by `npm start` and the integration tests (which use random names per test file).
 */
import { randomBytes } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { makeDynamoDbClient, makeS3Client } from '../../shared/adapters/aws-clients.js';
import { LETTERS_TABLE_KEY } from '../../shared/adapters/dynamodb-letter-repository.js';
import type { Endpoints } from '../../shared/config.js';

export interface LocalResources {
  readonly bucket: string;
  readonly table: string;
}

/** Creates the bucket and the table (pk/sk key schema, on-demand). Both must not exist yet. */
export async function createLocalResources(
  { region, endpoints }: { region: string; endpoints: Endpoints },
  { bucket, table }: LocalResources,
): Promise<void> {
  const s3 = makeS3Client({ region, endpoints });
  const ddb = makeDynamoDbClient({ region, endpoints });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const { partitionKey, sortKey } = LETTERS_TABLE_KEY;
    await ddb.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: partitionKey.name, AttributeType: partitionKey.type },
          { AttributeName: sortKey.name, AttributeType: sortKey.type },
        ],
        KeySchema: [
          { AttributeName: partitionKey.name, KeyType: 'HASH' },
          { AttributeName: sortKey.name, KeyType: 'RANGE' },
        ],
      }),
    );
  } finally {
    s3.destroy();
    ddb.destroy();
  }
}

/** Bucket and table names with a random suffix, so test files can run in parallel on one set of emulators. */
export const randomResourceNames = (prefix: string): LocalResources => {
  const suffix = randomBytes(4).toString('hex');
  return { bucket: `${prefix}-raw-mail-${suffix}`, table: `${prefix}-letters-${suffix}` };
};
