/**
 * Retrying a call that failed transiently, with "full jitter" exponential backoff
 * (AWS Architecture Blog, "Exponential Backoff And Jitter": sleep = random(0, min(cap, base * 2^attempt))).
 * Pure: waiting and randomness come in as parameters, so tests run without real time.
 */
import { PipelineError } from './errors.js';

export interface RetryPolicy {
  /** Attempts in total, the first one included. @default 3 */
  readonly maxAttempts?: number;
  /** Backoff base in ms. @default 200 */
  readonly baseMs?: number;
  /** Longest single wait in ms. @default 5000 */
  readonly capMs?: number;
}

export interface RetryEnvironment {
  /** Waits `ms` milliseconds. */
  readonly sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1). */
  readonly random: () => number;
}

/** Only errors that say a retry can help: a PipelineError with `retryable`. Unknown errors are bugs; permanent ones are final. */
export const isRetryable = (err: unknown): boolean => err instanceof PipelineError && err.retryable;

/**
 * The wait before retry number `attempt` (1 = the first retry): a uniform draw in [0, min(cap, base * 2^(attempt-1))].
 * @example fullJitterDelay(1, { baseMs: 200 }, () => 0.5) // 100
 */
export const fullJitterDelay = (attempt: number, policy: RetryPolicy, random: () => number): number => {
  const ceiling = Math.min(policy.capMs ?? 5000, (policy.baseMs ?? 200) * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
};

/**
 * Runs `call` and retries it while it throws a retryable error, at most `maxAttempts` times in total; the last
 * error (or the first permanent one) is rethrown unchanged.
 * @example await withRetry(() => sender.sendRaw(m), { maxAttempts: 3 }, { sleep, random: Math.random })
 */
export const withRetry = async <T>(call: () => Promise<T>, policy: RetryPolicy, env: RetryEnvironment): Promise<T> => {
  const maxAttempts = policy.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= maxAttempts || !isRetryable(err)) throw err;
      await env.sleep(fullJitterDelay(attempt, policy, env.random));
    }
  }
};
