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

export type ReconcileSummary = Omit<ReconcileReport, 'quarantined'> & { quarantined: number };

/**
 * Scheduled (EventBridge). A run whose steps partly failed still did the rest, then fails the invocation: the error
 * metric raises the function's alarm, and the schedule's retries (and the next run) try the failed parts again.
 */
export const createReconcileHandler =
  ({ reconcile, logger }: ReconcileHandlerDeps) =>
  async (event: unknown, context?: Context): Promise<ReconcileSummary> => {
    if (context) logger.addContext(context);
    const { overview } = ReconcileEventSchema.parse(event ?? {});
    const report = await reconcile({ overview: overview === true });
    const summary = { ...report, quarantined: report.quarantined.length };
    if (report.failures.length > 0) {
      logger.error('reconcile incomplete', { report: summary });
      throw new Error(`reconcile incomplete: ${report.failures.length} failure(s), first: ${describeFailure(report.failures[0]!)}`);
    }
    logger.info('reconciled', { report: summary });
    return summary;
  };

const describeFailure = ({ step, id, message }: ReconcileReport['failures'][number]): string => `${step}${id ? ` ${id}` : ''}: ${message}`;
