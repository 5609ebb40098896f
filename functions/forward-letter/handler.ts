import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import type { ForwardLetter, ForwardOutcome } from '../../shared/application/forward-letter.js';

export interface ForwardHandlerDeps {
  readonly forwardLetter: ForwardLetter;
  readonly logger: Logger;
}

/** The payload the approval function's trigger sends (LambdaForwardTrigger). */
const ForwardEventSchema = z.object({ letterId: z.string().min(1).max(200) });

/**
 * Invoked asynchronously with `{ letterId }`. No catch: a retryable failure reaches Lambda, whose async retry
 * continues the forward (the use case has recorded it as forward_failed); a malformed event fails loudly.
 */
export const createForwardHandler =
  ({ forwardLetter, logger }: ForwardHandlerDeps) =>
  async (event: unknown, context?: Context): Promise<ForwardOutcome> => {
    if (context) logger.addContext(context);
    const { letterId } = ForwardEventSchema.parse(event);
    logger.appendKeys({ letterId });
    try {
      const outcome = await forwardLetter({ letterId });
      logger.info('forward handled', { outcome });
      return outcome;
    } finally {
      logger.resetKeys();
    }
  };
