// Composition root of the reconciler and the daily overview (scheduled): the only place that reads the environment.
import { buildReconcileDeps } from '../../shared/adapters/reconcile-wiring.js';
import { makeReconcile } from '../../shared/application/reconcile.js';
import { loadReconcileConfig } from '../../shared/config.js';
import { logger } from '../../shared/logger.js';
import { createReconcileHandler } from './handler.js';

const config = loadReconcileConfig(process.env); // fail at cold start
const deps = buildReconcileDeps(config);

export const handler = createReconcileHandler({ reconcile: makeReconcile(deps), sendOverview: deps.sendOverview, logger });
