import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { AcknowledgeLetter, AcknowledgeOutcome } from '../../shared/application/acknowledge-letter.js';
import { LetterEventSchema } from '../../shared/letter-event.js';

export interface AcknowledgeHandlerDeps {
  readonly acknowledgeLetter: AcknowledgeLetter;
  readonly logger: Logger;
}

/**
 * Invoked asynchronously with `{ letterId }` after a forward. No catch: a failed send reaches Lambda, whose async retry
 * sends to the senders not yet acknowledged (each address is claimed once); a malformed event fails loudly.
 */
export const createAcknowledgeHandler =
  ({ acknowledgeLetter, logger }: AcknowledgeHandlerDeps) =>
  async (event: unknown, context?: Context): Promise<AcknowledgeOutcome> => {
    if (context) logger.addContext(context);
    const { letterId } = LetterEventSchema.parse(event);
    logger.appendKeys({ letterId });
    try {
      const outcome = await acknowledgeLetter({ letterId });
      logger.info('acknowledgements handled', { outcome });
      return outcome;
    } finally {
      logger.resetKeys();
    }
  };
