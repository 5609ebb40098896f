import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { DailyOverviewReport, SendDailyOverview } from '../../shared/application/daily-overview.js';
import type { Reconcile, ReconcileReport } from '../../shared/application/reconcile.js';
import { asError } from '../../shared/domain/errors.js';
import * as z from '../../shared/zod.js';

export interface ReconcileHandlerDeps {
  readonly reconcile: Reconcile;
  /** The approvers' daily overview (the daily schedule's `{ "overview": true }`). */
  readonly sendOverview: SendDailyOverview;
  readonly logger: Logger;
}

/** The schedule's constant input: `{ "overview": true }` for the daily run, `{}` for the hourly one. */
const ReconcileEventSchema = z.looseObject({ overview: z.optional(z.boolean()) });

export interface ReconcileSummary extends ReconcileReport {
  /** The daily run's overview, or why it failed. */
  readonly overview?: DailyOverviewReport | { readonly failed: string };
}

/**
 * Scheduled (EventBridge): hourly the reconciler, every morning the reconciler and then the daily overview (so the
 * overview sees what the reconciler put back on its way). A run whose steps partly failed, or whose overview failed,
 * still did the rest, then fails the invocation: the error metric raises the function's alarm, and the schedule's
 * retries (and the next run) try the failed parts again.
 */
export const createReconcileHandler =
  ({ reconcile, sendOverview, logger }: ReconcileHandlerDeps) =>
  async (event: unknown, context?: Context): Promise<ReconcileSummary> => {
    if (context) logger.addContext(context);
    const { overview } = ReconcileEventSchema.parse(event ?? {});
    const report = await reconcile();
    let summary: ReconcileSummary = report;
    if (overview === true) {
      try {
        summary = { ...report, overview: await sendOverview() };
      } catch (err) {
        summary = { ...report, overview: { failed: asError(err).message } };
      }
    }
    const overviewFailed = summary.overview !== undefined && 'failed' in summary.overview;
    if (report.failures.length > 0 || overviewFailed) {
      logger.error('reconcile incomplete', { report: summary });
      const first = report.failures[0];
      throw new Error(
        `reconcile incomplete: ${report.failures.length} failure(s)${first ? `, first: ${describeFailure(first)}` : ''}${overviewFailed ? `; daily overview failed: ${(summary.overview as { failed: string }).failed}` : ''}`,
      );
    }
    logger.info('reconciled', { report: summary });
    return summary;
  };

const describeFailure = ({ step, id, message }: ReconcileReport['failures'][number]): string => `${step}${id ? ` ${id}` : ''}: ${message}`;
