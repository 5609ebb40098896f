import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeForwardLetter } from '../../shared/application/forward-letter.js';
import { DependencyUnavailableError, SendNotAcceptedError, SendRejectedError } from '../../shared/domain/errors.js';
import type { Letter } from '../../shared/domain/letter.js';
import { prepareLetterText } from '../../shared/domain/letter-text.js';
import { FAILURE_WORDS } from '../../shared/web/letter-view.js';
import { aLetter, allPass } from '../support/builders.js';
import { InMemoryLetterFileStore, InMemoryLetterRepository, RecordingComposer, RecordingMailSender, steppingClock } from '../support/fakes.js';

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 1, 2, 3]);
const PDF_SHA256 = createHash('sha256').update(PDF).digest('hex');

/** An approved letter: its PDF goes along; a program and a logo of the HTML layout do not. */
const approved = (overrides: Partial<Letter> = {}): Letter =>
  aLetter({
    status: 'approved',
    decision: { kind: 'approved', by: 'griffier@heemstede.nl', at: '2026-02-03T10:00:00.000Z', note: 'Ter kennisname graag.' },
    registerNumber: { year: 2026, sequence: 28, label: '28' },
    body: prepareLetterText('Geachte griffier, hierbij onze brief.\n\n> Eerder schreef u:\n> zie https://example.org/eerder'),
    attachments: [
      { filename: 'brief.pdf', contentType: 'application/pdf', size: PDF.byteLength, sha256: PDF_SHA256, inline: false, hasText: true, verdict: { forward: true, type: 'pdf' }, fileKey: 'files/letter-1/0' },
      { filename: 'factuur.pdf.exe', contentType: 'application/octet-stream', size: 4, sha256: 'cd'.repeat(32), inline: false, hasText: false, verdict: { forward: false, refusal: { code: 'dangerous', kind: 'executable' } } },
      { filename: 'logo.png', contentType: 'image/png', size: 3, sha256: 'ef'.repeat(32), inline: true, hasText: false, verdict: { forward: false, refusal: { code: 'inline' } } },
    ],
    ...overrides,
  });

const setup = async (letter: Letter = approved(), councilSize = 3) => {
  const letters = new InMemoryLetterRepository();
  await letters.createIfAbsent(letter);
  const files = new InMemoryLetterFileStore();
  await files.put('files/letter-1/0', PDF, 'application/pdf');
  const sender = new RecordingMailSender();
  const composer = new RecordingComposer();
  const councilList = Array.from({ length: councilSize }, (_, i) => `raadslid${i + 1}@heemstede.nl`);
  const forwardLetter = makeForwardLetter({
    letters,
    files,
    composer,
    sender,
    clock: steppingClock('2026-02-03T10:00:05.000Z'),
    settings: { griffieAddress: 'griffie@heemstede.nl', councilList, defaultHandling: 'ter kennisname', municipality: 'Heemstede' },
  });
  return { letters, files, sender, composer, councilList, forwardLetter };
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
    expect(mail.replyTo).toEqual({ name: '', address: 'secretariaat@glipzuid.example' });
    expect(mail.subject).toBe('28. Brief aan de raad: veilige schoolroutes');
    expect(mail.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated', 'X-Raadspost-Id': 'letter-1' });
    expect(mail.text).toContain('Voorgestelde afhandeling: ter kennisname');
    expect(mail.text).toContain('Ter kennisname graag.');
    expect(mail.text).toContain('Niet doorgestuurd:        factuur.pdf.exe (programma dat op de computer kan draaien)');
    expect(mail.text).not.toContain('logo.png');
    expect(mail.attachments).toEqual([{ filename: 'brief.pdf', contentType: 'application/pdf', content: PDF }]);
    expect(letters.letters.get('letter-1')).toMatchObject({ status: 'forwarded', forwarding: { providerMessageIds: ['ses-1'], recipientCount: 3, attempts: 1 } });
  });

  it('puts the afdoeningsvoorstel the griffier chose in the cover note, instead of the default', async () => {
    // Prepare
    const letter = approved();
    const { composer, forwardLetter } = await setup({ ...letter, decision: { ...letter.decision!, handling: 'betrekken bij agendapunt 7. Begroting' } });
    // Act
    await forwardLetter({ letterId: 'letter-1' });
    // Assess
    expect(composer.composed[0]!.text).toContain('Voorgestelde afhandeling: betrekken bij agendapunt 7. Begroting');
    expect(composer.composed[0]!.text).not.toContain('ter kennisname');
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
    expect(letters.letters.get('letter-1')).toMatchObject({
      status: 'forward_failed',
      forwarding: { attempts: 1, failure: { code: 'SEND_REJECTED', retryable: false, message: expect.stringContaining('MessageRejected') } },
    });
  });

  it('rethrows throttling after recording it, and the retry sends only the batches not yet sent', async () => {
    // Prepare
    const { letters, sender, forwardLetter } = await setup(approved(), 120);
    sender.failures = [undefined, new SendNotAcceptedError('ses send failed: TooManyRequestsException')];

    // Act
    await expect(forwardLetter({ letterId: 'letter-1' })).rejects.toBeInstanceOf(SendNotAcceptedError);
    const failed = letters.letters.get('letter-1');
    const retry = await forwardLetter({ letterId: 'letter-1' });

    // Assess
    expect(failed).toMatchObject({ status: 'forward_failed', forwarding: { attempts: 1, providerMessageIds: ['ses-1'] } });
    expect(retry).toMatchObject({ kind: 'forwarded', messages: 3 });
    expect(sender.sent.map((m) => m.destinations.length)).toEqual([50, 50, 20]);
    expect(letters.letters.get('letter-1')).toMatchObject({ status: 'forwarded', forwarding: { attempts: 2, providerMessageIds: ['ses-1', 'ses-2', 'ses-3'] } });
    expect(letters.letters.get('letter-1')?.forwarding?.failure).toBeUndefined();
  });

  it.each([
    ['SES gave no answer', (s: { sender: RecordingMailSender }) => void (s.sender.failures = [undefined, new DependencyUnavailableError('ses send failed: TimeoutError: socket timed out')])],
    ['SES answered with a server error', (s: { sender: RecordingMailSender }) => void (s.sender.failures = [undefined, new DependencyUnavailableError('ses send failed: InternalFailure')])],
    ['recording a sent batch failed', (s: { letters: InMemoryLetterRepository }) => void (s.letters.failNext.recordForwardBatch = new DependencyUnavailableError('dynamodb down'))],
  ])('never sends a batch again by itself when SES may have taken it (%s): FORWARD_UNCERTAIN, for a person to check', async (_, fail) => {
    // Prepare: 120 raadsleden in three batches; the trouble comes with the second (or with recording the first).
    const s = await setup(approved(), 120);
    fail(s as never);

    // Act
    const outcome = await s.forwardLetter({ letterId: 'letter-1' });

    // Assess: no retry (returned, not thrown), not retryable for the reconciler, and said in words the page shows.
    expect(outcome).toEqual({ kind: 'failed', letterId: 'letter-1', code: 'FORWARD_UNCERTAIN' });
    expect(s.letters.letters.get('letter-1')).toMatchObject({ status: 'forward_failed', forwarding: { failure: { code: 'FORWARD_UNCERTAIN', retryable: false } } });
    expect(FAILURE_WORDS.FORWARD_UNCERTAIN).toContain('niet zeker');
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

  it('sends exactly the prepared text the page showed, quoted lines and links included, below the cover note', async () => {
    // Prepare
    const letter = approved();
    const { composer, forwardLetter } = await setup(letter);
    // Act
    await forwardLetter({ letterId: 'letter-1' });
    // Assess
    const text = composer.composed[0]!.text;
    expect(text.endsWith(`${letter.body.text}\n`)).toBe(true);
    expect(text).toContain('> zie https://example.org/eerder');
  });

  it('carries no Reply-To when DMARC did not pass, and says why in the cover note', async () => {
    // Prepare
    const { composer, forwardLetter } = await setup(approved({ verdicts: allPass({ dmarc: 'FAIL' }) }));
    // Act
    await forwardLetter({ letterId: 'letter-1' });
    // Assess
    expect(composer.composed[0]!.replyTo).toBeUndefined();
    expect(composer.composed[0]!.text).toContain('"Beantwoorden" gaat naar de griffie: de afzender kon niet worden bevestigd');
  });

  it('never puts a display name claiming the municipality in the Reply-To or the cover note', async () => {
    // Prepare
    const letter = approved({
      from: { name: 'Griffie Heemstede', address: 'griffie.heemstede@gmail.com' },
      organisation: 'Gemeente Heemstede',
      risks: [{ code: 'impersonation', text: 'De afzender noemt zich "Griffie Heemstede"' }],
    });
    const { composer, forwardLetter } = await setup(letter);
    // Act
    await forwardLetter({ letterId: 'letter-1' });
    // Assess
    const mail = composer.composed[0]!;
    expect(mail.replyTo).toBeUndefined();
    expect(mail.text).toContain('Afzender:                 griffie.heemstede@gmail.com');
    expect(mail.text).not.toContain('Griffie Heemstede <');
    expect(mail.text).not.toContain('Organisatie:');
  });

  it('fails for good when a stored attachment differs from what the griffier could open', async () => {
    // Prepare
    const { letters, files, sender, forwardLetter } = await setup();
    await files.put('files/letter-1/0', new Uint8Array([1, 2, 3]), 'application/pdf');
    // Act
    const outcome = await forwardLetter({ letterId: 'letter-1' });
    // Assess
    expect(outcome).toEqual({ kind: 'failed', letterId: 'letter-1', code: 'LETTER_FILE_MISSING' });
    expect(sender.sent).toEqual([]);
    expect(letters.letters.get('letter-1')?.forwarding?.failure).toMatchObject({ code: 'LETTER_FILE_MISSING', retryable: false });
  });

  it('reports an unknown letter', async () => {
    const { forwardLetter } = await setup();
    expect(await forwardLetter({ letterId: 'nope' })).toEqual({ kind: 'not_found', letterId: 'nope' });
  });
});
