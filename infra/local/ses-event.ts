/**
 * Builds the event SES's receipt-rule Lambda action sends, for a raw message that is already stored.
 * Used by the local SMTP intake (verdicts PASS: nothing scans locally) and by tests.
 */
import type { SESEvent } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { readHeaderBlock } from '../../shared/raw-headers.js';

type ReceiptStatus = 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED';

export interface SesEventInput {
  /** SES message id: the raw object's name under the prefix. */
  readonly messageId: string;
  /** Envelope recipients (RCPT TO). */
  readonly recipients: readonly string[];
  /** Envelope sender (MAIL FROM). */
  readonly source: string;
  /** The raw message: its header block fills `headers` and `commonHeaders` as SES does. */
  readonly raw?: Uint8Array;
  /** @default now */
  readonly timestamp?: Date;
  /** @default all PASS */
  readonly verdicts?: Partial<Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', ReceiptStatus>>;
  /** Only present when DMARC failed, as in SES. */
  readonly dmarcPolicy?: 'none' | 'quarantine' | 'reject';
  /** @default a local placeholder ARN */
  readonly functionArn?: string;
}

/** An id shaped like SES's inbound message ids (lower-case letters and digits). */
export const newSesMessageId = (): string => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (b) => alphabet[b % alphabet.length]).join('');
};

/**
 * @example
 * const event = buildSesEvent({ messageId: 'abc', source: 'info@dorp.nl', recipients: ['griffie@heemstede.nl'], raw });
 */
export function buildSesEvent(input: SesEventInput): SESEvent {
  const timestamp = (input.timestamp ?? new Date()).toISOString();
  const headers = input.raw ? readHeaderBlock(input.raw) : [];
  const first = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;
  const list = (name: string) => {
    const value = first(name);
    return value === undefined ? undefined : splitAddresses(value);
  };
  const verdict = (k: keyof NonNullable<SesEventInput['verdicts']>) => ({ status: input.verdicts?.[k] ?? 'PASS' });
  const cc = list('cc');
  const replyTo = list('reply-to');
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp,
            source: input.source,
            messageId: input.messageId,
            destination: [...input.recipients],
            headersTruncated: false,
            headers,
            commonHeaders: {
              returnPath: input.source,
              from: list('from') ?? [],
              to: list('to') ?? [],
              ...(cc && { cc }),
              ...(replyTo && { replyTo }),
              messageId: first('message-id') ?? '',
              date: first('date') ?? '',
              subject: first('subject') ?? '',
            },
          },
          receipt: {
            timestamp,
            processingTimeMillis: 1,
            recipients: [...input.recipients],
            spamVerdict: verdict('spam'),
            virusVerdict: verdict('virus'),
            spfVerdict: verdict('spf'),
            dkimVerdict: verdict('dkim'),
            dmarcVerdict: verdict('dmarc'),
            ...(input.dmarcPolicy && { dmarcPolicy: input.dmarcPolicy }),
            action: {
              type: 'Lambda',
              invocationType: 'Event',
              functionArn: input.functionArn ?? 'arn:aws:lambda:eu-west-1:000000000000:function:raadspost-local-ingest-mail',
            },
          },
        },
      },
    ],
  };
}

// Good enough for commonHeaders, which Raadspost does not read: commas outside quotes and angle brackets.
const splitAddresses = (value: string): string[] =>
  (value.match(/(?:"[^"]*"|<[^>]*>|[^,])+/g) ?? []).map((s) => s.trim()).filter(Boolean);
