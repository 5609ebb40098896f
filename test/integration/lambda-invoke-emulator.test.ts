import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameOf, startLambdaInvokeEmulator, type InvocationRecord, type LambdaInvokeEmulator } from '../../infra/local/lambda-invoke-emulator.js';
import { makeLambdaClient } from '../../shared/adapters/aws-clients.js';
import { LambdaLetterTrigger } from '../../shared/adapters/lambda-letter-trigger.js';
import { DependencyUnavailableError } from '../../shared/domain/errors.js';

let emulator: LambdaInvokeEmulator;
let lambda: LambdaClient;
const calls: { letterId: string; functionName: string }[] = [];
const asyncErrors: InvocationRecord[] = [];

beforeAll(async () => {
  emulator = await startLambdaInvokeEmulator({
    port: 0,
    functions: {
      'raadspost-local-forward-letter': async (event: { letterId: string }, context: Context) => {
        calls.push({ letterId: event.letterId, functionName: context.functionName });
        if (event.letterId === 'kapot') throw new Error('forward failed');
        return { forwarded: event.letterId };
      },
    },
    onAsyncError: (record) => asyncErrors.push(record),
  });
  lambda = new LambdaClient({ region: 'eu-west-1', endpoint: emulator.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
});

afterAll(async () => {
  lambda?.destroy();
  await emulator?.stop();
});

const payload = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('startLambdaInvokeEmulator', () => {
  it('accepts an Event invocation with 202 and runs the handler afterwards', async () => {
    // Act
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'raadspost-local-forward-letter', InvocationType: 'Event', Payload: payload({ letterId: 'l-1' }) }),
    );
    await emulator.idle();

    // Assess
    expect(out.StatusCode).toBe(202);
    expect(calls).toContainEqual({ letterId: 'l-1', functionName: 'raadspost-local-forward-letter' });
  });

  it('returns the result of a RequestResponse invocation, addressed by ARN', async () => {
    // Act
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:raadspost-local-forward-letter',
        Payload: payload({ letterId: 'l-2' }),
      }),
    );

    // Assess
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(JSON.parse(Buffer.from(out.Payload!).toString('utf8'))).toEqual({ forwarded: 'l-2' });
  });

  it('reports a failing handler as a function error (sync) and to onAsyncError (Event)', async () => {
    // Act
    const sync = await lambda.send(new InvokeCommand({ FunctionName: 'raadspost-local-forward-letter', Payload: payload({ letterId: 'kapot' }) }));
    await lambda.send(new InvokeCommand({ FunctionName: 'raadspost-local-forward-letter', InvocationType: 'Event', Payload: payload({ letterId: 'kapot' }) }));
    await emulator.idle();

    // Assess
    expect(sync.FunctionError).toBe('Unhandled');
    expect(JSON.parse(Buffer.from(sync.Payload!).toString('utf8'))).toMatchObject({ errorMessage: 'forward failed' });
    expect(asyncErrors.map((r) => r.error?.message)).toEqual(['forward failed']);
  });

  it('fails with ResourceNotFoundException for an unknown function', async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'bestaat-niet', InvocationType: 'Event', Payload: payload({}) }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('answers a DryRun with 204 without running the handler', async () => {
    // Prepare
    const before = calls.length;

    // Act
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'raadspost-local-forward-letter', InvocationType: 'DryRun', Payload: payload({ letterId: 'x' }) }));

    // Assess
    expect(out.StatusCode).toBe(204);
    expect(calls).toHaveLength(before);
  });
});

describe('LambdaLetterTrigger against the emulator', () => {
  it('starts the forward function in-process, exactly as it would invoke it in AWS', async () => {
    // Prepare: the production client factory with only the endpoint overridden (LAMBDA_ENDPOINT locally).
    const client = makeLambdaClient({ region: 'eu-west-1', endpoints: { lambda: emulator.endpoint } });
    const trigger = new LambdaLetterTrigger(client, 'raadspost-local-forward-letter');

    // Act
    await trigger.trigger('l-trigger');
    await emulator.idle();
    client.destroy();

    // Assess
    expect(calls).toContainEqual({ letterId: 'l-trigger', functionName: 'raadspost-local-forward-letter' });
  });

  it('fails with DependencyUnavailableError when the function does not exist', async () => {
    const client = makeLambdaClient({ region: 'eu-west-1', endpoints: { lambda: emulator.endpoint } });
    await expect(new LambdaLetterTrigger(client, 'bestaat-niet').trigger('l-x')).rejects.toBeInstanceOf(DependencyUnavailableError);
    client.destroy();
  });
});

describe('nameOf', () => {
  it('finds the function name in names, aliases and ARNs', () => {
    expect(nameOf('f')).toBe('f');
    expect(nameOf('f:live')).toBe('f');
    expect(nameOf('123456789012:function:f')).toBe('f');
    expect(nameOf('arn:aws:lambda:eu-west-1:123456789012:function:f:live')).toBe('f');
  });
});
