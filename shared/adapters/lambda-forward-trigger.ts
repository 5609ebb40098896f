import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { DependencyUnavailableError, asError } from '../domain/errors.js';
import type { ForwardTrigger } from '../ports.js';

/**
 * ForwardTrigger on an asynchronous Lambda invoke (InvocationType Event): the approval page answers at once,
 * and Lambda's async retries (and on-failure destination) look after the forward function.
 */
export class LambdaForwardTrigger implements ForwardTrigger {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async trigger(letterId: string): Promise<void> {
    let status: number | undefined;
    try {
      ({ StatusCode: status } = await this.lambda.send(
        new InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify({ letterId })),
        }),
      ));
    } catch (err) {
      throw new DependencyUnavailableError(`lambda invoke of ${this.functionName} failed: ${asError(err).name}: ${asError(err).message}`, { cause: err });
    }
    if (status !== 202) throw new DependencyUnavailableError(`lambda invoke of ${this.functionName} answered ${String(status)}, expected 202`);
  }
}
