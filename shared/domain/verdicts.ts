/**
 * The verdicts Amazon SES puts in the receipt of the Lambda action's event.
 * They come from the event only, never from headers inside the message (which the sender controls).
 */
export type VerdictStatus = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';

export interface Verdicts {
  readonly spam: VerdictStatus;
  readonly virus: VerdictStatus;
  readonly spf: VerdictStatus;
  readonly dkim: VerdictStatus;
  readonly dmarc: VerdictStatus;
}

/** Used when a message arrives without an SES receipt (CLI, local file): nothing is known. */
export const UNKNOWN_VERDICTS: Verdicts = {
  spam: 'DISABLED',
  virus: 'DISABLED',
  spf: 'DISABLED',
  dkim: 'DISABLED',
  dmarc: 'DISABLED',
};

const STATUSES: readonly VerdictStatus[] = ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED'];

export const toVerdictStatus = (value: string | undefined): VerdictStatus =>
  STATUSES.find((s) => s === value?.toUpperCase()) ?? 'DISABLED';

/** Authentication checks that did not pass, for a visible warning ("SPF", "DKIM", "DMARC"). */
export const failedAuthentication = (v: Verdicts): string[] =>
  (['spf', 'dkim', 'dmarc'] as const).filter((k) => v[k] === 'FAIL').map((k) => k.toUpperCase());
