/** The approvers' daily overview: what is in it, its links, and that it covers each message once. */
import { describe, expect, it } from 'vitest';
import { makeSendDailyOverview, type DailyOverviewDeps } from '../../shared/application/daily-overview.js';
import { hashToken } from '../../shared/domain/approval.js';
import { quarantinedLetter, type Letter } from '../../shared/domain/letter.js';
import { dailyOverview, MAX_LISTED } from '../../shared/domain/overview.js';
import { RAADSPOST_MARK } from '../../shared/domain/own-mail.js';
import { renderOverviewMail } from '../../shared/web/overview-mail.js';
import { aLetter, allPass } from '../support/builders.js';
import { InMemoryLetterRepository, InMemoryRawMailCheckpoint, RecordingComposer, RecordingMailSender, sequenceRandom, steppingClock } from '../support/fakes.js';

const NOW = '2026-02-04T06:00:00.000Z';
const filed = (id: string, overrides: Partial<Letter> = {}): Letter =>
  aLetter({ id, status: 'filed', category: 'newsletter', forward: false, subject: `Nieuwsbrief ${id}`, from: { name: 'Nieuws', address: 'nieuws@vereniging.example' }, receivedAt: '2026-02-03T12:00:00.000Z', ...overrides });

const setup = async (letters: readonly Letter[], approvers = ['griffier@heemstede.nl']) => {
  const repository = new InMemoryLetterRepository();
  for (const l of letters) await repository.createIfAbsent(l);
  const composer = new RecordingComposer();
  const sender = new RecordingMailSender();
  const checkpoint = new InMemoryRawMailCheckpoint();
  const clock = steppingClock(NOW);
  const deps: DailyOverviewDeps = {
    letters: repository,
    tokens: repository.tokens,
    random: sequenceRandom(),
    checkpoint,
    composer,
    sender,
    renderMail: renderOverviewMail,
    clock,
    settings: { from: 'griffie@heemstede.nl', approvers, municipality: 'Heemstede', registerBaseUrl: 'https://register.test/', tokenTtlDays: 14 },
  };
  return { repository, composer, sender, checkpoint, clock, send: makeSendDailyOverview(deps) };
};

describe('dailyOverview', () => {
  it('counts what came in per category, lists the filed messages and copies, and the letters waiting too long', () => {
    const overview = dailyOverview({
      since: '2026-02-03T06:00:00.000Z',
      until: NOW,
      received: [
        filed('n-1'),
        filed('i-1', { category: 'invitation' }),
        filed('c-1', { status: 'duplicate', duplicateOf: 'n-1' }),
        aLetter({ id: 'l-1', receivedAt: '2026-02-03T13:00:00.000Z' }),
        aLetter({ id: 'm-1', status: 'in_campaign', receivedAt: '2026-02-03T13:00:00.000Z' }),
        filed('old', { receivedAt: '2026-02-01T12:00:00.000Z' }),
      ],
      awaiting: [aLetter({ id: 'waits', receivedAt: '2026-02-01T08:00:00.000Z' }), aLetter({ id: 'fresh', receivedAt: '2026-02-03T08:00:00.000Z' })],
      quarantined: [],
      failedForwards: [],
    });
    expect(overview.counts).toEqual({
      byCategory: [
        { category: 'advocacy_letter', count: 1 },
        { category: 'invitation', count: 1 },
        { category: 'newsletter', count: 1 },
      ],
      letters: 1,
      copies: 1,
      campaignLetters: 1,
      quarantined: 0,
      total: 5,
    });
    expect(overview.filed.map((l) => l.id)).toEqual(['n-1', 'i-1', 'c-1']);
    expect(overview.awaitingLong.map((l) => l.id)).toEqual(['waits']);
  });

  it('counts a letter put before the council by the day it was put there, and lists at most MAX_LISTED one by one', () => {
    const putBefore = aLetter({ id: 'v', receivedAt: '2026-01-20T08:00:00.000Z', correction: { kind: 'submitted_to_council', at: '2026-02-03T09:00:00.000Z', by: 'g', category: 'citizen_letter', original: { category: 'newsletter', confidence: 0.9, reasons: [] } } });
    const many = Array.from({ length: MAX_LISTED + 3 }, (_, i) => filed(`n-${i}`));
    const overview = dailyOverview({ since: '2026-02-03T00:00:00.000Z', until: NOW, received: many, awaiting: [putBefore], quarantined: [], failedForwards: [] });
    expect(overview.awaitingLong).toEqual([]);
    expect([overview.filed.length, overview.filedNotListed]).toEqual([MAX_LISTED, 3]);
  });
});

describe('makeSendDailyOverview', () => {
  it('mails each approver one overview with their own scanner-safe links, marked as ours, and starts the next one where this one ended', async () => {
    // Prepare
    const q = quarantinedLetter({ id: 'q-1', rawObjectKey: 'inbound/q-1', sizeBytes: 0, receivedAt: '2026-02-02T08:00:00.000Z', quarantine: { code: 'MAIL_MALFORMED', reason: 'Het bericht is beschadigd.' }, verdicts: allPass(), category: 'spam', reasons: [] });
    const failed = aLetter({
      id: 'f-1',
      status: 'forward_failed',
      registerNumber: { year: 2026, sequence: 7, label: '7' },
      forwarding: { at: NOW, providerMessageIds: [], recipientCount: 3, attempts: 3, failure: { code: 'SEND_REJECTED', retryable: false, message: 'x' } },
    });
    const { repository, composer, sender, checkpoint, send } = await setup([filed('n-1'), filed('w-1', { category: 'woo_request', subject: 'Verzoek https://evil.example/x' }), q, failed], ['griffier@heemstede.nl', 'plv@heemstede.nl']);

    // Act
    const report = await send();

    // Assess
    expect(report).toMatchObject({ since: '2026-02-03T06:00:00.000Z', until: NOW, filed: 2, quarantined: 1, failedForwards: 1, mailed: 2 });
    expect(sender.sent.map((s) => s.destinations)).toEqual([['griffier@heemstede.nl'], ['plv@heemstede.nl']]);
    const mail = composer.composed[0]!;
    expect(mail.headers).toMatchObject({ 'Auto-Submitted': 'auto-generated', 'X-Raadspost-Id': 'overzicht-2026-02-04' });
    expect(mail.text).toContain(`${RAADSPOST_MARK} overzicht-2026-02-04`);
    expect(mail.subject).toBe('Raadspost-overzicht 4 februari 2026: 2 berichten binnen, 2 opgeborgen – let op: 1 doorzending mislukt, 1 in quarantaine');
    // Each filed message has a link with a review token of that approver; the list a list token for this month.
    const links = [...mail.text.matchAll(/https:\/\/register\.test\/bericht\?t=([\w-]{43})/g)].map((m) => m[1]!);
    expect(links).toHaveLength(2);
    const tokens = links.map((t) => repository.tokens.tokens.get(hashToken(t)));
    expect(tokens.map((t) => [t?.letterId, t?.purpose, t?.approver])).toEqual([['n-1', 'review', 'griffier@heemstede.nl'], ['w-1', 'review', 'griffier@heemstede.nl']]);
    const list = /https:\/\/register\.test\/lijst\?t=([\w-]{43})/.exec(mail.text)?.[1];
    expect(repository.tokens.tokens.get(hashToken(list!))).toMatchObject({ purpose: 'list', period: { from: '2026-02-01', to: '2026-02-28' }, letterId: '' });
    expect(composer.composed[1]!.text).not.toContain(links[0]);
    // Nothing from a message is a link; the Woo request shows its term; quarantine and failures with what to do.
    expect(mail.text).toContain('Verzoek [link naar evil[.]example]');
    expect(mail.html).not.toContain('https://evil.example');
    expect(mail.text).toContain('Woo-verzoek (beslissen uiterlijk 3 maart 2026)');
    expect(mail.text).toContain('nr. 7: Brief aan de raad: veilige schoolroutes: de mailverzending van Amazon weigerde het bericht. Opnieuw versturen: npx raadspost reprocess --force f-1');
    expect(mail.text).toContain('Bericht-id: q-1');
    expect(checkpoint.checkedBefore).toBe(NOW);
  });

  it('covers each message once: the next overview starts where this one ended, and still says when nothing came in', async () => {
    const { composer, clock, send } = await setup([filed('n-1')]);
    await send();
    clock.advance(24 * 3_600_000);
    const second = await send();
    expect(second).toMatchObject({ since: NOW, received: 0, filed: 0 });
    expect(composer.composed[1]!.text).toContain('BINNENGEKOMEN\n  niets');
  });

  it('keeps its starting point when mailing fails, so the retry covers the same messages', async () => {
    const { sender, checkpoint, send } = await setup([filed('n-1')]);
    sender.failures = [new Error('ses down')];
    await expect(send()).rejects.toThrow('ses down');
    expect(checkpoint.checkedBefore).toBeUndefined();
  });
});
