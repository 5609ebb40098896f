import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import type { Reconcile, ReconcileReport } from '../../shared/application/reconcile.js';

export interface ReconcileHandlerDeps {
  readonly reconcile: Reconcile;
  readonly logger: Logger;
}

/** The schedule's constant input: `{ "overview": true }` for the daily run, `{}` for the hourly one. */
const ReconcileEventSchema = z.object({ overview: z.boolean().optional() }).loose();

/** Scheduled (EventBridge). No catch: a failed run is an error metric and alarm; the next run starts over. */
export const createReconcileHandler =
  ({ reconcile, logger }: ReconcileHandlerDeps) =>
  async (event: unknown, context?: Context): Promise<Omit<ReconcileReport, 'quarantined'> & { quarantined: number }> => {
    if (context) logger.addContext(context);
    const { overview } = ReconcileEventSchema.parse(event ?? {});
    const report = await reconcile({ overview: overview === true });
    const summary = { ...report, quarantined: report.quarantined.length };
    logger.info('reconciled', { report: summary });
    return summary;
  };
