import {
  acknowledgementAddress,
  acknowledgementHeaders,
  acknowledgementMail,
  type AcknowledgementRecord,
  type AcknowledgementSkip,
} from '../domain/acknowledgement.js';
import { PipelineError } from '../domain/errors.js';
import type { Letter } from '../domain/letter.js';
import type { Clock, LetterRepository, MailSender, MessageComposer } from '../ports.js';

export interface AcknowledgeSettings {
  /** The verified SES identity: the acknowledgement comes from the griffie. */
  readonly griffieAddress: string;
  readonly municipality: string;
  /** Mail from these domains is the municipality itself: no acknowledgement. */
  readonly ownDomains: readonly string[];
  /** The text (ACKNOWLEDGEMENT_TEMPLATE, checked). */
  readonly template: string;
  /** The afdoeningsvoorstel of a letter approved before one could be chosen. */
  readonly defaultHandling: string;
}

export interface AcknowledgeDeps {
  readonly letters: LetterRepository;
  readonly composer: MessageComposer;
  readonly sender: MailSender;
  readonly clock: Clock;
  readonly settings: AcknowledgeSettings;
}

export type AcknowledgeOutcome =
  | { readonly kind: 'not_found'; readonly letterId: string }
  /** Only a forwarded letter is acknowledged (the number and the forward are what it tells). */
  | { readonly kind: 'not_forwarded'; readonly letterId: string; readonly status: string }
  | {
      readonly kind: 'done';
      readonly letterId: string;
      readonly sent: number;
      /** Senders who had theirs already (a rerun). */
      readonly already: number;
      readonly skipped: readonly AcknowledgementSkip[];
    };

export type AcknowledgeLetter = (input: { readonly letterId: string }) => Promise<AcknowledgeOutcome>;

/**
 * Sends the ontvangstbevestiging of a forwarded letter to its sender, and to every resident of its campaign.
 *
 * Primary course:
 * 1. The letter has gone to the raadsleden (status forwarded) with its number.
 * 2. For the sender, and for each campaign letter's sender: who gets one (the From whose DMARC passed; never a no-reply,
 *    bulk or automatic sender, never the municipality itself) or why not.
 * 3. Per address one claim on the letter, so nobody gets two for one letter (a rerun finds the claim), then the
 *    acknowledgement from the template (received on, ingekomen stuk nr., afdoeningsvoorstel, what happens next),
 *    marked Auto-Submitted: auto-replied and as ours, and the send recorded.
 *
 * A failed send gives the claim back and fails the call (Lambda retries; the others already sent are not sent again).
 * A refusal by SES for good is recorded for that address and the rest go on. A crash after SES accepted a mail but
 * before it was recorded leaves the claim: that sender is not tried again (better none twice than one twice).
 */
export const makeAcknowledgeLetter =
  (deps: AcknowledgeDeps): AcknowledgeLetter =>
  async ({ letterId }) => {
    const letter = await deps.letters.get(letterId);
    if (!letter) return { kind: 'not_found', letterId };
    if (letter.status !== 'forwarded' || !letter.registerNumber) return { kind: 'not_forwarded', letterId, status: letter.status };

    // The letter itself and the campaign's letters, each sender with their own record (their verdicts, their name).
    const senders: Letter[] = [letter];
    for (const member of letter.campaign?.members ?? []) {
      const record = await deps.letters.get(member.id);
      if (record) senders.push(record);
    }

    let sent = 0;
    let already = 0;
    const skipped: AcknowledgementSkip[] = [];
    const handling = letter.decision?.handling ?? deps.settings.defaultHandling;
    for (const record of senders) {
      const target = acknowledgementAddress(record, deps.settings.ownDomains);
      const at = deps.clock.now().toISOString();
      if ('skip' in target) {
        // Kept under the sender's address (or the record's id when it had none), so the page and a rerun see why.
        const key = record.from?.address?.toLowerCase() || `(${record.id})`;
        if (await deps.letters.claimAcknowledgement(letter.id, key, { state: 'skipped', at, letterId: record.id, reason: target.skip })) skipped.push(target.skip);
        else already++;
        continue;
      }
      const claim: AcknowledgementRecord = { state: 'sending', at, letterId: record.id };
      if (!(await deps.letters.claimAcknowledgement(letter.id, target.address, claim))) {
        already++;
        continue;
      }
      try {
        const mail = acknowledgementMail({ letter: record, registerNumber: letter.registerNumber, handling, municipality: deps.settings.municipality, template: deps.settings.template });
        const raw = await deps.composer.compose({
          from: { name: `Griffie ${deps.settings.municipality}`, address: deps.settings.griffieAddress },
          to: [{ name: '', address: target.address }],
          subject: mail.subject,
          text: mail.text,
          headers: acknowledgementHeaders(record.id, record.headerMessageId),
          attachments: [],
          date: deps.clock.now(),
        });
        const { providerMessageId } = await deps.sender.sendRaw({ from: deps.settings.griffieAddress, destinations: [target.address], raw });
        await deps.letters.completeAcknowledgement(letter.id, target.address, at, { state: 'sent', at: deps.clock.now().toISOString(), letterId: record.id, providerMessageId });
        sent++;
      } catch (err) {
        if (err instanceof PipelineError && !err.retryable) {
          await deps.letters.completeAcknowledgement(letter.id, target.address, at, { state: 'skipped', at: deps.clock.now().toISOString(), letterId: record.id, reason: 'send_refused' });
          skipped.push('send_refused');
          continue;
        }
        await deps.letters.completeAcknowledgement(letter.id, target.address, at, undefined);
        throw err;
      }
    }
    return { kind: 'done', letterId, sent, already, skipped };
  };
