import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { IngestMailInput } from '../application/ingest-mail.js';
import { invokeAsync } from './lambda-async-invoke.js';

/**
 * Hands a message to the ingest function asynchronously with the reconciler's event
 * (functions/ingest-mail/handler.ts ReingestEventSchema): the ingest function's retries, failure queue and
 * PDF-capable bundle then apply, exactly as for mail from SES.
 */
export class LambdaIngestTrigger {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  trigger({ messageId, receivedAt }: Pick<IngestMailInput, 'messageId' | 'receivedAt'>): Promise<void> {
    return invokeAsync(this.lambda, this.functionName, { source: 'raadspost.reconcile', messageId, ...(receivedAt && { receivedAt }) });
  }
}
