import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { DependencyUnavailableError, asError } from '../domain/errors.js';

/**
 * Invokes a function asynchronously (InvocationType Event): the caller answers at once, and the target's own
 * async retries and on-failure destination look after the work.
 * @throws DependencyUnavailableError when Lambda does not accept the event (retryable).
 */
export async function invokeAsync(lambda: LambdaClient, functionName: string, payload: unknown): Promise<void> {
  let status: number | undefined;
  try {
    ({ StatusCode: status } = await lambda.send(
      new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
    ));
  } catch (err) {
    throw new DependencyUnavailableError(`lambda invoke of ${functionName} failed: ${asError(err).name}: ${asError(err).message}`, { cause: err });
  }
  if (status !== 202) throw new DependencyUnavailableError(`lambda invoke of ${functionName} answered ${String(status)}, expected 202`);
}
