import { Metrics } from '@aws-lambda-powertools/metrics';
import type { FunctionName } from './config.js';

/**
 * Raadspost's own CloudWatch metrics, written as embedded-metric-format log lines (Powertools Metrics). Each carries the
 * dimension `service` = the function that emits it; the alarms (infra/stacks/mail-pipeline-stack.ts) name them from here.
 */
export const METRIC_NAMES = {
  /** A forward SES refused for good (MessageRejected, sending paused, ...): no retry, no queue; a person must look. */
  permanentForwardFailures: 'PermanentForwardFailures',
} as const;

/** The metrics of one function, in the stage's namespace (METRICS_NAMESPACE). */
export const metricsFor = (namespace: string, service: FunctionName): Metrics => new Metrics({ namespace, serviceName: service });
