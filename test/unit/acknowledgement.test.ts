/** The ontvangstbevestiging: who gets one, its text, and that nobody gets two. */
import { describe, expect, it } from 'vitest';
import { makeAcknowledgeLetter } from '../../shared/application/acknowledge-letter.js';
import { makeForwardLetter } from '../../shared/application/forward-letter.js';
import { makeReconcile } from '../../shared/application/reconcile.js';
import {
  acknowledgementAddress,
  acknowledgementsDue,
  acknowledgementHeaders,
  acknowledgementMail,
  checkAcknowledgementTemplate,
  DEFAULT_ACKNOWLEDGEMENT_TEMPLATE,
} from '../../shared/domain/acknowledgement.js';
import { DependencyUnavailableError, SendNotAcceptedError, SendRejectedError } from '../../shared/domain/errors.js';
import type { Letter } from '../../shared/domain/letter.js';
import { RAADSPOST_MARK } from '../../shared/domain/own-mail.js';
import { aLetter, allPass } from '../support/builders.js';
import { InMemoryLetterFileStore, InMemoryLetterRepository, InMemoryRawMailCheckpoint, InMemoryRawMailStore, RecordingComposer, RecordingForwardTrigger, RecordingMailSender, steppingClock } from '../support/fakes.js';

const NUMBER = { year: 2026, sequence: 31, label: '31' };

const forwarded = (overrides: Partial<Letter> = {}): Letter =>
  aLetter({
    id: 'letter-1',
    status: 'forwarded',
    category: 'citizen_letter',
    from: { name: 'Sanne Vermeer', address: 'sanne@example.nl' },
    subject: 'Zebrapad bij de school',
    headerMessageId: 'abc123@mail.example.nl',
    decision: { kind: 'approved', by: 'griffier@heemstede.nl', at: '2026-02-03T10:00:00Z', note: '', handling: 'ter afdoening in handen van het college stellen' },
    registerNumber: NUMBER,
    automated: { autoSubmitted: false, bulk: false },
    ...overrides,
  });

describe('who gets an acknowledgement', () => {
  const own = ['heemstede.nl'];
  it.each([
    ['a resident whose DMARC passed', {}, { address: 'sanne@example.nl' }],
    ['a sender whose DMARC failed', { verdicts: allPass({ dmarc: 'FAIL' }) }, { skip: 'dmarc_not_passed' }],
    ['a sender whose DMARC was not checked', { verdicts: allPass({ dmarc: 'DISABLED' }) }, { skip: 'dmarc_not_passed' }],
    ['a no-reply address', { from: { name: '', address: 'no-reply@platform.example' } }, { skip: 'no_reply_address' }],
    ['a Dutch no-reply address', { from: { name: '', address: 'niet-beantwoorden@platform.example' } }, { skip: 'no_reply_address' }],
    ['mailer-daemon', { from: { name: '', address: 'MAILER-DAEMON@mx.example' } }, { skip: 'no_reply_address' }],
    ['bulk mail', { automated: { autoSubmitted: false, bulk: true } }, { skip: 'automated' }],
    ['an automatic message', { automated: { autoSubmitted: true, bulk: false } }, { skip: 'automated' }],
    ['the municipality itself', { from: { name: '', address: 'kcc@heemstede.nl' } }, { skip: 'own_domain' }],
    ['no sender', { from: null }, { skip: 'no_sender' }],
    ['an address with no domain that DNS could hold', { from: { name: '', address: 'piet@exa mple.nl' } }, { skip: 'no_sender' }],
    ['an internationalised domain: in punycode, as SES needs', { from: { name: '', address: 'Piet@Bücher.nl' } }, { address: 'piet@xn--bcher-kva.nl' }],
    ['a local part beyond ASCII (SES has no SMTPUTF8)', { from: { name: '', address: 'piët@example.nl' } }, { skip: 'unsendable_address' }],
  ] as const)('%s', (_what, overrides, expected) => {
    expect(acknowledgementAddress(forwarded(overrides as Partial<Letter>), own)).toEqual(expected);
  });

  it('answers the From, never a Reply-To (that would send our mail to someone else)', () => {
    expect(acknowledgementAddress(forwarded({ replyTo: [{ name: '', address: 'victim@elsewhere.example' }] }), [])).toEqual({ address: 'sanne@example.nl' });
  });
});

describe('the acknowledgement', () => {
  it('says when it came in, its number, the afdoeningsvoorstel and what happens next, in Dutch, with our mark', () => {
    const mail = acknowledgementMail({ letter: forwarded(), registerNumber: NUMBER, handling: 'ter afdoening in handen van het college stellen', municipality: 'Heemstede', template: DEFAULT_ACKNOWLEDGEMENT_TEMPLATE });
    expect(mail.subject).toBe('Ontvangstbevestiging: uw brief aan de gemeenteraad (ingekomen stuk nr. 31)');
    expect(mail.text).toContain('Geachte Sanne Vermeer,');
    expect(mail.text).toContain('Op maandag 2 februari 2026 om 09:15 ontving de griffie van de gemeente Heemstede uw brief aan de gemeenteraad met het onderwerp "Zebrapad bij de school".');
    expect(mail.text).toContain('geregistreerd als ingekomen stuk nr. 31');
    expect(mail.text).toContain('Voorgestelde afhandeling: ter afdoening in handen van het college stellen.');
    expect(mail.text).toContain('Wat gebeurt er nu?');
    expect(mail.text.trimEnd().endsWith(`${RAADSPOST_MARK} letter-1`)).toBe(true);
  });

  it('fills a placeholder once: a subject that contains one is not filled in again', () => {
    const mail = acknowledgementMail({ letter: forwarded({ subject: 'Over {nummer} en {gemeente}' }), registerNumber: NUMBER, handling: 'x', municipality: 'Heemstede', template: 'Nr {nummer}: {onderwerp}' });
    expect(mail.text.split('\n')[0]).toBe('Nr 31: Over {nummer} en {gemeente}');
  });

  it('takes a template of the griffie\'s own, and refuses one with an unknown placeholder or without the number', () => {
    expect(checkAcknowledgementTemplate('Beste {afzender},\\nUw brief heeft nummer {nummer}.')).toBe('Beste {afzender},\nUw brief heeft nummer {nummer}.');
    expect(() => checkAcknowledgementTemplate('Nummer {nummer}, zaak {zaaknummer}')).toThrow(/unknown placeholder\(s\) \{zaaknummer\}/);
    expect(() => checkAcknowledgementTemplate('Dank voor uw brief.')).toThrow(/must name the number/);
    expect(() => checkAcknowledgementTemplate('  ')).toThrow(/empty/);
  });

  it('is an automatic reply (RFC 3834) to the letter, and ours', () => {
    expect(acknowledgementHeaders('letter-1', 'abc123@mail.example.nl')).toEqual({
      'Auto-Submitted': 'auto-replied',
      'X-Auto-Response-Suppress': 'All',
      'X-Raadspost-Id': 'letter-1',
      'In-Reply-To': '<abc123@mail.example.nl>',
      References: '<abc123@mail.example.nl>',
    });
    // A Message-ID that could break the header is not repeated.
    expect(acknowledgementHeaders('letter-1', 'a>\r\nBcc: x@y.z')).not.toHaveProperty('In-Reply-To');
  });
});

const setup = async (letters: readonly Letter[]) => {
  const repository = new InMemoryLetterRepository();
  for (const l of letters) await repository.createIfAbsent(l);
  const sender = new RecordingMailSender();
  const composer = new RecordingComposer();
  const acknowledge = makeAcknowledgeLetter({
    letters: repository,
    composer,
    sender,
    clock: steppingClock('2026-02-03T10:01:00Z'),
    settings: { griffieAddress: 'griffie@heemstede.nl', municipality: 'Heemstede', ownDomains: ['heemstede.nl'], template: DEFAULT_ACKNOWLEDGEMENT_TEMPLATE, defaultHandling: 'ter kennisname' },
  });
  return { repository, sender, composer, acknowledge };
};

describe('makeAcknowledgeLetter', () => {
  it('sends the sender one acknowledgement from the griffie, and none on a rerun', async () => {
    // Prepare
    const { repository, sender, composer, acknowledge } = await setup([forwarded()]);

    // Act
    const first = await acknowledge({ letterId: 'letter-1' });
    const again = await acknowledge({ letterId: 'letter-1' });

    // Assess
    expect(first).toEqual({ kind: 'done', letterId: 'letter-1', sent: 1, already: 0, skipped: [], letters: 1 });
    expect(again).toEqual({ kind: 'done', letterId: 'letter-1', sent: 0, already: 1, skipped: [], letters: 1 });
    expect(sender.sent).toEqual([{ from: 'griffie@heemstede.nl', destinations: ['sanne@example.nl'], raw: expect.any(Uint8Array) }]);
    expect(composer.composed[0]).toMatchObject({ from: { name: 'Griffie Heemstede', address: 'griffie@heemstede.nl' }, to: [{ name: '', address: 'sanne@example.nl' }], headers: { 'Auto-Submitted': 'auto-replied' } });
    expect(composer.composed[0]!.text).toContain('Voorgestelde afhandeling: ter afdoening in handen van het college stellen.');
    expect(Object.fromEntries(repository.acknowledgements.get('letter-1') ?? [])).toEqual({ 'sanne@example.nl': { state: 'sent', at: '2026-02-03T10:01:00.000Z', letterId: 'letter-1', providerMessageId: 'ses-1' } });
    expect(repository.letters.get('letter-1')?.acknowledged).toEqual({ at: expect.any(String), letters: 1 });
  });

  it('gives each resident of a campaign their own, with their own day of receipt, and skips those it may not answer', async () => {
    // Prepare
    const member = (id: string, address: string, overrides: Partial<Letter> = {}) =>
      aLetter({ id, status: 'in_campaign', campaignOf: 'letter-1', category: 'citizen_letter', from: { name: '', address }, receivedAt: '2026-02-05T12:00:00Z', ...overrides });
    const first = forwarded({
      campaign: {
        count: 4,
        firstAt: '2026-02-02T08:15:42Z',
        lastAt: '2026-02-05T12:00:00Z',
        // The residents are found through their own records (campaignOf), listed on the first letter or not.
        members: [{ id: 'm-1', receivedAt: '2026-02-05T12:00:00Z', from: 'piet@example.nl', differs: false }],
      },
    });
    const { repository, sender, composer, acknowledge } = await setup([
      first,
      member('m-1', 'piet@example.nl'),
      member('m-2', 'nep@spoof.example', { verdicts: allPass({ dmarc: 'FAIL' }) }),
      member('m-3', 'noreply@petities.example'),
    ]);
    repository.pageSize = 2;

    // Act
    const outcome = await acknowledge({ letterId: 'letter-1' });

    // Assess
    expect(outcome).toMatchObject({ sent: 2, skipped: ['dmarc_not_passed', 'no_reply_address'], letters: 4 });
    expect(acknowledgementsDue(repository.letters.get('letter-1')!)).toBe(false);
    expect(sender.sent.map((s) => s.destinations)).toEqual([['sanne@example.nl'], ['piet@example.nl']]);
    expect(composer.composed[1]!.text).toContain('Op donderdag 5 februari 2026 om 13:00 ontving');
    expect(composer.composed[1]!.headers['X-Raadspost-Id']).toBe('m-1');
  });

  it('leaves a run cut short due, and the reconciler finishes it: every resident gets exactly one', async () => {
    // Prepare: a campaign of six; the third send fails (SES throttles).
    const residents = Array.from({ length: 5 }, (_, i) =>
      aLetter({ id: `m-${i}`, status: 'in_campaign', campaignOf: 'letter-1', category: 'citizen_letter', from: { name: '', address: `bewoner${i}@example.nl` }, receivedAt: `2026-02-0${i + 3}T12:00:00Z` }),
    );
    const first = forwarded({
      forwarding: { at: '2026-02-03T10:00:30Z', providerMessageIds: ['ses-0'], recipientCount: 3, attempts: 1 },
      campaign: { count: 6, firstAt: '2026-02-02T08:15:42Z', lastAt: '2026-02-07T12:00:00Z', members: [], differing: 0 },
    });
    const { repository, sender, acknowledge } = await setup([first, ...residents]);
    repository.pageSize = 2;
    sender.failures = [undefined, undefined, new SendNotAcceptedError('ses throttled')];

    // Act: the forward's run fails midway; an hour later the reconciler looks.
    await expect(acknowledge({ letterId: 'letter-1' })).rejects.toThrow('ses throttled');
    const cutShort = repository.letters.get('letter-1')!;
    const reconcile = makeReconcile({
      rawMail: new InMemoryRawMailStore(),
      letters: repository,
      checkpoint: new InMemoryRawMailCheckpoint(),
      ingest: async () => undefined,
      forward: new RecordingForwardTrigger(),
      requestApproval: async () => ({ kind: 'sent', recipients: 1 }),
      acknowledge: { trigger: async (letterId) => void (await acknowledge({ letterId })) },
      clock: steppingClock('2026-02-04T12:00:00Z'),
      settings: { rawMailPrefix: 'inbound/' },
    });
    const report = await reconcile();
    const later = await reconcile();

    // Assess
    expect(acknowledgementsDue(cutShort)).toBe(true);
    expect(report).toMatchObject({ acknowledgementsStarted: ['letter-1'], failures: [] });
    expect(later.acknowledgementsStarted).toEqual([]);
    expect(sender.sent.map((s) => s.destinations[0])).toEqual(['sanne@example.nl', ...residents.map((r) => r.from!.address)]);
    expect([...repository.acknowledgements.get('letter-1')!.values()].map((a) => a.state)).toEqual(Array(6).fill('sent'));
    expect(repository.letters.get('letter-1')?.acknowledged?.letters).toBe(6);
  });

  it('keeps the claim when a send may have gone out (a timeout): that sender gets none rather than two, the others theirs', async () => {
    // Prepare: a campaign of three; the first resident's send times out after SES may have taken it.
    const residents = ['piet@example.nl', 'anna@example.nl'].map((address, i) =>
      aLetter({ id: `m-${i}`, status: 'in_campaign', campaignOf: 'letter-1', category: 'citizen_letter', from: { name: '', address }, receivedAt: `2026-02-0${i + 4}T12:00:00Z` }),
    );
    const first = forwarded({ campaign: { count: 3, firstAt: '2026-02-02T08:15:42Z', lastAt: '2026-02-05T12:00:00Z', members: [], differing: 0 } });
    const { repository, sender, acknowledge } = await setup([first, ...residents]);
    sender.failures = [undefined, new DependencyUnavailableError('ses send failed: TimeoutError: socket timed out')];

    // Act: the run fails there; Lambda's retry and a later reconciler run go on.
    await expect(acknowledge({ letterId: 'letter-1' })).rejects.toThrow('TimeoutError');
    const retry = await acknowledge({ letterId: 'letter-1' });
    const again = await acknowledge({ letterId: 'letter-1' });

    // Assess
    expect(sender.sent.map((s) => s.destinations[0])).toEqual(['sanne@example.nl', 'anna@example.nl']);
    expect(retry).toMatchObject({ sent: 1, already: 2, letters: 3 });
    expect(again).toMatchObject({ sent: 0, already: 3 });
    expect(repository.acknowledgements.get('letter-1')!.get('piet@example.nl')).toMatchObject({ state: 'sending', letterId: 'm-0' });
    expect(acknowledgementsDue(repository.letters.get('letter-1')!)).toBe(false);
  });

  it('never lets a forged or automatic letter use up the real sender\'s acknowledgement', async () => {
    // Prepare: someone forges Piet's address (DMARC fails) before Piet's own letter joins the campaign.
    const member = (id: string, overrides: Partial<Letter>) =>
      aLetter({ id, status: 'in_campaign', campaignOf: 'letter-1', category: 'citizen_letter', from: { name: '', address: 'Piet@Example.nl' }, ...overrides });
    const first = forwarded({ campaign: { count: 3, firstAt: '2026-02-02T08:15:42Z', lastAt: '2026-02-06T12:00:00Z', members: [], differing: 0 } });
    const { sender, acknowledge } = await setup([
      first,
      member('forged', { receivedAt: '2026-02-04T12:00:00Z', verdicts: allPass({ dmarc: 'FAIL' }) }),
      member('piet', { receivedAt: '2026-02-06T12:00:00Z' }),
    ]);

    // Act
    const outcome = await acknowledge({ letterId: 'letter-1' });

    // Assess
    expect(outcome).toMatchObject({ sent: 2, already: 0, skipped: ['dmarc_not_passed'] });
    expect(sender.sent.map((s) => s.destinations[0])).toEqual(['sanne@example.nl', 'piet@example.nl']);
  });

  it('counts one mailbox once, however its domain is written (an IDN as Unicode or as punycode)', async () => {
    // Prepare
    const member = (id: string, address: string) =>
      aLetter({ id, status: 'in_campaign', campaignOf: 'letter-1', category: 'citizen_letter', from: { name: '', address }, receivedAt: '2026-02-05T12:00:00Z' });
    const first = forwarded({ campaign: { count: 3, firstAt: '2026-02-02T08:15:42Z', lastAt: '2026-02-05T12:00:00Z', members: [], differing: 0 } });
    const { sender, acknowledge } = await setup([first, member('m-1', 'piet@bücher.nl'), member('m-2', 'piet@xn--bcher-kva.nl')]);

    // Act
    const outcome = await acknowledge({ letterId: 'letter-1' });

    // Assess
    expect(outcome).toMatchObject({ sent: 2, already: 1 });
    expect(sender.sent.map((s) => s.destinations[0])).toEqual(['sanne@example.nl', 'piet@xn--bcher-kva.nl']); // SES takes 7-bit addresses only
  });

  it('acknowledges only a forwarded letter', async () => {
    const { sender, acknowledge } = await setup([forwarded({ status: 'approved' })]);
    expect(await acknowledge({ letterId: 'letter-1' })).toEqual({ kind: 'not_forwarded', letterId: 'letter-1', status: 'approved' });
    expect(await acknowledge({ letterId: 'nope' })).toEqual({ kind: 'not_found', letterId: 'nope' });
    expect(sender.sent).toEqual([]);
  });

  it('gives the claim back when SES surely did not take the mail, so the retry sends it; a refusal for good is recorded and not retried', async () => {
    // Prepare
    const { repository, sender, acknowledge } = await setup([forwarded()]);
    sender.failures = [new SendNotAcceptedError('ses throttled')];

    // Act + Assess
    await expect(acknowledge({ letterId: 'letter-1' })).rejects.toThrow('ses throttled');
    expect(repository.acknowledgements.get('letter-1')?.size).toBe(0);
    expect(acknowledgementsDue(repository.letters.get('letter-1')!)).toBe(true);
    expect(await acknowledge({ letterId: 'letter-1' })).toMatchObject({ sent: 1 });

    const refused = await setup([forwarded()]);
    refused.sender.failures = [new SendRejectedError('MessageRejected', 'address blacklisted')];
    expect(await refused.acknowledge({ letterId: 'letter-1' })).toMatchObject({ sent: 0, skipped: ['send_refused'] });
    expect(await refused.acknowledge({ letterId: 'letter-1' })).toMatchObject({ sent: 0, already: 1 });
    expect(refused.sender.sent).toEqual([]);
  });
});

describe('the forward starts the acknowledgements', () => {
  const approved = () => forwarded({ status: 'approved', attachments: [] });
  const forwardWith = async (trigger: RecordingForwardTrigger | undefined) => {
    const letters = new InMemoryLetterRepository();
    await letters.createIfAbsent(approved());
    return makeForwardLetter({
      letters,
      files: new InMemoryLetterFileStore(),
      composer: new RecordingComposer(),
      sender: new RecordingMailSender(),
      clock: steppingClock('2026-02-03T10:00:30Z'),
      settings: { griffieAddress: 'griffie@heemstede.nl', councilList: ['raadslid@heemstede.nl'], defaultHandling: 'ter kennisname', municipality: 'Heemstede' },
      ...(trigger && { acknowledge: trigger }),
    });
  };

  it('after a completed forward, and a failure to start them never fails the forward', async () => {
    const trigger = new RecordingForwardTrigger();
    expect(await (await forwardWith(trigger))({ letterId: 'letter-1' })).toMatchObject({ kind: 'forwarded', acknowledgement: 'started' });
    expect(trigger.triggered).toEqual(['letter-1']);
    const broken = new RecordingForwardTrigger();
    broken.failWith = new DependencyUnavailableError('lambda down');
    expect(await (await forwardWith(broken))({ letterId: 'letter-1' })).toMatchObject({ kind: 'forwarded', acknowledgement: 'not_started' });
    expect(await (await forwardWith(undefined))({ letterId: 'letter-1' })).not.toHaveProperty('acknowledgement');
  });
});
