import { singleLineHeaderValue } from '../domain/forward.js';
import type { Clock, MailSender, MessageComposer } from '../ports.js';

export interface NotifyGriffieDeps {
  readonly composer: MessageComposer;
  readonly sender: MailSender;
  readonly clock: Clock;
  readonly settings: {
    /** The verified SES identity (the griffie). */
    readonly from: string;
    /** Who is told: the approvers (the griffie's own people), never a sender and never the council. */
    readonly to: readonly string[];
    readonly municipality: string;
  };
}

/** A plain Dutch service mail to the griffie. */
export type NotifyGriffie = (mail: { readonly subject: string; readonly text: string; readonly ref: string }) => Promise<void>;

/**
 * Mails the griffie about something that needs a person (a dead letter, the quarantine overview). Marked as
 * automatic and as ours (Auto-Submitted, X-Raadspost-Id), so if it ever comes back in it is classified as an
 * auto-reply and never answered or forwarded.
 */
export const makeNotifyGriffie =
  ({ composer, sender, clock, settings }: NotifyGriffieDeps): NotifyGriffie =>
  async ({ subject, text, ref }) => {
    const raw = await composer.compose({
      from: { name: `Raadspost griffie ${settings.municipality}`, address: settings.from },
      to: settings.to.map((address) => ({ name: '', address })),
      subject: singleLineHeaderValue(subject, 300),
      text,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-Raadspost-Id': singleLineHeaderValue(ref, 200) },
      attachments: [],
      date: clock.now(),
    });
    await sender.sendRaw({ from: settings.from, destinations: settings.to, raw });
  };
