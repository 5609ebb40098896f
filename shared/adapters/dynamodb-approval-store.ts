/**
 * Approval tokens and the register counter, in the letters table (key scheme: dynamodb-letter-repository.ts).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApprovalToken, TokenPurpose } from '../domain/approval.js';
import { DependencyUnavailableError, asError } from '../domain/errors.js';
import type { ApprovalTokenStore, ForwardRateLimiter } from '../ports.js';

/** The primary key of an approval token: only the SHA-256 of the token is ever stored. */
export const tokenKey = (tokenHash: string) => ({ pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' }) as const;

/** The counter's name on the lijst ingekomen stukken. */
export const REGISTER_COUNTER = 'ingekomen-stukken';

/** The key of a register counter: `COUNTER#ingekomen-stukken#2026`, or `#continuous` for scope 0. */
export const counterKey = (scope: number) =>
  ({ pk: `COUNTER#${REGISTER_COUNTER}#${scope === 0 ? 'continuous' : scope}`, sk: 'COUNTER' }) as const;

/** The attribute the table's TTL is configured on (epoch seconds): infra enables TTL on exactly this name. */
export const TTL_ATTRIBUTE = 'expiresAt';

const fail = (err: unknown, what: string): DependencyUnavailableError =>
  new DependencyUnavailableError(`${what} failed: ${asError(err).name}: ${asError(err).message}`, { cause: err });

const isPurpose = (value: unknown): value is TokenPurpose => value === 'decide' || value === 'review' || value === 'list';
const isPeriod = (value: unknown): value is { from: string; to: string } =>
  typeof value === 'object' && value !== null && typeof (value as { from?: unknown }).from === 'string' && typeof (value as { to?: unknown }).to === 'string';

export class DynamoDbApprovalTokenStore implements ApprovalTokenStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async save(token: ApprovalToken): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...tokenKey(token.tokenHash), entity: 'token', ...token },
          // 256 random bits never collide; the condition makes a bug (a reused token) fail loudly instead of resetting usedAt.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      throw fail(err, `dynamodb put of an approval token for letter ${token.letterId} in ${this.tableName}`);
    }
  }

  async find(tokenHash: string): Promise<ApprovalToken | undefined> {
    let item: Record<string, unknown> | undefined;
    try {
      ({ Item: item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: tokenKey(tokenHash), ConsistentRead: true })));
    } catch (err) {
      throw fail(err, `dynamodb get of an approval token in ${this.tableName}`);
    }
    if (!item) return undefined;
    return {
      tokenHash: String(item.tokenHash),
      letterId: String(item.letterId),
      approver: String(item.approver),
      createdAt: String(item.createdAt),
      expiresAt: Number(item.expiresAt),
      ...(typeof item.usedAt === 'string' && { usedAt: item.usedAt }),
      ...(isPurpose(item.purpose) && { purpose: item.purpose }),
      ...(isPeriod(item.period) && { period: { from: item.period.from, to: item.period.to } }),
    };
  }
}

/** The key of an hour's forward counter: `COUNTER#forwards#2026-02-02T09`. */
export const forwardCounterKey = (hour: string) => ({ pk: `COUNTER#forwards#${hour}`, sk: 'COUNTER' }) as const;

/**
 * The per-hour forward cap: one item per hour, `ADD #count :one` only while `#count < :cap` (a conditional ADD,
 * so concurrent forwards cannot exceed it). The item expires (TTL) two days later.
 */
export class DynamoDbForwardRateLimiter implements ForwardRateLimiter {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(hour: string, cap: number): Promise<boolean> {
    const hourStart = Date.parse(`${hour}:00:00Z`);
    if (Number.isNaN(hourStart)) throw new RangeError(`hour must look like 2026-02-02T09, got "${hour}"`);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: forwardCounterKey(hour),
          UpdateExpression: 'ADD #count :one SET entity = :entity, #ttl = :expiresAt',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :cap',
          ExpressionAttributeNames: { '#count': 'count', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':entity': 'counter', ':expiresAt': Math.floor(hourStart / 1000) + 2 * 86_400 },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException || asError(err).name === 'ConditionalCheckFailedException') return false;
      throw fail(err, `dynamodb increment of ${forwardCounterKey(hour).pk} in ${this.tableName}`);
    }
  }
}
