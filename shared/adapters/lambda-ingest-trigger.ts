import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { IngestMailInput } from '../application/ingest-mail.js';
import { DependencyUnavailableError, asError } from '../domain/errors.js';

/**
 * Hands a message to the ingest function asynchronously (InvocationType Event) with the reconciler's event
 * (functions/ingest-mail/handler.ts ReingestEventSchema): the ingest function's retries, failure queue and
 * PDF-capable bundle then apply, exactly as for mail from SES.
 */
export class LambdaIngestTrigger {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async trigger({ messageId, receivedAt }: Pick<IngestMailInput, 'messageId' | 'receivedAt'>): Promise<void> {
    let status: number | undefined;
    try {
      ({ StatusCode: status } = await this.lambda.send(
        new InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify({ source: 'raadspost.reconcile', messageId, ...(receivedAt && { receivedAt }) })),
        }),
      ));
    } catch (err) {
      throw new DependencyUnavailableError(`lambda invoke of ${this.functionName} failed: ${asError(err).name}: ${asError(err).message}`, { cause: err });
    }
    if (status !== 202) throw new DependencyUnavailableError(`lambda invoke of ${this.functionName} answered ${String(status)}, expected 202`);
  }
}
