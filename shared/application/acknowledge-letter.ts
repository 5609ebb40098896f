import {
  acknowledgementAddress,
  acknowledgementKey,
  acknowledgementHeaders,
  acknowledgementMail,
  type AcknowledgementRecord,
  type AcknowledgementSkip,
  type CampaignResident,
} from '../domain/acknowledgement.js';
import { PipelineError, SendNotAcceptedError } from '../domain/errors.js';
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
      /** The letters whose senders it handled: the letter itself and its campaign's letters (Letter.acknowledged). */
      readonly letters: number;
    };

export type AcknowledgeLetter = (input: { readonly letterId: string }) => Promise<AcknowledgeOutcome>;

/**
 * Sends the ontvangstbevestiging of a forwarded letter to its sender, and to every resident of its campaign.
 *
 * Primary course:
 * 1. The letter has gone to the raadsleden (status forwarded) with its number.
 * 2. For the sender, and for each campaign letter's sender: who gets one (the From whose DMARC passed; never a no-reply,
 *    bulk or automatic sender, never the municipality itself) or why not.
 * 3. Per address one claim under the letter, so nobody gets two for one letter (a rerun or a concurrent run finds the
 *    claim), then the acknowledgement from the template (received on, ingekomen stuk nr., afdoeningsvoorstel, what
 *    happens next), marked Auto-Submitted: auto-replied and as ours, and the send recorded.
 * 4. The campaign's letters are read a page at a time (never all at once); when every one is handled, the run is
 *    recorded on the letter (Letter.acknowledged) with how many letters it handled.
 *
 * A failed send gives the claim back and fails the call (Lambda retries; the others already sent are not sent again);
 * a run that ends early records no run, so the reconciler starts it again (acknowledgementsDue). A refusal by SES for
 * good is recorded for that address and the rest go on. A crash after SES accepted a mail but before it was recorded
 * leaves the claim: that sender is not tried again (better none twice than one twice).
 */
export const makeAcknowledgeLetter =
  (deps: AcknowledgeDeps): AcknowledgeLetter =>
  async ({ letterId }) => {
    const letter = await deps.letters.get(letterId);
    if (!letter) return { kind: 'not_found', letterId };
    if (letter.status !== 'forwarded' || !letter.registerNumber) return { kind: 'not_forwarded', letterId, status: letter.status };

    let sent = 0;
    let already = 0;
    let letters = 0;
    const skipped: AcknowledgementSkip[] = [];
    const handling = letter.decision?.handling ?? deps.settings.defaultHandling;
    const { registerNumber } = letter;
    // The letter itself and the campaign's letters, each sender with their own record (their verdicts, their name).
    for await (const record of sendersOf(deps.letters, letter)) {
      letters++;
      const target = acknowledgementAddress(record, deps.settings.ownDomains);
      // Kept under the address it goes to (or the record's id when none goes), so a rerun and the page see it.
      const key = acknowledgementKey(record, target);
      const at = deps.clock.now().toISOString();
      if ('skip' in target) {
        if (await deps.letters.claimAcknowledgement(letter.id, key, { state: 'skipped', at, letterId: record.id, reason: target.skip })) skipped.push(target.skip);
        else already++;
        continue;
      }
      const claim: AcknowledgementRecord = { state: 'sending', at, letterId: record.id };
      if (!(await deps.letters.claimAcknowledgement(letter.id, key, claim))) {
        already++;
        continue;
      }
      let raw: Uint8Array;
      try {
        const mail = acknowledgementMail({ letter: record, registerNumber, handling, municipality: deps.settings.municipality, template: deps.settings.template });
        raw = await deps.composer.compose({
          from: { name: `Griffie ${deps.settings.municipality}`, address: deps.settings.griffieAddress },
          to: [{ name: '', address: target.address }],
          subject: mail.subject,
          text: mail.text,
          headers: acknowledgementHeaders(record.id, record.headerMessageId),
          attachments: [],
          date: deps.clock.now(),
        });
      } catch (err) {
        await deps.letters.completeAcknowledgement(letter.id, key, at, undefined);
        throw err;
      }
      try {
        const { providerMessageId } = await deps.sender.sendRaw({ from: deps.settings.griffieAddress, destinations: [target.address], raw });
        await deps.letters.completeAcknowledgement(letter.id, key, at, { state: 'sent', at: deps.clock.now().toISOString(), letterId: record.id, providerMessageId });
        sent++;
      } catch (err) {
        if (err instanceof PipelineError && !err.retryable) {
          await deps.letters.completeAcknowledgement(letter.id, key, at, { state: 'skipped', at: deps.clock.now().toISOString(), letterId: record.id, reason: 'send_refused' });
          skipped.push('send_refused');
          continue;
        }
        // Only a send that SES surely did not take is given back for a retry; after a timeout or a lost answer it may
        // have gone out, so the claim stays (`sending`): this sender gets none rather than two.
        if (err instanceof SendNotAcceptedError) await deps.letters.completeAcknowledgement(letter.id, key, at, undefined);
        throw err;
      }
    }
    await deps.letters.recordAcknowledged(letter.id, { at: deps.clock.now().toISOString(), letters });
    return { kind: 'done', letterId, sent, already, skipped, letters };
  };

/** The letter, then its campaign's letters a page at a time. */
async function* sendersOf(repository: LetterRepository, letter: Letter): AsyncGenerator<CampaignResident> {
  yield letter;
  if (!letter.campaign) return;
  let cursor: string | undefined;
  do {
    const page = await repository.listCampaignLetters(letter.id, cursor);
    yield* page.items;
    cursor = page.cursor;
  } while (cursor);
}
