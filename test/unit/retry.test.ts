import { describe, expect, it } from 'vitest';
import { retryingMailSender } from '../../shared/application/retrying-mail-sender.js';
import { DependencyUnavailableError, SendRejectedError } from '../../shared/domain/errors.js';
import { fullJitterDelay, withRetry } from '../../shared/domain/retry.js';
import { RecordingMailSender } from '../support/fakes.js';

/** Records the waits instead of waiting. */
const recordedSleep = (random = () => 1 - Number.EPSILON) => {
  const sleeps: number[] = [];
  return { sleeps, env: { sleep: async (ms: number) => void sleeps.push(ms), random } };
};

describe('fullJitterDelay', () => {
  it('draws from [0, min(cap, base * 2^(attempt-1))]', () => {
    expect(fullJitterDelay(1, { baseMs: 100 }, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, { baseMs: 100 }, () => 0.5)).toBe(200);
    expect(fullJitterDelay(10, { baseMs: 100, capMs: 1000 }, () => 0.5)).toBe(500);
    expect(fullJitterDelay(2, { baseMs: 100 }, () => 0)).toBe(0);
  });
});

describe('withRetry', () => {
  it('retries a retryable error with growing jittered waits, then succeeds', async () => {
    // Prepare
    const { sleeps, env } = recordedSleep();
    let calls = 0;
    // Act
    const result = await withRetry(async () => (++calls < 3 ? Promise.reject(new DependencyUnavailableError('throttled')) : 'ok'), { baseMs: 100 }, env);
    // Assess
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(sleeps).toEqual([99, 199]);
  });

  it('rethrows the last retryable error after maxAttempts', async () => {
    const { sleeps, env } = recordedSleep();
    let calls = 0;
    await expect(withRetry(async () => Promise.reject(new DependencyUnavailableError(`try ${++calls}`)), { maxAttempts: 3 }, env)).rejects.toThrow('try 3');
    expect(sleeps).toHaveLength(2);
  });

  it('does not retry a permanent error or an unknown one', async () => {
    const { sleeps, env } = recordedSleep();
    let calls = 0;
    await expect(withRetry(async () => Promise.reject(new SendRejectedError('MessageRejected', `no ${++calls}`)), {}, env)).rejects.toBeInstanceOf(SendRejectedError);
    await expect(withRetry(async () => Promise.reject(new TypeError(`bug ${++calls}`)), {}, env)).rejects.toBeInstanceOf(TypeError);
    expect(calls).toBe(2);
    expect(sleeps).toEqual([]);
  });

  it('rejects a maxAttempts that is not a positive integer', async () => {
    await expect(withRetry(async () => 1, { maxAttempts: 0 }, recordedSleep().env)).rejects.toThrow(RangeError);
  });
});

describe('retryingMailSender', () => {
  it('sends once after transient failures and never retries a rejection', async () => {
    const inner = new RecordingMailSender();
    inner.failures = [new DependencyUnavailableError('TooManyRequests'), undefined, new SendRejectedError('MessageRejected', 'no')];
    const { sleeps, env } = recordedSleep(() => 0.5);
    const sender = retryingMailSender(inner, { maxAttempts: 4, baseMs: 200 }, env);
    const message = { from: 'griffie@heemstede.nl', destinations: ['griffier@heemstede.nl'], raw: new Uint8Array([1]) };

    await expect(sender.sendRaw(message)).resolves.toEqual({ providerMessageId: 'ses-1' });
    await expect(sender.sendRaw(message)).rejects.toBeInstanceOf(SendRejectedError);

    expect(inner.sent).toHaveLength(1);
    expect(sleeps).toEqual([100]);
  });
});
