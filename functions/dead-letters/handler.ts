import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import type { DeadLetter, HandleDeadLetter } from '../../shared/application/handle-dead-letter.js';
import { asError } from '../../shared/domain/errors.js';
import { LetterEventSchema } from '../../shared/letter-event.js';
import * as z from '../../shared/zod.js';
import { ReingestEventSchema } from '../ingest-mail/handler.js';

export interface DeadLettersHandlerDeps {
  readonly handleDeadLetter: HandleDeadLetter;
  readonly logger: Logger;
}

/**
 * A Lambda asynchronous-invocation destination record, as the on-failure destination puts it in SQS
 * (docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html): the original event in
 * `requestPayload`, the function's error in `responsePayload` (absent when the event expired before a run).
 */
export const DestinationRecordSchema = z.object({
  timestamp: z.string(),
  requestContext: z.object({
    requestId: z.optional(z.string()),
    functionArn: z.string(),
    condition: z.string(),
    approximateInvokeCount: z.optional(z.number()),
  }),
  requestPayload: z.unknown(),
  responsePayload: z.nullish(z.looseObject({ errorType: z.optional(z.string()), errorMessage: z.optional(z.string()) })),
});

export type DestinationRecord = z.infer<typeof DestinationRecordSchema>;

const SesPayload = z.object({
  Records: z.array(z.object({ ses: z.object({ mail: z.object({ messageId: z.string().check(z.minLength(1), z.maxLength(200)) }) }) })).check(z.minLength(1)),
});

/** The dead letters in one destination record: the SES event's messages, the reconciler's message, or the forward's letter. */
export const deadLettersOf = (record: DestinationRecord): DeadLetter[] => {
  const { condition, approximateInvokeCount } = record.requestContext;
  const failure = record.responsePayload
    ? `${record.responsePayload.errorType ?? 'Error'}: ${record.responsePayload.errorMessage ?? '(geen melding)'}`
    : 'geen resultaat (het verzoek is verlopen voordat het kon worden uitgevoerd)';
  const error = `${condition}${approximateInvokeCount ? ` na ${approximateInvokeCount} poging(en)` : ''}: ${failure}`;
  const failedAt = record.timestamp;
  const ses = SesPayload.safeParse(record.requestPayload);
  if (ses.success) return ses.data.Records.map(({ ses: { mail } }) => ({ kind: 'ingest', messageId: mail.messageId, error, failedAt }));
  const reingest = ReingestEventSchema.safeParse(record.requestPayload);
  if (reingest.success) return [{ kind: 'ingest', messageId: reingest.data.messageId, error, failedAt }];
  const forward = LetterEventSchema.safeParse(record.requestPayload);
  if (forward.success) return [{ kind: 'forward', letterId: forward.data.letterId, error, failedAt }];
  throw new Error(`dead letter from ${record.requestContext.functionArn} has a request payload of no known shape`);
};

/**
 * Consumes the failure queues (IngestFailures, ForwardFailures) with partial batch responses: a record that
 * cannot be handled (DynamoDB or SES down, or an unknown shape) stays in its queue and comes back, so the
 * queue's alarm keeps showing it; everything else is recorded and reported to the griffie.
 */
export const createDeadLettersHandler =
  ({ handleDeadLetter, logger }: DeadLettersHandlerDeps) =>
  async (event: unknown, context?: Context): Promise<SQSBatchResponse> => {
    if (context) logger.addContext(context);
    const { Records } = z.object({ Records: z.array(z.object({ messageId: z.string(), body: z.string() })) }).parse(event);
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const sqs of Records) {
      try {
        const record = DestinationRecordSchema.parse(JSON.parse(sqs.body));
        for (const deadLetter of deadLettersOf(record)) {
          const outcome = await handleDeadLetter(deadLetter);
          logger.warn('dead letter handled', { outcome, condition: record.requestContext.condition });
        }
      } catch (err) {
        logger.error('dead letter not handled; it stays in the queue', { sqsMessageId: sqs.messageId, error: asError(err).message });
        batchItemFailures.push({ itemIdentifier: sqs.messageId });
      }
    }
    return { batchItemFailures };
  };
