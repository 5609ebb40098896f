// Composition root of the acknowledgement function: the only place that reads the environment.
import { buildAcknowledgeDeps } from '../../shared/adapters/acknowledge-wiring.js';
import { makeAcknowledgeLetter } from '../../shared/application/acknowledge-letter.js';
import { loadAcknowledgeConfig } from '../../shared/config.js';
import { logger } from '../../shared/logger.js';
import { createAcknowledgeHandler } from './handler.js';

const config = loadAcknowledgeConfig(process.env); // fail at cold start

export const handler = createAcknowledgeHandler({ acknowledgeLetter: makeAcknowledgeLetter(buildAcknowledgeDeps(config)), logger });
