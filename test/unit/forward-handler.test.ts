import { describe, expect, it } from 'vitest';
import { createForwardHandler } from '../../functions/forward-letter/handler.js';
import type { ForwardLetter } from '../../shared/application/forward-letter.js';
import { DependencyUnavailableError } from '../../shared/domain/errors.js';
import { logger } from '../../shared/logger.js';

describe('createForwardHandler', () => {
  it('hands the letter id to the use case', async () => {
    // Prepare
    const calls: string[] = [];
    const forwardLetter: ForwardLetter = async ({ letterId }) => {
      calls.push(letterId);
      return { kind: 'forwarded', letterId, messages: 1, recipients: 3 };
    };
    // Act
    const outcome = await createForwardHandler({ forwardLetter, logger })({ letterId: 'l-1' });
    // Assess
    expect(calls).toEqual(['l-1']);
    expect(outcome.kind).toBe('forwarded');
  });

  it('fails loudly on a malformed event and lets retryable errors reach Lambda', async () => {
    // Prepare
    const handler = createForwardHandler({
      forwardLetter: async () => {
        throw new DependencyUnavailableError('throttled');
      },
      logger,
    });
    // Act + Assess
    await expect(handler({ id: 'x' })).rejects.toThrow();
    await expect(handler({ letterId: 'l-1' })).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
