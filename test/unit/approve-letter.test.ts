import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { makeDecide, makeOpenAttachment, makeShowApproval, MAX_INLINE_ATTACHMENT_BYTES, type ApproveLetterDeps } from '../../shared/application/approve-letter.js';
import { hashToken, tokenFromRandomBytes } from '../../shared/domain/approval.js';
import type { Letter } from '../../shared/domain/letter.js';
import { aLetter } from '../support/builders.js';
import { InMemoryLetterFileStore, InMemoryLetterRepository, RecordingForwardTrigger, steppingClock } from '../support/fakes.js';

let seed = 0;
const newToken = () => tokenFromRandomBytes(new Uint8Array(32).fill(++seed));

const setup = async (letter: Letter = aLetter()) => {
  const letters = new InMemoryLetterRepository();
  const counter = letters; // the fake takes numbers in `decide`, as the DynamoDB transaction does
  const files = new InMemoryLetterFileStore();
  const forward = new RecordingForwardTrigger();
  const clock = steppingClock('2026-02-03T10:00:00.000Z');
  const warnings: string[] = [];
  await letters.createIfAbsent(letter);
  const issue = async (letterId = letter.id, approver = 'griffier@heemstede.nl', days = 14, purpose?: 'review' | 'list') => {
    const token = newToken();
    await letters.tokens.save({
      tokenHash: hashToken(token),
      letterId,
      approver,
      createdAt: clock.now().toISOString(),
      expiresAt: Math.floor(clock.now().getTime() / 1000) + days * 86_400,
      ...(purpose && { purpose }),
    });
    return token;
  };
  const deps: ApproveLetterDeps = {
    letters,
    tokens: letters.tokens,
    registerScheme: 'yearly',
    forward,
    files,
    clock,
    onWarning: (message) => warnings.push(message),
  };
  return { letters, counter, files, forward, clock, warnings, issue, show: makeShowApproval(deps), decide: makeDecide(deps), open: makeOpenAttachment(deps) };
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

  it('shows an expired link only as expired, also after a decision: no sender, no decision', async () => {
    // Prepare
    const { clock, issue, show, decide } = await setup();
    const token = await issue();
    await decide({ token, decision: 'approved' });
    clock.advance(15 * 86_400_000);
    // Act + Assess
    expect(await show(token)).toEqual({ kind: 'problem', problem: 'expired' });
  });

  it('shows a decided letter with the real state of its forward', async () => {
    // Prepare
    const { letters, issue, show, decide } = await setup();
    const token = await issue();
    await decide({ token, decision: 'approved' });
    const stored = letters.letters.get('letter-1')!;
    letters.letters.set('letter-1', {
      ...stored,
      status: 'forward_failed',
      forwarding: { at: '2026-02-03T10:01:00.000Z', attempts: 1, providerMessageIds: [], recipientCount: 19, failure: { code: 'SEND_REJECTED', retryable: false, message: 'MessageRejected' } },
    });
    // Act
    const view = await show(token);
    // Assess
    expect(view).toMatchObject({ kind: 'decided', status: 'forward_failed', forwarding: { failure: { code: 'SEND_REJECTED', retryable: false } } });
  });
});

describe('makeOpenAttachment (GET /bijlage)', () => {
  const content = new TextEncoder().encode('%PDF-1.7 brief');
  const sha256 = createHash('sha256').update(content).digest('hex');
  const withPdf = (overrides: Partial<Letter['attachments'][number]> = {}) =>
    aLetter({
      attachments: [
        { filename: 'brief.pdf', contentType: 'application/pdf', size: content.byteLength, sha256, inline: false, hasText: true, verdict: { forward: true, type: 'pdf' }, fileKey: 'files/letter-1/0', ...overrides },
        { filename: 'factuur.exe', contentType: 'application/x-msdownload', size: 10, sha256: 'cd'.repeat(32), inline: false, hasText: false, verdict: { forward: false, refusal: { code: 'dangerous', kind: 'executable' } } },
      ],
    });

  it('hands out an attachment that will be forwarded, with its real type and name', async () => {
    // Prepare
    const { files, issue, open } = await setup(withPdf());
    await files.put('files/letter-1/0', content, 'application/pdf');
    // Act
    const result = await open(await issue(), '0');
    // Assess
    expect(result).toEqual({ kind: 'file', filename: 'brief.pdf', contentType: 'application/pdf', content });
  });

  it('refuses an attachment that is not forwarded, one that does not exist and a malformed index', async () => {
    // Prepare
    const { files, issue, open } = await setup(withPdf());
    await files.put('files/letter-1/0', content, 'application/pdf');
    const token = await issue();
    // Act + Assess
    for (const n of ['1', '2', '-1', '0x0', '', undefined, '00000']) {
      expect(await open(token, n)).toEqual({ kind: 'problem', problem: 'not_available' });
    }
  });

  it('never reaches an attachment of another letter: the file is found through the token\'s own letter', async () => {
    // Prepare
    const { letters, files, issue, open } = await setup(withPdf());
    await letters.createIfAbsent({ ...withPdf({ fileKey: 'files/letter-2/0' }), id: 'letter-2', rawObjectKey: 'inbound/letter-2' });
    await files.put('files/letter-2/0', new TextEncoder().encode('%PDF-1.7 ander'), 'application/pdf');
    // Act: a token of letter 1 asks for index 0 (its own file is missing)
    const result = await open(await issue('letter-1'), '0');
    // Assess
    expect(files.gets).toEqual(['files/letter-1/0']);
    expect(result).toMatchObject({ kind: 'problem' });
  });

  it('refuses an expired link and a stored copy whose bytes changed', async () => {
    // Prepare
    const { files, clock, issue, open } = await setup(withPdf());
    await files.put('files/letter-1/0', new TextEncoder().encode('%PDF-1.7 anders'), 'application/pdf');
    const token = await issue();
    // Act + Assess
    expect(await open(token, '0')).toEqual({ kind: 'problem', problem: 'not_available' });
    clock.advance(15 * 86_400_000);
    expect(await open(token, '0')).toEqual({ kind: 'problem', problem: 'expired' });
  });

  it('hands out a large attachment through a short-lived link', async () => {
    // Prepare
    const { files, issue, open } = await setup(withPdf({ size: MAX_INLINE_ATTACHMENT_BYTES + 1 }));
    await files.put('files/letter-1/0', content, 'application/pdf');
    // Act
    const result = await open(await issue(), '0');
    // Assess
    expect(result).toMatchObject({ kind: 'redirect', url: expect.stringContaining('filename=brief.pdf') });
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

  it('says when the forward could not be started, and a later post starts nothing (the reconciler does)', async () => {
    // Prepare
    const { forward, issue, decide, warnings } = await setup();
    const token = await issue();
    forward.failWith = new Error('lambda unavailable');
    const first = await decide({ token, decision: 'approved' });
    forward.failWith = undefined;

    // Act
    const again = await decide({ token, decision: 'rejected' });

    // Assess
    expect(first).toMatchObject({ kind: 'decided', justNow: true, forwardNotStarted: true, status: 'approved' });
    expect(again).toMatchObject({ kind: 'decided', justNow: false, decision: { kind: 'approved' } });
    expect(forward.triggered).toEqual([]);
    expect(warnings).toEqual(['forward could not be started']);
  });

  it('lets only the winning approve start the forward: 20 concurrent posts on each of 3 letters use 3 numbers', async () => {
    // Prepare
    const { letters, forward, issue, decide } = await setup();
    for (const id of ['letter-2', 'letter-3']) await letters.createIfAbsent(aLetter({ id, rawObjectKey: `inbound/${id}` }));
    const posts: Promise<unknown>[] = [];
    for (const id of ['letter-1', 'letter-2', 'letter-3']) {
      for (let i = 0; i < 20; i++) posts.push(issue(id, `goedkeurder${i}@heemstede.nl`).then((token) => decide({ token, decision: i % 3 === 2 ? 'rejected' : 'approved' })));
    }
    // Act
    await Promise.all(posts);
    // Assess
    const decided = ['letter-1', 'letter-2', 'letter-3'].map((id) => letters.letters.get(id)!);
    const numbers = decided.flatMap((l) => (l.registerNumber ? [l.registerNumber.sequence] : []));
    expect(numbers.sort()).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
    expect(letters.counters.get(2026) ?? 0).toBe(numbers.length);
    expect(forward.triggered.sort()).toEqual(decided.filter((l) => l.status === 'approved').map((l) => l.id).sort());
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

describe('the afdoeningsvoorstel and corrections on the approval page', () => {
  it('records the afdoeningsvoorstel with an approval', async () => {
    // Prepare
    const { letters, issue, decide } = await setup();
    // Act
    const view = await decide({ token: await issue(), decision: 'approved', handling: 'agenderen voor de commissie Ruimte' });
    // Assess
    expect(view).toMatchObject({ kind: 'decided', decision: { handling: 'agenderen voor de commissie Ruimte' } });
    expect(letters.letters.get('letter-1')?.decision?.handling).toBe('agenderen voor de commissie Ruimte');
  });

  it('keeps a rejection as "geen brief voor de raad" as a correction with the classifier\'s own verdict', async () => {
    // Prepare
    const { letters, issue, decide, forward } = await setup(aLetter({ category: 'citizen_letter', confidence: 0.55, reasons: ['richt zich tot de raad'] }));
    // Act
    const view = await decide({ token: await issue(), decision: 'rejected', notALetter: 'invitation', handling: 'genegeerd bij afwijzen' });
    // Assess
    expect(view).toMatchObject({ kind: 'decided', justNow: true, correction: { kind: 'not_a_letter', category: 'invitation' } });
    const stored = letters.letters.get('letter-1');
    expect(stored).toMatchObject({ status: 'rejected', category: 'invitation', correction: { original: { category: 'citizen_letter', confidence: 0.55 } } });
    expect(stored?.decision?.handling).toBeUndefined();
    expect(stored?.history?.at(-1)).toMatchObject({ event: 'afgewezen', detail: 'geen brief voor de raad (invitation)' });
    expect(await letters.listCorrections()).toEqual([
      expect.objectContaining({ letterId: 'letter-1', rawObjectKey: 'inbound/letter-1', kind: 'not_a_letter', category: 'invitation', by: 'griffier@heemstede.nl' }),
    ]);
    expect(forward.triggered).toEqual([]);
  });

  it('does not open the approval page, or decide, with an overview or list link of the same letter', async () => {
    // Prepare
    const { letters, issue, show, decide } = await setup();
    for (const purpose of ['review', 'list'] as const) {
      const token = await issue('letter-1', 'griffier@heemstede.nl', 14, purpose);
      // Act + Assess
      expect(await show(token)).toEqual({ kind: 'problem', problem: 'invalid' });
      expect(await decide({ token, decision: 'approved' })).toEqual({ kind: 'problem', problem: 'invalid' });
    }
    expect(letters.statusOf('letter-1')).toBe('awaiting_approval');
  });
});
