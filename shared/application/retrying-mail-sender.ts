import { withRetry, type RetryEnvironment, type RetryPolicy } from '../domain/retry.js';
import type { MailSender } from '../ports.js';

/** Real time and Math.random, for the composition roots. */
export const realRetryEnvironment: RetryEnvironment = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Retries a send a few times within one invocation: SES throttles at the account's send rate per second. */
export const DEFAULT_SEND_RETRY: RetryPolicy = { maxAttempts: 4, baseMs: 250, capMs: 4000 };

/**
 * A MailSender that retries transient failures (throttling, 5xx: DependencyUnavailableError) with full-jitter
 * backoff, and never a permanent refusal (SendRejectedError): that is recorded by the use case, not retried.
 * The SDK retries each request too (aws-clients.ts); this covers throttling that outlasts the SDK's attempts.
 */
export const retryingMailSender = (sender: MailSender, policy: RetryPolicy = DEFAULT_SEND_RETRY, env: RetryEnvironment = realRetryEnvironment): MailSender => ({
  sendRaw: (message) => withRetry(() => sender.sendRaw(message), policy, env),
});
