import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { LetterEvent } from '../letter-event.js';
import type { LetterTrigger } from '../ports.js';
import { invokeAsync } from './lambda-async-invoke.js';

/**
 * A LetterTrigger on an asynchronous invoke of a function with `{ letterId }`: the forward function (from the approval
 * page and the reconciler) or the acknowledgement function (after a forward). The caller answers at once.
 */
export class LambdaLetterTrigger implements LetterTrigger {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  trigger(letterId: string): Promise<void> {
    return invokeAsync(this.lambda, this.functionName, { letterId } satisfies LetterEvent);
  }
}
