// Composition root of the dead-letter function (SQS consumer of the failure queues): the only place that reads the environment.
import { buildDeadLettersDeps } from '../../shared/adapters/dead-letters-wiring.js';
import { makeHandleDeadLetter } from '../../shared/application/handle-dead-letter.js';
import { loadDeadLettersConfig } from '../../shared/config.js';
import { logger } from '../../shared/logger.js';
import { createDeadLettersHandler } from './handler.js';

const config = loadDeadLettersConfig(process.env); // fail at cold start

export const handler = createDeadLettersHandler({ handleDeadLetter: makeHandleDeadLetter(buildDeadLettersDeps(config)), logger });
