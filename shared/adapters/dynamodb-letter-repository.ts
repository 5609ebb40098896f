/**
 * LetterRepository on one DynamoDB table (single-table design).
 *
 * Key scheme: every item has a string partition key `pk` and a string sort key `sk`; the prefix names
 * the entity, so later items can share the table without a migration:
 *
 * | entity                          | pk                          | sk         | notes                                  |
 * | ------------------------------- | --------------------------- | ---------- | -------------------------------------- |
 * | letter (this file)              | `LETTER#<sesMessageId>`     | `LETTER`   | the Letter's attributes + `entity`     |
 * | approval token (planned)        | `TOKEN#<sha256 of token>`   | `TOKEN`    | letter id, expiry (TTL attribute)      |
 * | register counter (planned)      | `COUNTER#<name>#<year>`     | `COUNTER`  | atomic ADD for "ingekomen stuk" numbers |
 * | letter events (planned)         | `LETTER#<sesMessageId>`     | `EVENT#<iso time>` | status history under the letter |
 *
 * Items carry `entity` so a scan or export can tell them apart. Lists by status (the griffie's overview)
 * would get a GSI on `gsi1pk = STATUS#<status>`, `gsi1sk = receivedAt` when they are needed.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError, asError } from '../domain/errors.js';
import type { Letter } from '../domain/letter.js';
import type { CreateResult, LetterRepository } from '../ports.js';

/** Attribute names and types of the table's primary key; infra and the local stack create the table from this. */
export const LETTERS_TABLE_KEY = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
} as const;

/** The primary key of a letter's record. */
export const letterKey = (id: string) => ({ pk: `LETTER#${id}`, sk: 'LETTER' }) as const;

const ENTITY = 'letter';

/** Stores one metadata record per SES message id; `createIfAbsent` is a conditional put, so SES retries cannot duplicate it. */
export class DynamoDbLetterRepository implements LetterRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createIfAbsent(letter: Letter): Promise<CreateResult> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...letter, ...letterKey(letter.id), entity: ENTITY },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || asError(err).name === 'ConditionalCheckFailedException') {
        return 'duplicate';
      }
      throw new DependencyUnavailableError(
        `dynamodb put of letter ${letter.id} in ${this.tableName} failed: ${asError(err).name}: ${asError(err).message}`,
        { cause: err },
      );
    }
  }

  async get(id: string): Promise<Letter | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.db.send(
        new GetCommand({ TableName: this.tableName, Key: letterKey(id), ConsistentRead: true }),
      ));
    } catch (err) {
      throw new DependencyUnavailableError(
        `dynamodb get of letter ${id} in ${this.tableName} failed: ${asError(err).name}: ${asError(err).message}`,
        { cause: err },
      );
    }
    if (!item) return undefined;
    const { pk: _pk, sk: _sk, entity: _entity, ...letter } = item;
    return letter as unknown as Letter;
  }
}
