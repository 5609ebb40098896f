import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Checkpoint } from '../ports.js';
import { isConditionalCheckFailed, toDependencyError } from './dynamodb-letter-repository.js';

/** The reconciler's look at raw mail (a point-in-time restore of the table restores it with the letters). */
export const RAW_MAIL_CHECKPOINT_KEY = { pk: 'RECONCILE#raw-mail', sk: 'CHECKPOINT' } as const;
/** Up to when the daily overview told the griffie what came in. */
export const OVERVIEW_CHECKPOINT_KEY = { pk: 'OVERVIEW#daily', sk: 'CHECKPOINT' } as const;

/** A Checkpoint as one item of the letters table; `advance` is a conditional update, so it only ever moves forward. */
export class DynamoDbCheckpoint implements Checkpoint {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly key: { readonly pk: string; readonly sk: string },
  ) {}

  async get(): Promise<string | undefined> {
    try {
      const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: this.key, ConsistentRead: true }));
      return typeof Item?.checkedBefore === 'string' ? Item.checkedBefore : undefined;
    } catch (err) {
      throw toDependencyError(err, `dynamodb get of checkpoint ${this.key.pk} in ${this.tableName}`);
    }
  }

  async advance(to: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key,
          UpdateExpression: 'SET checkedBefore = :to, entity = :entity',
          ConditionExpression: 'attribute_not_exists(checkedBefore) OR checkedBefore < :to',
          ExpressionAttributeValues: { ':to': to, ':entity': 'checkpoint' },
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err)) return; // a later run got further already
      throw toDependencyError(err, `dynamodb update of checkpoint ${this.key.pk} in ${this.tableName}`);
    }
  }
}
