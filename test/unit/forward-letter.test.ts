import { describe, expect, it } from 'vitest';
import { makeAssignRegisterNumber } from '../../shared/application/assign-register-number.js';
import { makeForwardLetter } from '../../shared/application/forward-letter.js';
import { DependencyUnavailableError, SendRejectedError } from '../../shared/domain/errors.js';
import type { Letter } from '../../shared/domain/letter.js';
import type { MimeParser, ParsedMailWithContent } from '../../shared/ports.js';
import { aLetter, aMail } from '../support/builders.js';
import {
  InMemoryLetterRepository,
  InMemoryRawMailStore,
  InMemoryRegisterCounter,
  RecordingComposer,
  RecordingMailSender,
  steppingClock,
} from '../support/fakes.js';

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 1, 2, 3]);

const approved = (overrides: Partial<Letter> = {}): Letter =>
  aLetter({
    status: 'approved',
    decision: { kind: 'approved', by: 'griffier@heemstede.nl', at: '2026-02-03T10:00:00.000Z', note: 'Ter kennisname graag.' },
    registerNumber: { year: 2026, sequence: 28, label: '28' },
    ...overrides,
  });

/** Parses nothing: returns a mail with a PDF and an inline logo, with their bytes. */
const fakeMime = (): MimeParser & { calls: number } => {
  const parser = {
    calls: 0,
    async parse(): Promise<ParsedMailWithContent> {
      parser.calls += 1;
      const mail = aMail({ text: 'Geachte griffier, hierbij onze brief.' });
      return {
        ...mail,
        attachments: [
          { filename: 'brief.pdf', contentType: 'application/pdf', size: PDF.byteLength, sha256: 'x', inline: false, content: PDF },
          { filename: 'logo.png', contentType: 'image/png', size: 3, sha256: 'y', inline: true, content: new Uint8Array([1, 2, 3]) },
        ],
      };
    },
  };
  return parser;
};

const setup = async (letter: Letter = approved(), councilSize = 3) => {
  const letters = new InMemoryLetterRepository();
  await letters.createIfAbsent(letter);
  const sender = new RecordingMailSender();
  const composer = new RecordingComposer();
  const counter = new InMemoryRegisterCounter();
  const councilList = Array.from({ length: councilSize }, (_, i) => `raadslid${i + 1}@heemstede.nl`);
  const forwardLetter = makeForwardLetter({
    letters,
    rawMail: new InMemoryRawMailStore({ [letter.rawObjectKey]: 'raw' }),
    mime: fakeMime(),
    composer,
    sender,
    assignRegisterNumber: makeAssignRegisterNumber({ letters, counter, scheme: 'yearly' }),
    clock: steppingClock('2026-02-03T10:00:05.000Z'),
    settings: { griffieAddress: 'griffie@heemstede.nl', councilList, defaultHandling: 'ter kennisname', municipality: 'Heemstede' },
  });
  return { letters, sender, composer, counter, councilList, forwardLetter };
};

describe('makeForwardLetter', () => {
  it('sends one new message to the council in BCC, To the griffie, with the number in the subject and the PDF attached', async () => {
    // Prepare
    const { letters, sender, composer, councilList, forwardLetter } = await setup();

    // Act
    const outcome = await forwardLetter({ letterId: 'letter-1' });

    // Assess
    expect(outcome).toEqual({ kind: 'forwarded', letterId: 'letter-1', messages: 1, recipients: 3 });
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]).toMatchObject({ from: 'griffie@heemstede.nl', destinations: councilList });
    const mail = composer.composed[0]!;
    expect(mail.to).toEqual([{ name: 'Griffie Heemstede', address: 'griffie@heemstede.nl' }]);
    expect(mail.replyTo).toEqual({ name: 'Wijkvereniging Glip-Zuid', address: 'secretariaat@glipzuid.example' });
    expect(mail.subject).toBe('28. Brief aan de raad: veilige schoolroutes');
    expect(mail.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated', 'X-Raadspost-Id': 'letter-1' });
    expect(mail.text).toContain('Voorgestelde afhandeling: ter kennisname');
    expect(mail.text).toContain('Ter kennisname graag.');
    expect(mail.text).toContain('Geachte griffier, hierbij onze brief.');
    expect(mail.attachments).toEqual([{ filename: 'brief.pdf', contentType: 'application/pdf', content: PDF }]);
    expect(letters.letters.get('letter-1')).toMatchObject({ status: 'forwarded', forwarding: { providerMessageIds: ['ses-1'], recipientCount: 3, attempts: 1 } });
  });

  it('sends 120 raadsleden in three messages of at most 50', async () => {
    // Prepare
    const { sender, forwardLetter } = await setup(approved(), 120);
    // Act
    await forwardLetter({ letterId: 'letter-1' });
    // Assess
    expect(sender.sent.map((m) => m.destinations.length)).toEqual([50, 50, 20]);
  });

  it('never sends twice: a second run finds the letter forwarded', async () => {
    // Prepare
    const { sender, forwardLetter } = await setup();
    await forwardLetter({ letterId: 'letter-1' });
    // Act
    const again = await forwardLetter({ letterId: 'letter-1' });
    // Assess
    expect(again).toEqual({ kind: 'skipped', letterId: 'letter-1', status: 'forwarded' });
    expect(sender.sent).toHaveLength(1);
  });

  it('records a permanent SES refusal as forward_failed and does not throw', async () => {
    // Prepare
    const { letters, sender, forwardLetter } = await setup();
    sender.failures = [new SendRejectedError('MessageRejected', 'ses refused the message: MessageRejected: Email address is not verified.')];

    // Act
    const outcome = await forwardLetter({ letterId: 'letter-1' });

    // Assess
    expect(outcome).toEqual({ kind: 'failed', letterId: 'letter-1', code: 'SEND_REJECTED' });
    expect(letters.letters.get('letter-1')).toMatchObject({ status: 'forward_failed', forwarding: { attempts: 1, error: expect.stringContaining('MessageRejected') } });
  });

  it('rethrows throttling after recording it, and the retry sends only the batches not yet sent', async () => {
    // Prepare
    const { letters, sender, forwardLetter } = await setup(approved(), 120);
    sender.failures = [undefined, new DependencyUnavailableError('ses send failed: TooManyRequestsException')];

    // Act
    await expect(forwardLetter({ letterId: 'letter-1' })).rejects.toBeInstanceOf(DependencyUnavailableError);
    const failed = letters.letters.get('letter-1');
    const retry = await forwardLetter({ letterId: 'letter-1' });

    // Assess
    expect(failed).toMatchObject({ status: 'forward_failed', forwarding: { attempts: 1, providerMessageIds: ['ses-1'] } });
    expect(retry).toMatchObject({ kind: 'forwarded', messages: 3 });
    expect(sender.sent.map((m) => m.destinations.length)).toEqual([50, 50, 20]);
    expect(letters.letters.get('letter-1')).toMatchObject({ status: 'forwarded', forwarding: { attempts: 2, providerMessageIds: ['ses-1', 'ses-2', 'ses-3'] } });
    expect(letters.letters.get('letter-1')?.forwarding?.error).toBeUndefined();
  });

  it('does not forward a rejected or still undecided letter', async () => {
    for (const letter of [aLetter({ status: 'rejected' }), aLetter()]) {
      // Prepare
      const { sender, forwardLetter } = await setup(letter);
      // Act
      const outcome = await forwardLetter({ letterId: letter.id });
      // Assess
      expect(outcome.kind).toBe('skipped');
      expect(sender.sent).toEqual([]);
    }
  });

  it('numbers an approved letter that the approval page could not number (crash in between)', async () => {
    // Prepare
    const { registerNumber: _none, ...unnumbered } = approved();
    const { letters, composer, counter, forwardLetter } = await setup(unnumbered as Letter);
    counter.counters.set(2026, 4);
    // Act
    await forwardLetter({ letterId: 'letter-1' });
    // Assess
    expect(letters.letters.get('letter-1')?.registerNumber?.label).toBe('5');
    expect(composer.composed[0]?.subject).toMatch(/^5\. /);
  });

  it('reports an unknown letter', async () => {
    const { forwardLetter } = await setup();
    expect(await forwardLetter({ letterId: 'nope' })).toEqual({ kind: 'not_found', letterId: 'nope' });
  });
});
