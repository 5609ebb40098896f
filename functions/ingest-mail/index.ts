// Composition root of the ingest function (the NodejsFunction entry): the only place that reads the environment.
import { buildIngestDeps } from '../../shared/adapters/ingest-wiring.js';
import { makeIngestMail } from '../../shared/application/ingest-mail.js';
import { loadIngestConfig } from '../../shared/config.js';
import { logger } from '../../shared/logger.js';
import { createHandler } from './handler.js';

const config = loadIngestConfig(process.env); // fail at cold start, not on the 1,000th mail

export const handler = createHandler({
  ingestMail: makeIngestMail(buildIngestDeps(config)),
  logger,
  rawMailPrefix: config.rawMailPrefix,
});
