import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { DependencyUnavailableError, SendNotAcceptedError, SendRejectedError, asError } from '../domain/errors.js';
import type { MailSender } from '../ports.js';

/**
 * SES v2 errors that sending the same message again will not cure: the message, the sender identity or the
 * account is refused. Everything else (TooManyRequests, throttling, 5xx, network) may pass on a retry.
 */
const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'MailFromDomainNotVerified',
  'AccountSuspendedException',
  'SendingPausedException',
  'BadRequestException',
  'NotFoundException',
]);

/** Names of permanent SES v2 errors as the SDK reports them (for the adapter test). */
export const PERMANENT_SES_ERRORS: readonly string[] = [...PERMANENT];

/** MailSender on SES v2 SendEmail with raw content: the bytes go out as composed; recipients are the envelope (BCC). */
export class SesV2MailSender implements MailSender {
  constructor(
    private readonly ses: SESv2Client,
    /** Optional configuration set (event publishing, suppression). */
    private readonly configurationSetName?: string,
  ) {}

  async sendRaw({ from, destinations, raw }: { readonly from: string; readonly destinations: readonly string[]; readonly raw: Uint8Array }) {
    if (destinations.length === 0) throw new RangeError('sendRaw needs at least one destination');
    try {
      const { MessageId } = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          // Raw content: SES sends to exactly these envelope recipients; the To header stays what was composed.
          Destination: { BccAddresses: [...destinations] },
          Content: { Raw: { Data: raw } },
          ...(this.configurationSetName && { ConfigurationSetName: this.configurationSetName }),
        }),
      );
      if (!MessageId) throw new DependencyUnavailableError('ses accepted the message but returned no message id');
      return { providerMessageId: MessageId };
    } catch (err) {
      if (err instanceof DependencyUnavailableError) throw err;
      const name = asError(err).name;
      if (PERMANENT.has(name)) {
        throw new SendRejectedError(name, `ses refused the message: ${name}: ${asError(err).message}`, { cause: err });
      }
      // An error answer from SES (4xx: throttled, over quota, a bad request) means it took nothing; anything else may
      // have been sent.
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const Failure = status !== undefined && status >= 400 && status < 500 ? SendNotAcceptedError : DependencyUnavailableError;
      throw new Failure(`ses send failed: ${name}: ${asError(err).message}`, { cause: err });
    }
  }
}
