import { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { counterKey, tokenKey } from '../../shared/adapters/dynamodb-approval-store.js';
import { DynamoDbLetterRepository, letterKey } from '../../shared/adapters/dynamodb-letter-repository.js';
import { LambdaLetterTrigger } from '../../shared/adapters/lambda-letter-trigger.js';
import { SesV2MailSender } from '../../shared/adapters/sesv2-mail-sender.js';
import { DependencyUnavailableError, SendNotAcceptedError, SendRejectedError } from '../../shared/domain/errors.js';

const sdkError = (name: string, status = 400) => Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });

const ses = mockClient(SESv2Client);
const lambda = mockClient(LambdaClient);
const doc = mockClient(DynamoDBDocumentClient);

afterEach(() => {
  ses.reset();
  lambda.reset();
  doc.reset();
});

const send = () => new SesV2MailSender(new SESv2Client({ region: 'eu-west-1' })).sendRaw({ from: 'griffie@heemstede.nl', destinations: ['a@x.nl', 'b@x.nl'], raw: Buffer.from('raw') });

describe('SesV2MailSender', () => {
  it('sends raw bytes with the recipients as envelope-only BCC', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-123' });
    // Act
    const result = await send();
    // Assess
    expect(result).toEqual({ providerMessageId: 'ses-123' });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ FromEmailAddress: 'griffie@heemstede.nl', Destination: { BccAddresses: ['a@x.nl', 'b@x.nl'] } });
    expect(Buffer.from(input.Content!.Raw!.Data!).toString()).toBe('raw');
  });

  it.each(['MessageRejected', 'MailFromDomainNotVerifiedException', 'AccountSuspendedException', 'SendingPausedException'])(
    'rejects %s as permanent (not retryable)',
    async (name) => {
      // Prepare
      ses.on(SendEmailCommand).rejects(sdkError(name));
      // Act
      const error = await send().catch((e: unknown) => e);
      // Assess
      expect(error).toBeInstanceOf(SendRejectedError);
      expect(error).toMatchObject({ code: 'SEND_REJECTED', retryable: false, providerCode: name });
    },
  );

  it.each([
    ['TooManyRequestsException', 429, true],
    ['ThrottlingException', 400, true],
    ['InternalFailure', 500, false],
    ['ServiceUnavailable', 503, false],
    ['TimeoutError', undefined, false],
  ])('maps %s (HTTP %s) to a retryable DependencyUnavailableError; surely not sent: %s', async (name, status, notSent) => {
    // Prepare: an error answer from SES, or none at all (a timeout: it may have gone out)
    ses.on(SendEmailCommand).rejects(status === undefined ? Object.assign(new Error('socket timed out'), { name }) : sdkError(name, status));
    // Act
    const error = await send().catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error).toMatchObject({ retryable: true });
    expect(error instanceof SendNotAcceptedError).toBe(notSent);
  });
});

describe('LambdaLetterTrigger', () => {
  it('invokes the forward function asynchronously with the letter id', async () => {
    // Prepare
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    // Act
    await new LambdaLetterTrigger(new LambdaClient({ region: 'eu-west-1' }), 'raadspost-forward').trigger('letter-1');
    // Assess
    const input = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ FunctionName: 'raadspost-forward', InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toEqual({ letterId: 'letter-1' });
  });

  it('fails retryably when Lambda throttles or answers something else than 202', async () => {
    // Prepare
    const trigger = new LambdaLetterTrigger(new LambdaClient({ region: 'eu-west-1' }), 'f');
    lambda.on(InvokeCommand).rejectsOnce(sdkError('TooManyRequestsException', 429)).resolvesOnce({ StatusCode: 200 });
    // Act + Assess
    await expect(trigger.trigger('l')).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(trigger.trigger('l')).rejects.toThrow(/answered 200/);
  });
});

describe('DynamoDbLetterRepository (error mapping)', () => {
  const repo = () => new DynamoDbLetterRepository(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })), 'letters');
  const decideInput = {
    letterId: 'l-1',
    tokenHash: 'h',
    decision: { kind: 'approved' as const, by: 'g@x.nl', at: '2026-02-03T10:00:00.000Z', note: '' },
    history: [],
    now: new Date('2026-02-03T10:00:00.000Z'),
  };
  const cancelled = (codes: string[]) =>
    new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

  it('decides with one transaction on the letter and its token', async () => {
    // Prepare
    doc.on(TransactWriteCommand).resolves({});
    // Act
    const result = await repo().decide({ ...decideInput, decision: { ...decideInput.decision, kind: 'rejected' } });
    // Assess
    expect(result).toEqual({ kind: 'decided' });
    const items = doc.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => i.Update?.Key)).toEqual([letterKey('l-1'), tokenKey('h')]);
    expect(items[1]?.Update?.ConditionExpression).toContain('attribute_not_exists(usedAt)');
  });

  it('takes the next register number in the same transaction, guarded by the counter\'s current value', async () => {
    // Prepare
    doc.on(GetCommand).resolves({ Item: { sequence: 27 } });
    doc.on(TransactWriteCommand).resolves({});
    // Act
    const result = await repo().decide({ ...decideInput, registerScope: 2026 });
    // Assess
    expect(result).toEqual({ kind: 'decided', registerNumber: { year: 2026, sequence: 28, label: '28' } });
    const items = doc.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => i.Update?.Key)).toEqual([letterKey('l-1'), tokenKey('h'), counterKey(2026)]);
    expect(items[2]?.Update).toMatchObject({ ConditionExpression: '#sequence = :current', ExpressionAttributeValues: { ':current': 27, ':next': 28 } });
    expect(items[0]?.Update?.ExpressionAttributeValues?.[':number']).toEqual({ year: 2026, sequence: 28, label: '28' });
    expect(counterKey(0).pk).toBe('COUNTER#ingekomen-stukken#continuous');
  });

  it('reads the counter again and retries when another approval took the number first', async () => {
    // Prepare
    doc.on(GetCommand).resolvesOnce({ Item: { sequence: 27 } }).resolves({ Item: { sequence: 28 } });
    doc.on(TransactWriteCommand).rejectsOnce(cancelled(['None', 'None', 'ConditionalCheckFailed'])).resolves({});
    // Act
    const result = await repo().decide({ ...decideInput, registerScope: 2026 });
    // Assess
    expect(result).toEqual({ kind: 'decided', registerNumber: { year: 2026, sequence: 29, label: '29' } });
    expect(doc.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('starts a new counter with a condition that it does not exist yet', async () => {
    // Prepare
    doc.on(GetCommand).resolves({});
    doc.on(TransactWriteCommand).resolves({});
    // Act
    const result = await repo().decide({ ...decideInput, registerScope: 0 });
    // Assess
    expect(result).toEqual({ kind: 'decided', registerNumber: { year: 0, sequence: 1, label: '1' } });
    expect(doc.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![2]?.Update?.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it.each([
    [['ConditionalCheckFailed', 'None'], 'already_decided'],
    [['ConditionalCheckFailed', 'ConditionalCheckFailed'], 'already_decided'],
    [['None', 'ConditionalCheckFailed'], 'token_rejected'],
  ])('reads cancellation reasons %j as %s', async (codes, expected) => {
    // Prepare
    doc.on(TransactWriteCommand).rejects(cancelled(codes));
    // Act + Assess
    expect(await repo().decide(decideInput)).toEqual({ kind: expected });
  });

  it('maps lasting transaction conflicts and throttling to retryable errors', async () => {
    // Prepare
    doc.on(TransactWriteCommand).rejects(cancelled(['TransactionConflict', 'None']));
    // Act + Assess
    await expect(repo().decide(decideInput)).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
    expect(doc.commandCalls(TransactWriteCommand)).toHaveLength(8);
    doc.on(TransactWriteCommand).rejects(sdkError('ProvisionedThroughputExceededException'));
    await expect(repo().decide(decideInput)).rejects.toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE', retryable: true });
  });

  it('turns a failed condition into "not claimed" and throttling into a retryable error', async () => {
    // Prepare
    doc
      .on(UpdateCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }))
      .rejectsOnce(sdkError('ThrottlingException'));
    const claim = { from: 'approved' as const, previousAttempts: 0, record: { at: 'now', providerMessageIds: [], recipientCount: 1, attempts: 1 }, history: [] };
    // Act + Assess
    expect(await repo().claimForward('l-1', claim)).toBe(false);
    await expect(repo().claimForward('l-1', claim)).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
