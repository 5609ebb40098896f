/**
 * dynalite (4.x) implements no transactions. This adds TransactWriteItems to a dynalite server for local runs
 * and integration tests, so the approval decision (letter + token in one transaction) runs the same code as in
 * AWS. It is an emulation, good enough for one process on loopback:
 *
 * - transactions are serialised (one at a time), so two concurrent decisions cannot both pass their conditions;
 * - each item is applied in order as a conditional Put/Update/Delete/ConditionCheck on dynalite itself; when
 *   one condition fails, the items already applied are restored from the images read before, and the answer is
 *   TransactionCanceledException with a CancellationReasons entry per item, as DynamoDB sends it (items after
 *   the failing one report 'None': DynamoDB would evaluate them too, callers must not rely on either);
 * - plain writes from outside a transaction are not isolated from a running one (DynamoDB would answer
 *   TransactionConflict); binary (B/BS) attributes are not supported.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DeleteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';

const TARGET = 'DynamoDB_20120810.TransactWriteItems';

type Item = Record<string, AttributeValue>;
type Names = Record<string, string> | undefined;
type Values = Item | undefined;

interface ConditionalPart {
  TableName: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Values;
}

interface TransactItem {
  Put?: ConditionalPart & { Item: Item };
  Update?: ConditionalPart & { Key: Item; UpdateExpression: string };
  Delete?: ConditionalPart & { Key: Item };
  ConditionCheck?: ConditionalPart & { Key: Item; ConditionExpression: string };
}

/** Adds TransactWriteItems to a dynalite server (call before `listen`). Returns the same server. */
export function withTransactWriteItems(server: Server): Server {
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  let queue: Promise<void> = Promise.resolve();
  let client: DynamoDBClient | undefined;

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || req.headers['x-amz-target'] !== TARGET) {
      for (const listener of listeners) listener.call(server, req, res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const region = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? 'us-east-1';
      client ??= new DynamoDBClient({
        region,
        endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
      const db = client;
      const run = queue.then(() => transact(db, JSON.parse(Buffer.concat(chunks).toString('utf8')) as { TransactItems?: TransactItem[] }));
      queue = run.then(
        () => undefined,
        () => undefined,
      );
      run.then(
        ({ status, body }) => reply(res, status, body),
        (err: unknown) => reply(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(err) }),
      );
    });
  });
  server.once('close', () => client?.destroy());
  return server;
}

const reply = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': 'local' });
  res.end(text);
};

const keyOf = (item: Item, keyNames: readonly string[]): Item =>
  Object.fromEntries(keyNames.map((k) => [k, item[k]!])) as Item;

async function transact(db: DynamoDBClient, input: { TransactItems?: TransactItem[] }): Promise<{ status: number; body: unknown }> {
  const items = input.TransactItems ?? [];
  if (items.length === 0 || items.length > 100) {
    return { status: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', message: 'TransactItems must have 1 to 100 items' } };
  }
  const applied: { table: string; key: Item; before: Item | undefined }[] = [];
  const reasons: { Code: string; Message?: string }[] = items.map(() => ({ Code: 'None' }));
  for (const [i, item] of items.entries()) {
    const part = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
    if (!part) return { status: 400, body: { __type: 'com.amazon.coral.validate#ValidationException', message: `item ${i} has no operation` } };
    const key = item.Put ? await keyFromTable(db, part.TableName, item.Put.Item) : (part as { Key: Item }).Key;
    const { Item: before } = await db.send(new GetItemCommand({ TableName: part.TableName, Key: key, ConsistentRead: true }));
    const common = {
      TableName: part.TableName,
      ConditionExpression: part.ConditionExpression,
      ExpressionAttributeNames: part.ExpressionAttributeNames,
      ExpressionAttributeValues: part.ExpressionAttributeValues,
    };
    try {
      if (item.Put) await db.send(new PutItemCommand({ ...common, Item: item.Put.Item }));
      else if (item.Update) await db.send(new UpdateItemCommand({ ...common, Key: key, UpdateExpression: item.Update.UpdateExpression }));
      else if (item.Delete) await db.send(new DeleteItemCommand({ ...common, Key: key }));
      else {
        // A condition alone: an update that changes nothing, undone below if it created the item.
        await db.send(
          new UpdateItemCommand({
            ...common,
            Key: key,
            UpdateExpression: 'REMOVE #transactNoop',
            ExpressionAttributeNames: { ...common.ExpressionAttributeNames, '#transactNoop': '__transact_noop__' },
          }),
        );
      }
      applied.push({ table: part.TableName, key, before });
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      reasons[i] = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
      await rollback(db, applied);
      return {
        status: 400,
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
          CancellationReasons: reasons,
        },
      };
    }
    if (item.ConditionCheck && !before) await db.send(new DeleteItemCommand({ TableName: part.TableName, Key: key }));
  }
  return { status: 200, body: {} };
}

async function rollback(db: DynamoDBClient, applied: readonly { table: string; key: Item; before: Item | undefined }[]): Promise<void> {
  for (const { table, key, before } of [...applied].reverse()) {
    if (before) await db.send(new PutItemCommand({ TableName: table, Item: before }));
    else await db.send(new DeleteItemCommand({ TableName: table, Key: key }));
  }
}

const keySchemas = new Map<string, readonly string[]>();

async function keyFromTable(db: DynamoDBClient, table: string, item: Item): Promise<Item> {
  let names = keySchemas.get(table);
  if (!names) {
    const { Table } = await db.send(new DescribeTableCommand({ TableName: table }));
    names = (Table?.KeySchema ?? []).map((k) => k.AttributeName!);
    keySchemas.set(table, names);
  }
  return keyOf(item, names);
}
