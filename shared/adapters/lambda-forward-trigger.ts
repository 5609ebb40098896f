import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { ForwardTrigger } from '../ports.js';
import { invokeAsync } from './lambda-async-invoke.js';

/** ForwardTrigger on an asynchronous invoke of the forward function: the approval page answers at once. */
export class LambdaForwardTrigger implements ForwardTrigger {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  trigger(letterId: string): Promise<void> {
    return invokeAsync(this.lambda, this.functionName, { letterId });
  }
}
