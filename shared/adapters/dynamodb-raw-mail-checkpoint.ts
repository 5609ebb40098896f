import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RawMailCheckpoint } from '../ports.js';
import { isConditionalCheckFailed, toDependencyError } from './dynamodb-letter-repository.js';

/** The checkpoint's item in the letters table (a point-in-time restore of the table restores it with the letters). */
export const RAW_MAIL_CHECKPOINT_KEY = { pk: 'RECONCILE#raw-mail', sk: 'CHECKPOINT' } as const;

/** RawMailCheckpoint as one item; `advance` is a conditional update, so it only ever moves forward. */
export class DynamoDbRawMailCheckpoint implements RawMailCheckpoint {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(): Promise<string | undefined> {
    try {
      const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: RAW_MAIL_CHECKPOINT_KEY, ConsistentRead: true }));
      return typeof Item?.checkedBefore === 'string' ? Item.checkedBefore : undefined;
    } catch (err) {
      throw toDependencyError(err, `dynamodb get of the raw-mail checkpoint in ${this.tableName}`);
    }
  }

  async advance(checkedBefore: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: RAW_MAIL_CHECKPOINT_KEY,
          UpdateExpression: 'SET checkedBefore = :to, entity = :entity',
          ConditionExpression: 'attribute_not_exists(checkedBefore) OR checkedBefore < :to',
          ExpressionAttributeValues: { ':to': checkedBefore, ':entity': 'checkpoint' },
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err)) return; // a later run got further already
      throw toDependencyError(err, `dynamodb update of the raw-mail checkpoint in ${this.tableName}`);
    }
  }
}
