import { describe, expect, it } from 'vitest';
import { makeRequestApproval, type RenderApprovalMail } from '../../shared/application/request-approval.js';
import { hashToken } from '../../shared/domain/approval.js';
import { DependencyUnavailableError, SendRejectedError } from '../../shared/domain/errors.js';
import { aLetter } from '../support/builders.js';
import { InMemoryLetterFileStore, InMemoryLetterRepository, RecordingComposer, RecordingMailSender, sequenceRandom, steppingClock } from '../support/fakes.js';

const setup = (approvers = ['griffier@heemstede.nl', 'plv.griffier@heemstede.nl']) => {
  const letters = new InMemoryLetterRepository();
  const sender = new RecordingMailSender();
  const composer = new RecordingComposer();
  const clock = steppingClock('2026-02-02T09:30:00.000Z');
  const urls: string[] = [];
  const renderMail: RenderApprovalMail = (summary, url) => {
    urls.push(url);
    return { subject: `Nieuwe brief: ${summary.subject}`, text: `link ${url}`, html: `<a href="${url}">x</a>` };
  };
  const files = new InMemoryLetterFileStore();
  const requestApproval = makeRequestApproval({
    letters,
    files,
    tokens: letters.tokens,
    random: sequenceRandom(),
    composer,
    sender,
    renderMail,
    clock,
    settings: { from: 'griffie@heemstede.nl', approvers, baseUrl: 'https://approve.example/', tokenTtlDays: 14, municipality: 'Heemstede' },
  });
  return { letters, files, sender, composer, clock, urls, requestApproval };
};

describe('makeRequestApproval', () => {
  it('mails every approver their own link and stores only the hashes of the tokens', async () => {
    // Prepare
    const { letters, sender, composer, urls, requestApproval } = setup();
    const letter = aLetter();
    await letters.createIfAbsent(letter);

    // Act
    const outcome = await requestApproval(letter);

    // Assess
    expect(outcome).toEqual({ kind: 'sent', recipients: 2 });
    expect(sender.sent.map((m) => m.destinations)).toEqual([['griffier@heemstede.nl'], ['plv.griffier@heemstede.nl']]);
    expect(sender.sent.every((m) => m.from === 'griffie@heemstede.nl')).toBe(true);
    const tokens = urls.map((u) => new URL(u).searchParams.get('t')!);
    expect(new Set(tokens).size).toBe(2);
    expect([...letters.tokens.tokens.keys()].sort()).toEqual(tokens.map(hashToken).sort());
    expect([...letters.tokens.tokens.values()].map((t) => t.approver).sort()).toEqual(['griffier@heemstede.nl', 'plv.griffier@heemstede.nl']);
    expect(JSON.stringify([...letters.tokens.tokens.values()])).not.toContain(tokens[0]);
    expect(letters.letters.get(letter.id)?.approvalRequest).toMatchObject({ state: 'sent', providerMessageIds: ['ses-1', 'ses-2'] });
    expect(composer.composed[0]?.headers['X-Raadspost-Id']).toBe(letter.id);
  });

  it('sends nothing on a redelivery after the mail went out', async () => {
    // Prepare
    const { letters, sender, requestApproval } = setup();
    await letters.createIfAbsent(aLetter());
    await requestApproval(aLetter());

    // Act
    const outcome = await requestApproval((await letters.get('letter-1'))!);

    // Assess
    expect(outcome).toEqual({ kind: 'already_sent' });
    expect(sender.sent).toHaveLength(2);
  });

  it('leaves a fresh `sending` claim alone, and takes over one older than the lease', async () => {
    // Prepare: a run claimed and sent, then died before recording it.
    const { letters, sender, clock, requestApproval } = setup(['griffier@heemstede.nl']);
    await letters.createIfAbsent(aLetter());
    letters.failNext.completeApprovalRequest = new Error('process died');
    await expect(requestApproval(aLetter())).rejects.toThrow('process died');

    // Act
    clock.advance(5 * 60_000);
    const during = await requestApproval(aLetter());
    clock.advance(6 * 60_000);
    const after = await requestApproval(aLetter());

    // Assess
    expect(during).toEqual({ kind: 'in_progress' });
    expect(after).toEqual({ kind: 'sent', recipients: 1 });
    expect(sender.sent).toHaveLength(2); // the documented window: the approver got the mail twice
  });

  it('releases the claim and rethrows a retryable failure, so the retry sends at once', async () => {
    // Prepare
    const { letters, sender, requestApproval } = setup(['griffier@heemstede.nl']);
    await letters.createIfAbsent(aLetter());
    sender.failures = [new DependencyUnavailableError('ses throttled')];

    // Act
    const first = requestApproval(aLetter());

    // Assess
    await expect(first).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(letters.letters.get('letter-1')?.approvalRequest).toBeUndefined();
    expect(await requestApproval(aLetter())).toEqual({ kind: 'sent', recipients: 1 });
    expect(letters.letters.get('letter-1')?.history?.map((h) => h.event)).toEqual(['goedkeuringsverzoek mislukt', 'goedkeuringsverzoek verstuurd']);
  });

  it('records a permanent refusal without throwing', async () => {
    // Prepare
    const { letters, sender, requestApproval } = setup(['griffier@heemstede.nl']);
    await letters.createIfAbsent(aLetter());
    sender.failures = [new SendRejectedError('MessageRejected', 'ses refused the message')];

    // Act
    const outcome = await requestApproval(aLetter());

    // Assess
    expect(outcome).toEqual({ kind: 'failed', code: 'SEND_REJECTED' });
    expect(letters.letters.get('letter-1')?.history?.[0]?.detail).toMatch(/SEND_REJECTED \(niet opnieuw geprobeerd\)/);
  });

  it('sends nothing for a letter that does not await approval', async () => {
    // Prepare
    const { letters, sender, requestApproval } = setup();
    await letters.createIfAbsent(aLetter({ status: 'filed' }));
    // Act
    const outcome = await requestApproval(aLetter({ status: 'filed' }));
    // Assess
    expect(outcome).toEqual({ kind: 'not_awaiting' });
    expect(sender.sent).toEqual([]);
  });
});
