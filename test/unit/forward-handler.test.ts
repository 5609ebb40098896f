import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createForwardHandler } from '../../functions/forward-letter/handler.js';
import type { ForwardLetter } from '../../shared/application/forward-letter.js';
import { DependencyUnavailableError } from '../../shared/domain/errors.js';
import { logger } from '../../shared/logger.js';
import { METRIC_NAMES } from '../../shared/metrics.js';

/** Real Powertools Metrics, switched on (the unit project runs with POWERTOOLS_DEV, which turns them off): EMF lines on console.log. */
const enabledMetrics = () => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const metrics = new Metrics({ namespace: 'Raadspost/test', serviceName: 'forward-letter' });
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  return { metrics, emitted: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
};

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('createForwardHandler', () => {
  it('hands the letter id to the use case and counts nothing when the forward succeeds', async () => {
    // Prepare
    const calls: string[] = [];
    const { metrics, emitted } = enabledMetrics();
    const forwardLetter: ForwardLetter = async ({ letterId }) => {
      calls.push(letterId);
      return { kind: 'forwarded', letterId, messages: 1, recipients: 3 };
    };
    // Act
    const outcome = await createForwardHandler({ forwardLetter, logger, metrics })({ letterId: 'l-1' });
    // Assess
    expect(calls).toEqual(['l-1']);
    expect(outcome.kind).toBe('forwarded');
    expect(emitted()).toEqual([]);
  });

  it('counts a permanent failure as PermanentForwardFailures (an EMF line with the service dimension) and returns normally', async () => {
    // Prepare
    const { metrics, emitted } = enabledMetrics();
    const forwardLetter: ForwardLetter = async ({ letterId }) => ({ kind: 'failed', letterId, code: 'SEND_REJECTED' });
    // Act
    const outcome = await createForwardHandler({ forwardLetter, logger, metrics })({ letterId: 'l-2' });
    // Assess
    expect(outcome).toEqual({ kind: 'failed', letterId: 'l-2', code: 'SEND_REJECTED' });
    const [line] = emitted();
    expect(line).toMatchObject({ [METRIC_NAMES.permanentForwardFailures]: 1, service: 'forward-letter', letterId: 'l-2', code: 'SEND_REJECTED' });
    expect(line?._aws).toMatchObject({
      CloudWatchMetrics: [{ Namespace: 'Raadspost/test', Dimensions: [['service']], Metrics: [{ Name: METRIC_NAMES.permanentForwardFailures, Unit: 'Count' }] }],
    });
  });

  it('does not count a forward the hourly cap held back (the reconciler sends it later) as a permanent failure', async () => {
    // Prepare
    const { metrics, emitted } = enabledMetrics();
    const forwardLetter: ForwardLetter = async ({ letterId }) => ({ kind: 'deferred', letterId, code: 'FORWARD_CAP_REACHED' });
    // Act
    const outcome = await createForwardHandler({ forwardLetter, logger, metrics })({ letterId: 'l-3' });
    // Assess
    expect(outcome.kind).toBe('deferred');
    expect(emitted()).toEqual([]);
  });

  it('fails loudly on a malformed event and lets retryable errors reach Lambda, uncounted', async () => {
    // Prepare
    const { metrics, emitted } = enabledMetrics();
    const handler = createForwardHandler({
      forwardLetter: async () => {
        throw new DependencyUnavailableError('throttled');
      },
      logger,
      metrics,
    });
    // Act + Assess
    await expect(handler({ id: 'x' })).rejects.toThrow();
    await expect(handler({ letterId: 'l-1' })).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(emitted()).toEqual([]);
  });
});
