/**
 * The LetterRepository's contract as one suite, run against the in-memory fake (test/unit) and the DynamoDB adapter
 * on dynalite (test/integration): the fake cannot drift from the adapter, and both follow shared/domain/letter-life.ts.
 */
import { describe, expect, it } from 'vitest';
import { hashToken, MAX_NOTE_CHARS, tokenFromRandomBytes, type ApprovalToken } from '../../shared/domain/approval.js';
import type { Letter } from '../../shared/domain/letter.js';
import { CAMPAIGN_OPEN_STATUSES, LETTER_CHANGES, LETTER_STATUSES, type LetterStatus } from '../../shared/domain/letter-life.js';
import type { ApprovalTokenStore, LetterRepository } from '../../shared/ports.js';
import { aLetter, theLargestLetter } from './builders.js';

export interface ContractSubject {
  readonly letters: LetterRepository;
  readonly tokens: ApprovalTokenStore;
}

const NOW = new Date('2026-02-03T10:00:00.000Z');
const decision = (kind: 'approved' | 'rejected' = 'approved') => ({ kind, by: 'griffier@heemstede.nl', at: NOW.toISOString(), note: '' });
const record = (at = NOW.toISOString()) => ({ at, providerMessageIds: [], recipientCount: 3, attempts: 1 });

let seed = 0;

/** Runs the contract against a fresh subject per test (`make` gets a unique name for its table or map). */
export function letterRepositoryContract(name: string, make: () => Promise<ContractSubject>): void {
  describe(`LetterRepository contract: ${name}`, () => {
    const unique = () => `c${Date.now().toString(36)}${(++seed).toString(36)}`;
    const letter = (overrides: Partial<Letter> = {}): Letter => {
      const id = overrides.id ?? unique();
      return aLetter({ id, rawObjectKey: `inbound/${id}`, ...overrides });
    };
    const token = async (tokens: ApprovalTokenStore, letterId: string, overrides: Partial<ApprovalToken> = {}): Promise<string> => {
      const value = tokenFromRandomBytes(new Uint8Array(32).fill(++seed % 255));
      await tokens.save({ tokenHash: hashToken(value), letterId, approver: 'griffier@heemstede.nl', createdAt: NOW.toISOString(), expiresAt: NOW.getTime() / 1000 + 86_400, ...overrides });
      return value;
    };

    it('creates a record once', async () => {
      const { letters } = await make();
      const l = letter();
      expect(await letters.createIfAbsent(l)).toBe('created');
      expect(await letters.createIfAbsent({ ...l, subject: 'anders' })).toBe('duplicate');
      expect((await letters.get(l.id))?.subject).toBe(l.subject);
      expect(await letters.get('nope')).toBeUndefined();
    });

    it('holds the largest record a message can make, also once decided (within DynamoDB\'s 400 KB)', async () => {
      const { letters, tokens } = await make();
      const largest = theLargestLetter(unique());
      expect(Buffer.byteLength(JSON.stringify(largest))).toBeLessThan(330 * 1024);
      expect(await letters.createIfAbsent(largest)).toBe('created');
      expect(await letters.get(largest.id)).toEqual(largest);
      const decided = await letters.decide({ letterId: largest.id, tokenHash: hashToken(await token(tokens, largest.id)), decision: { ...decision(), note: 'n'.repeat(MAX_NOTE_CHARS) }, history: [], now: NOW });
      expect(decided.kind).toBe('decided');
    });

    it('replaces a record only while it is quarantined', async () => {
      const { letters } = await make();
      for (const status of LETTER_STATUSES) {
        const l = letter({ status });
        await letters.createIfAbsent(l);
        const allowed = (LETTER_CHANGES.replaceQuarantined.from as readonly LetterStatus[]).includes(status);
        expect(await letters.replaceQuarantined({ ...l, status: 'filed' }), status).toBe(allowed ? 'replaced' : 'not_quarantined');
      }
    });

    it('decides once, from the statuses letter-life allows, with the next number of the year in the same step', async () => {
      const { letters, tokens } = await make();
      const scope = 3000 + (++seed % 1000); // a year of its own, so the counter starts empty
      for (const status of LETTER_STATUSES) {
        const l = letter({ status });
        await letters.createIfAbsent(l);
        const result = await letters.decide({ letterId: l.id, tokenHash: hashToken(await token(tokens, l.id)), decision: decision(), history: [], now: NOW, registerScope: scope });
        const allowed = (LETTER_CHANGES.decide.from as readonly LetterStatus[]).includes(status);
        expect(result.kind, status).toBe(allowed ? 'decided' : 'already_decided');
      }
      const first = letter();
      const second = letter();
      await letters.createIfAbsent(first);
      await letters.createIfAbsent(second);
      const t1 = hashToken(await token(tokens, first.id));
      expect(await letters.decide({ letterId: first.id, tokenHash: t1, decision: decision(), history: [], now: NOW, registerScope: scope })).toEqual({
        kind: 'decided',
        registerNumber: { year: scope, sequence: 2, label: '2' },
      });
      expect((await letters.decide({ letterId: first.id, tokenHash: hashToken(await token(tokens, first.id)), decision: decision('rejected'), history: [], now: NOW })).kind).toBe('already_decided');
      // A rejection takes no number; the next approval gets the next one.
      const rejected = letter();
      await letters.createIfAbsent(rejected);
      expect(await letters.decide({ letterId: rejected.id, tokenHash: hashToken(await token(tokens, rejected.id)), decision: decision('rejected'), history: [], now: NOW })).toEqual({ kind: 'decided' });
      const third = await letters.decide({ letterId: second.id, tokenHash: hashToken(await token(tokens, second.id)), decision: decision(), history: [], now: NOW, registerScope: scope });
      expect(third.kind === 'decided' && third.registerNumber?.sequence).toBe(3);
      expect(await letters.get(first.id)).toMatchObject({ status: 'approved', registerNumber: { sequence: 2 } });
      expect(await letters.get(rejected.id)).toMatchObject({ status: 'rejected' });
      expect((await letters.get(rejected.id))?.registerNumber).toBeUndefined();
    });

    it('refuses a used, expired or foreign token without changing the letter', async () => {
      const { letters, tokens } = await make();
      const l = letter();
      const other = letter();
      await letters.createIfAbsent(l);
      await letters.createIfAbsent(other);
      const cases = [
        await token(tokens, l.id, { usedAt: NOW.toISOString() }),
        await token(tokens, l.id, { expiresAt: NOW.getTime() / 1000 - 1 }),
        await token(tokens, other.id),
      ];
      for (const t of cases) {
        expect((await letters.decide({ letterId: l.id, tokenHash: hashToken(t), decision: decision(), history: [], now: NOW, registerScope: 0 })).kind).toBe('token_rejected');
      }
      expect((await letters.get(l.id))?.status).toBe('awaiting_approval');
    });

    it('claims the approval mail once, lets a stale claim be taken over, and only for a letter that can still be decided', async () => {
      const { letters } = await make();
      const l = letter();
      await letters.createIfAbsent(l);
      const claim = (at: string, staleBefore = '2026-02-03T09:50:00.000Z') => letters.claimApprovalRequest(l.id, { at, recipients: ['g@x.nl'], staleBefore });
      expect(await claim('2026-02-03T10:00:00.000Z')).toBe('claimed');
      expect(await claim('2026-02-03T10:01:00.000Z')).toBe('in_progress');
      expect(await claim('2026-02-03T10:20:00.000Z', '2026-02-03T10:10:00.000Z')).toBe('claimed');
      await letters.completeApprovalRequest(l.id, '2026-02-03T10:20:00.000Z', { state: 'sent', at: '2026-02-03T10:20:01.000Z', recipients: ['g@x.nl'] }, []);
      expect(await claim('2026-02-03T11:00:00.000Z', '2026-02-04T00:00:00.000Z')).toBe('already_sent');
      const filed = letter({ status: 'filed' });
      await letters.createIfAbsent(filed);
      expect(await letters.claimApprovalRequest(filed.id, { at: NOW.toISOString(), recipients: [], staleBefore: NOW.toISOString() })).toBe('not_awaiting');
    });

    it('claims, records and completes a forward only along the changes letter-life declares', async () => {
      const { letters } = await make();
      const l = letter({ status: 'approved', decision: decision() });
      await letters.createIfAbsent(l);
      expect(await letters.claimForward(l.id, { from: 'forward_failed', previousAttempts: 0, record: record(), history: [] })).toBe(false);
      expect(await letters.claimForward(l.id, { from: 'approved', previousAttempts: 0, record: record(), history: [] })).toBe(true);
      expect(await letters.claimForward(l.id, { from: 'approved', previousAttempts: 0, record: record(), history: [] })).toBe(false);
      await letters.recordForwardBatch(l.id, 'ses-1');
      await letters.failForward(l.id, { failure: { code: 'DEPENDENCY_UNAVAILABLE', retryable: true, message: 'x' }, history: [] });
      expect(await letters.get(l.id)).toMatchObject({ status: 'forward_failed', forwarding: { providerMessageIds: ['ses-1'], failure: { code: 'DEPENDENCY_UNAVAILABLE' } } });
      expect(await letters.claimForward(l.id, { from: 'forward_failed', previousAttempts: 1, record: { ...record(), providerMessageIds: ['ses-1'], attempts: 2 }, history: [] })).toBe(true);
      await letters.completeForward(l.id, { at: NOW.toISOString(), history: [] });
      expect(await letters.get(l.id)).toMatchObject({ status: 'forwarded' });
      expect((await letters.get(l.id))?.forwarding?.failure).toBeUndefined();
      await expect(letters.recordForwardBatch(l.id, 'ses-2')).rejects.toThrow();
      await expect(letters.claimForward(l.id, { from: 'forwarded' as 'approved', previousAttempts: 2, record: record(), history: [] })).rejects.toThrow(RangeError);
    });

    it('takes over a forwarding claim only once it is stale', async () => {
      const { letters } = await make();
      const l = letter({ status: 'forwarding', decision: decision(), forwarding: record('2026-02-03T09:00:00.000Z') });
      await letters.createIfAbsent(l);
      const takeOver = (staleBefore: string) => letters.claimForward(l.id, { from: 'forwarding', previousAttempts: 1, record: { ...record(), attempts: 2 }, history: [], staleBefore });
      expect(await takeOver('2026-02-03T08:00:00.000Z')).toBe(false);
      expect(await takeOver('2026-02-03T09:30:00.000Z')).toBe(true);
    });

    it('claims sameness keys all or nothing, tells who holds them, and frees them when their time is up', async () => {
      const { letters } = await make();
      const [a, b, c] = [unique(), unique(), unique()];
      const key = (k: string) => `${a}-${k}`;
      const later = NOW.getTime() / 1000 + 3600;
      expect(await letters.claimSameness(a, [{ key: key('1'), expiresAt: later }, { key: key('2'), expiresAt: later }], NOW)).toEqual(new Map());
      expect(await letters.claimSameness(a, [{ key: key('1'), expiresAt: later }], NOW)).toEqual(new Map()); // its own again
      expect(await letters.claimSameness(b, [{ key: key('2'), expiresAt: later }, { key: key('3'), expiresAt: later }], NOW)).toEqual(new Map([[key('2'), a]]));
      // Nothing was claimed by b: key 3 is still free.
      expect(await letters.claimSameness(c, [{ key: key('3'), expiresAt: later }], NOW)).toEqual(new Map());
      // After the hold ends, another message may claim the key.
      expect(await letters.claimSameness(b, [{ key: key('1'), expiresAt: later + 7200 }], new Date(later * 1000 + 1000))).toEqual(new Map());
      expect(await letters.claimSameness(a, [{ key: key('1'), expiresAt: later }], new Date(later * 1000 + 2000))).toEqual(new Map([[key('1'), b]]));
    });

    it('records a copy and a campaign letter with their link to the first, in one step', async () => {
      const { letters } = await make();
      const first = letter({ campaign: { count: 1, firstAt: NOW.toISOString(), lastAt: NOW.toISOString(), members: [] } });
      await letters.createIfAbsent(first);
      const copy = letter({ status: 'duplicate', duplicateOf: first.id });
      expect(await letters.createLinked(copy, { kind: 'copy', firstId: first.id, copy: { id: copy.id, receivedAt: '2026-02-03T10:05:00.000Z', recipients: ['griffie2@heemstede.nl'], by: 'message_id' } })).toBe('created');
      expect(await letters.createLinked(copy, { kind: 'copy', firstId: first.id, copy: { id: copy.id, receivedAt: '2026-02-03T10:05:00.000Z', recipients: [], by: 'message_id' } })).toBe('duplicate');
      const member = letter({ status: 'in_campaign', campaignOf: first.id });
      const difference = { member: 'de kap niet uit', leader: 'de kap uit te' };
      expect(await letters.createLinked(member, { kind: 'campaign', firstId: first.id, member: { id: member.id, receivedAt: '2026-02-04T08:00:00.000Z', from: 'b@x.nl', differs: true, difference } })).toBe('created');
      expect(await letters.get(first.id)).toMatchObject({
        copies: [{ id: copy.id, recipients: ['griffie2@heemstede.nl'], by: 'message_id' }],
        campaign: { count: 2, lastAt: '2026-02-04T08:00:00.000Z', members: [{ id: member.id, from: 'b@x.nl', differs: true, difference }] },
      });
      expect(await letters.get(copy.id)).toMatchObject({ status: 'duplicate', duplicateOf: first.id });
      const orphan = letter({ status: 'duplicate' });
      expect(await letters.createLinked(orphan, { kind: 'copy', firstId: 'not-recorded-yet', copy: { id: orphan.id, receivedAt: NOW.toISOString(), recipients: [], by: 'content' } })).toBe('first_missing');
      expect(await letters.get(orphan.id)).toBeUndefined();
    });

    it('adds a campaign letter only while its first letter is open (letter-life), and tells when it closed', async () => {
      const { letters } = await make();
      const campaign = { count: 1, firstAt: NOW.toISOString(), lastAt: NOW.toISOString(), members: [] };
      for (const status of LETTER_STATUSES) {
        const first = letter({ status, campaign });
        await letters.createIfAbsent(first);
        const member = letter({ status: 'in_campaign', campaignOf: first.id });
        const result = await letters.createLinked(member, { kind: 'campaign', firstId: first.id, member: { id: member.id, receivedAt: NOW.toISOString(), from: 'b@x.nl', differs: false } });
        const open = (CAMPAIGN_OPEN_STATUSES as readonly LetterStatus[]).includes(status);
        expect(result, status).toBe(open ? 'created' : 'campaign_closed');
        expect((await letters.get(first.id))?.campaign?.count, status).toBe(open ? 2 : 1);
        expect((await letters.get(member.id))?.campaignOf, status).toBe(open ? first.id : undefined);
      }
    });

    it('lets a letter take over the sameness keys of the letters it names, and only those', async () => {
      const { letters } = await make();
      const [closed, other, newcomer] = [unique(), unique(), unique()];
      const later = NOW.getTime() / 1000 + 3600;
      await letters.claimSameness(closed, [{ key: `${closed}-band`, expiresAt: later }], NOW);
      await letters.claimSameness(other, [{ key: `${other}-band`, expiresAt: later }], NOW);
      const both = [{ key: `${closed}-band`, expiresAt: later }, { key: `${other}-band`, expiresAt: later }];
      expect(await letters.claimSameness(newcomer, both, NOW, [closed])).toEqual(new Map([[`${other}-band`, other]]));
      expect(await letters.claimSameness(newcomer, [both[0]!], NOW, [closed])).toEqual(new Map());
      // The key is the newcomer's now: the closed letter's id no longer holds it.
      expect(await letters.claimSameness(unique(), [both[0]!], NOW)).toEqual(new Map([[`${closed}-band`, newcomer]]));
    });

    it('lists letters by status', async () => {
      const { letters } = await make();
      const a = letter({ status: 'forward_failed', receivedAt: '2026-02-01T00:00:00.000Z' });
      const b = letter({ status: 'forward_failed', receivedAt: '2026-02-02T00:00:00.000Z' });
      await letters.createIfAbsent(a);
      await letters.createIfAbsent(b);
      await letters.createIfAbsent(letter({ status: 'filed' }));
      const found = (await letters.listByStatus(['forward_failed'])).map((l) => l.id);
      expect(found).toEqual(expect.arrayContaining([a.id, b.id]));
      expect((await letters.listByStatus(['forward_failed'])).every((l) => l.status === 'forward_failed')).toBe(true);
    });
  });
}
