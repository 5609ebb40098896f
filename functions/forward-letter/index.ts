// Composition root of the forward function (the NodejsFunction entry): the only place that reads the environment.
import { buildForwardLetter } from '../../shared/adapters/forward-wiring.js';
import { loadForwardConfig } from '../../shared/config.js';
import { logger } from '../../shared/logger.js';
import { metricsFor } from '../../shared/metrics.js';
import { createForwardHandler } from './handler.js';

const config = loadForwardConfig(process.env); // fail at cold start

export const handler = createForwardHandler({
  forwardLetter: buildForwardLetter(config),
  logger,
  metrics: metricsFor(config.metricsNamespace, 'forward-letter'),
});
