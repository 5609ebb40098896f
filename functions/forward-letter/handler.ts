import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { ForwardLetter, ForwardOutcome } from '../../shared/application/forward-letter.js';
import { LetterEventSchema } from '../../shared/letter-event.js';
import { METRIC_NAMES } from '../../shared/metrics.js';

export interface ForwardHandlerDeps {
  readonly forwardLetter: ForwardLetter;
  readonly logger: Logger;
  /** Counts permanent failures (PermanentForwardFailures): they end the invocation normally, so no Errors alarm sees them. */
  readonly metrics: Pick<Metrics, 'addMetric' | 'addMetadata' | 'publishStoredMetrics'>;
}

/** The payload the approval function's trigger sends (LambdaLetterTrigger). */

/**
 * Invoked asynchronously with `{ letterId }`. No catch: a retryable failure reaches Lambda, whose async retry
 * continues the forward (the use case has recorded it as forward_failed); a malformed event fails loudly. A permanent
 * failure returns normally (retrying cannot help) and is counted as a metric, which has its own alarm.
 */
export const createForwardHandler =
  ({ forwardLetter, logger, metrics }: ForwardHandlerDeps) =>
  async (event: unknown, context?: Context): Promise<ForwardOutcome> => {
    if (context) logger.addContext(context);
    const { letterId } = LetterEventSchema.parse(event);
    logger.appendKeys({ letterId });
    try {
      const outcome = await forwardLetter({ letterId });
      if (outcome.kind === 'failed') {
        logger.error('forward failed for good', { outcome });
        metrics.addMetadata('letterId', letterId);
        metrics.addMetadata('code', outcome.code);
        metrics.addMetric(METRIC_NAMES.permanentForwardFailures, MetricUnit.Count, 1);
        metrics.publishStoredMetrics();
      } else {
        logger.info('forward handled', { outcome });
      }
      return outcome;
    } finally {
      logger.resetKeys();
    }
  };
