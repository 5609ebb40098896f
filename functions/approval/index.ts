// Composition root of the approval page (the NodejsFunction entry behind a Function URL): the only place that reads the environment.
import { buildApprovalDeps } from '../../shared/adapters/approval-wiring.js';
import { makeDecide, makeOpenAttachment, makeShowApproval } from '../../shared/application/approve-letter.js';
import { loadApprovalConfig } from '../../shared/config.js';
import { logger } from '../../shared/logger.js';
import { createApprovalHandler } from './handler.js';

const config = loadApprovalConfig(process.env); // fail at cold start
const deps = buildApprovalDeps(config, { onWarning: (message, detail) => logger.warn(message, detail) });

export const handler = createApprovalHandler({
  show: makeShowApproval(deps),
  decide: makeDecide(deps),
  openAttachment: makeOpenAttachment(deps),
  municipality: config.municipality,
  handling: config.handling,
  griffieAddress: config.griffieAddress,
  logger,
});
