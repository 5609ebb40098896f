// Composition root of the register function (the daily overview's pages and the list's downloads, behind its own
// Function URL): the only place that reads the environment.
import { buildRegisterDeps } from '../../shared/adapters/register-wiring.js';
import { listFile } from '../../shared/adapters/register-list-files.js';
import { makeCorrectFiled, makeOpenList, makeShowFiled } from '../../shared/application/review-filed.js';
import { loadRegisterConfig } from '../../shared/config.js';
import { logger } from '../../shared/logger.js';
import { createRegisterHandler } from './handler.js';

const config = loadRegisterConfig(process.env); // fail at cold start
const deps = buildRegisterDeps(config, { onWarning: (message, detail) => logger.warn(message, detail) });

export const handler = createRegisterHandler({
  show: makeShowFiled(deps),
  correct: makeCorrectFiled(deps),
  openList: makeOpenList(deps),
  listFile,
  municipality: config.municipality,
  logger,
});
