/**
 * Creates the raw-mail bucket and the letters table on the emulators, as the storage stack does in AWS.
 * Shared by `npm start` (whose data folder may hold them already) and the integration tests (random names per file).
 */
import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { makeDynamoDbClient, makeS3Client } from '../../shared/adapters/aws-clients.js';
import { LETTERS_INDEXES, LETTERS_TABLE_KEY, projectedNonKeyAttributes } from '../../shared/adapters/dynamodb-letter-repository.js';
import type { Endpoints } from '../../shared/config.js';

export interface LocalResources {
  readonly bucket: string;
  readonly table: string;
}

/** The table exists but is not the one this code needs (a data folder of an older Raadspost). */
export class OutdatedLocalTableError extends Error {}

/**
 * Creates the bucket and the table (pk/sk key schema, LETTERS_INDEXES, on-demand) unless they exist.
 * An existing table without one of the indexes cannot be mended (dynalite cannot add an index): OutdatedLocalTableError.
 */
export async function createLocalResources(
  { region, endpoints }: { region: string; endpoints: Endpoints },
  { bucket, table }: LocalResources,
): Promise<void> {
  const s3 = makeS3Client({ region, endpoints });
  const ddb = makeDynamoDbClient({ region, endpoints });
  try {
    const bucketExists = await s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
      () => true,
      (err: { $metadata?: { httpStatusCode?: number } }) => {
        if (err.$metadata?.httpStatusCode === 404) return false;
        throw err;
      },
    );
    if (!bucketExists) await s3.send(new CreateBucketCommand({ Bucket: bucket }));

    const { partitionKey, sortKey } = LETTERS_TABLE_KEY;
    try {
      await ddb.send(
        new CreateTableCommand({
          TableName: table,
          BillingMode: 'PAY_PER_REQUEST',
          // Each key attribute once (indexes may share one: receivedAt).
          AttributeDefinitions: [
            ...new Map([partitionKey, sortKey, ...LETTERS_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])].map((a) => [a.name, a.type])),
          ].map(([name, type]) => ({ AttributeName: name, AttributeType: type })),
          KeySchema: [
            { AttributeName: partitionKey.name, KeyType: 'HASH' },
            { AttributeName: sortKey.name, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: LETTERS_INDEXES.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
              { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
            ],
            Projection: projectedNonKeyAttributes(index) ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projectedNonKeyAttributes(index)!] } : { ProjectionType: 'ALL' },
          })),
        }),
      );
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
      const { Table } = await ddb.send(new DescribeTableCommand({ TableName: table }));
      const missing = LETTERS_INDEXES.find((index) => !Table?.GlobalSecondaryIndexes?.some((i) => i.IndexName === index.name));
      if (missing) throw new OutdatedLocalTableError(`table ${table} has no index ${missing.name}: it was made by an older version of Raadspost`);
    }
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
