import { describe, expect, it } from 'vitest';
import { makeDecide, makeShowApproval, type ApproveLetterDeps } from '../../shared/application/approve-letter.js';
import { makeAssignRegisterNumber } from '../../shared/application/assign-register-number.js';
import { hashToken, tokenFromRandomBytes } from '../../shared/domain/approval.js';
import type { Letter } from '../../shared/domain/letter.js';
import { aLetter } from '../support/builders.js';
import { InMemoryLetterRepository, InMemoryRegisterCounter, RecordingForwardTrigger, steppingClock } from '../support/fakes.js';

let seed = 0;
const newToken = () => tokenFromRandomBytes(new Uint8Array(32).fill(++seed));

const setup = async (letter: Letter = aLetter()) => {
  const letters = new InMemoryLetterRepository();
  const counter = new InMemoryRegisterCounter();
  const forward = new RecordingForwardTrigger();
  const clock = steppingClock('2026-02-03T10:00:00.000Z');
  const warnings: string[] = [];
  await letters.createIfAbsent(letter);
  const issue = async (letterId = letter.id, approver = 'griffier@heemstede.nl', days = 14) => {
    const token = newToken();
    await letters.tokens.save({
      tokenHash: hashToken(token),
      letterId,
      approver,
      createdAt: clock.now().toISOString(),
      expiresAt: Math.floor(clock.now().getTime() / 1000) + days * 86_400,
    });
    return token;
  };
  const deps: ApproveLetterDeps = {
    letters,
    tokens: letters.tokens,
    assignRegisterNumber: makeAssignRegisterNumber({ letters, counter, scheme: 'yearly' }),
    forward,
    clock,
    onWarning: (message) => warnings.push(message),
  };
  return { letters, counter, forward, clock, warnings, issue, show: makeShowApproval(deps), decide: makeDecide(deps) };
};

describe('makeShowApproval (GET/HEAD)', () => {
  it('shows a pending letter and changes nothing', async () => {
    // Prepare
    const { letters, issue, show } = await setup();
    const token = await issue();
    const before = structuredClone([...letters.letters.values(), ...letters.tokens.tokens.values()]);

    // Act
    const view = await show(token);
    await show(token);

    // Assess
    expect(view).toMatchObject({ kind: 'pending', approver: 'griffier@heemstede.nl', summary: { id: 'letter-1' } });
    expect([...letters.letters.values(), ...letters.tokens.tokens.values()]).toEqual(before);
  });

  it('answers the same for a tampered, unknown or missing token', async () => {
    // Prepare
    const { issue, show } = await setup();
    const token = await issue();
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    // Act + Assess
    for (const t of [tampered, newToken(), 'kort', undefined]) expect(await show(t)).toEqual({ kind: 'problem', problem: 'invalid' });
  });

  it('says an expired link is expired', async () => {
    // Prepare
    const { clock, issue, show } = await setup();
    const token = await issue();
    clock.advance(15 * 86_400_000);
    // Act + Assess
    expect(await show(token)).toEqual({ kind: 'problem', problem: 'expired' });
  });
});

describe('makeDecide (POST)', () => {
  it('approves: records the decision, gives number 1 of the year and starts the forward', async () => {
    // Prepare
    const { letters, forward, issue, decide } = await setup();
    const token = await issue();

    // Act
    const view = await decide({ token, decision: 'approved', note: '  Ter bespreking\u0000 in de commissie ' });

    // Assess
    expect(view).toMatchObject({ kind: 'decided', justNow: true, decision: { kind: 'approved', by: 'griffier@heemstede.nl' }, registerNumber: { year: 2026, sequence: 1, label: '1' } });
    const stored = letters.letters.get('letter-1')!;
    expect(stored).toMatchObject({ status: 'approved', decision: { note: 'Ter bespreking in de commissie' }, registerNumber: { label: '1' } });
    expect(stored.history?.map((h) => h.event)).toEqual(['goedgekeurd', 'nummer ingekomen stuk toegekend']);
    expect(letters.tokens.tokens.get(hashToken(token))?.usedAt).toBe('2026-02-03T10:00:00.000Z');
    expect(forward.triggered).toEqual(['letter-1']);
  });

  it('rejects: no number, no forward', async () => {
    // Prepare
    const { letters, counter, forward, issue, decide } = await setup();
    // Act
    const view = await decide({ token: await issue(), decision: 'rejected', note: 'Geen brief aan de raad' });
    // Assess
    expect(view).toMatchObject({ kind: 'decided', justNow: true, decision: { kind: 'rejected' } });
    expect(letters.letters.get('letter-1')).toMatchObject({ status: 'rejected' });
    expect(letters.letters.get('letter-1')?.registerNumber).toBeUndefined();
    expect(counter.counters.size).toBe(0);
    expect(forward.triggered).toEqual([]);
  });

  it('lets the first of two approvers win; the second sees who decided and changes nothing', async () => {
    // Prepare
    const { letters, issue, decide } = await setup();
    const first = await issue('letter-1', 'griffier@heemstede.nl');
    const second = await issue('letter-1', 'plv.griffier@heemstede.nl');
    await decide({ token: first, decision: 'rejected' });

    // Act
    const view = await decide({ token: second, decision: 'approved' });

    // Assess
    expect(view).toMatchObject({ kind: 'decided', justNow: false, decision: { kind: 'rejected', by: 'griffier@heemstede.nl' } });
    expect(letters.letters.get('letter-1')?.status).toBe('rejected');
    expect(letters.tokens.tokens.get(hashToken(second))?.usedAt).toBeUndefined();
  });

  it('makes one decision out of two concurrent posts', async () => {
    // Prepare
    const { letters, counter, issue, decide } = await setup();
    const a = await issue('letter-1', 'griffier@heemstede.nl');
    const b = await issue('letter-1', 'plv.griffier@heemstede.nl');

    // Act
    const views = await Promise.all([decide({ token: a, decision: 'approved' }), decide({ token: b, decision: 'rejected' })]);

    // Assess
    expect(views.filter((v) => v.kind === 'decided' && v.justNow)).toHaveLength(1);
    expect(letters.letters.get('letter-1')?.history?.filter((h) => h.event === 'goedgekeurd' || h.event === 'afgewezen')).toHaveLength(1);
    expect(counter.counters.get(2026) ?? 0).toBeLessThanOrEqual(1);
  });

  it('refuses an expired token and changes nothing', async () => {
    // Prepare
    const { letters, clock, issue, decide } = await setup();
    const token = await issue();
    clock.advance(14 * 86_400_000);
    // Act
    const view = await decide({ token, decision: 'approved' });
    // Assess
    expect(view).toEqual({ kind: 'problem', problem: 'expired' });
    expect(letters.letters.get('letter-1')?.status).toBe('awaiting_approval');
  });

  it('decides only the letter its token was issued for', async () => {
    // Prepare
    const { letters, issue, decide } = await setup();
    await letters.createIfAbsent(aLetter({ id: 'letter-2', rawObjectKey: 'inbound/letter-2' }));
    const tokenOfTwo = await issue('letter-2');
    // Act
    await decide({ token: tokenOfTwo, decision: 'approved' });
    // Assess
    expect(letters.letters.get('letter-1')?.status).toBe('awaiting_approval');
    expect(letters.letters.get('letter-2')?.status).toBe('approved');
  });

  it('shows a reused token the decision and starts a forward that never started again', async () => {
    // Prepare
    const { forward, issue, decide } = await setup();
    const token = await issue();
    forward.failWith = new Error('lambda unavailable');
    const first = await decide({ token, decision: 'approved' });
    forward.failWith = undefined;

    // Act
    const again = await decide({ token, decision: 'rejected' });

    // Assess
    expect(first).toMatchObject({ kind: 'decided', justNow: true });
    expect(again).toMatchObject({ kind: 'decided', justNow: false, decision: { kind: 'approved' } });
    expect(forward.triggered).toEqual(['letter-1']);
  });

  it('numbers approvals per year, counting on from the last', async () => {
    // Prepare
    const { letters, counter, issue, decide } = await setup();
    counter.counters.set(2026, 27);
    // Act
    const view = await decide({ token: await issue(), decision: 'approved' });
    // Assess
    expect(view).toMatchObject({ registerNumber: { year: 2026, sequence: 28, label: '28' } });
    expect(letters.letters.get('letter-1')?.registerNumber?.label).toBe('28');
  });
});
