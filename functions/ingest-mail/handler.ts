import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { IngestMail, IngestOutcome } from '../../shared/application/ingest-mail.js';
import { toVerdictStatus, UNKNOWN_VERDICTS, type Verdicts } from '../../shared/domain/verdicts.js';
import * as z from '../../shared/zod.js';

export interface HandlerDeps {
  readonly ingestMail: IngestMail;
  readonly logger: Logger;
  /** Key prefix of SES's S3 action; the object is `<prefix><messageId>`. */
  readonly rawMailPrefix: string;
}

/** What one invocation did, per record (SES sends one record per event). */
export interface IngestResult {
  readonly outcomes: readonly IngestOutcome[];
}

// SES's receipt-rule Lambda event (docs.aws.amazon.com/ses/latest/dg/receiving-email-notifications-contents.html),
// only the parts ingest reads. Not Powertools' SesSchema: it needs classic zod (about 445 KB in the bundle) and requires
// parts SES does not always send (receipt.dmarcPolicy only comes when DMARC fails). Verdicts also accept DISABLED (as
// @types/aws-lambda does): a rule without scanning must not poison every event.
/** SES's message id: also the raw object's key under the prefix, so nothing that could make another key. */
const SesMessageId = z.string().check(z.regex(/^[A-Za-z0-9._-]{1,200}$/));
const Verdict = z.object({ status: z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED']) });
const IngestEventSchema = z.object({
  Records: z
    .array(
      z.object({
        eventSource: z.literal('aws:ses'),
        ses: z.object({
          mail: z.object({ timestamp: z.iso.datetime(), source: z.string(), messageId: SesMessageId }),
          receipt: z.object({
            recipients: z.array(z.string()),
            spamVerdict: Verdict,
            virusVerdict: Verdict,
            spfVerdict: Verdict,
            dkimVerdict: Verdict,
            dmarcVerdict: Verdict,
          }),
        }),
      }),
    )
    .check(z.minLength(1)),
});

/**
 * The reconciler's re-ingest of a raw object that has no record (shared/application/reconcile.ts, through
 * LambdaIngestTrigger): no SES receipt, so the verdicts are unknown.
 */
export const ReingestEventSchema = z.object({
  source: z.literal('raadspost.reconcile'),
  messageId: SesMessageId,
  receivedAt: z.optional(z.iso.datetime()),
});

type SesReceipt = z.infer<typeof IngestEventSchema>['Records'][number]['ses']['receipt'];

/** The verdicts from SES's receipt: the only trustworthy source (headers inside the message are the sender's). */
export const toVerdicts = (receipt: SesReceipt): Verdicts => ({
  spam: toVerdictStatus(receipt.spamVerdict.status),
  virus: toVerdictStatus(receipt.virusVerdict.status),
  spf: toVerdictStatus(receipt.spfVerdict.status),
  dkim: toVerdictStatus(receipt.dkimVerdict.status),
  dmarc: toVerdictStatus(receipt.dmarcVerdict.status),
});

/**
 * The SES receipt rule's Lambda action: validates the event, hands each record to the ingest use case and
 * logs ids and the outcome only. There is no catch: whatever the use case throws reaches Lambda, whose
 * async retries and on-failure destination handle it; a malformed event fails loudly.
 */
export const createHandler =
  ({ ingestMail, logger, rawMailPrefix }: HandlerDeps) =>
  async (event: unknown, context?: Context): Promise<IngestResult> => {
    if (context) logger.addContext(context);
    const reingest = ReingestEventSchema.safeParse(event);
    if (reingest.success) {
      const { messageId, receivedAt } = reingest.data;
      logger.appendKeys({ messageId });
      try {
        const outcome = await ingestMail({ messageId, objectKey: `${rawMailPrefix}${messageId}`, ...(receivedAt && { receivedAt }), verdicts: UNKNOWN_VERDICTS });
        logger.info('mail re-ingested by the reconciler', { outcome });
        return { outcomes: [outcome] };
      } finally {
        logger.resetKeys();
      }
    }
    const { Records } = IngestEventSchema.parse(event);
    const outcomes: IngestOutcome[] = [];
    for (const { ses } of Records) {
      logger.appendKeys({ messageId: ses.mail.messageId });
      try {
        const outcome = await ingestMail({
          messageId: ses.mail.messageId,
          objectKey: `${rawMailPrefix}${ses.mail.messageId}`,
          receivedAt: ses.mail.timestamp,
          recipients: ses.receipt.recipients,
          verdicts: toVerdicts(ses.receipt),
          envelopeFrom: ses.mail.source,
        });
        logger.info('mail ingested', { outcome });
        outcomes.push(outcome);
      } finally {
        logger.resetKeys();
      }
    }
    return { outcomes };
  };
