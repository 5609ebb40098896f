/**
 * The LetterRepository's contract as one suite, run against the in-memory fake (test/unit) and the DynamoDB adapter
 * on dynalite (test/integration): the fake cannot drift from the adapter, and both follow shared/domain/letter-life.ts.
 */
import { describe, expect, it } from 'vitest';
import { hashToken, MAX_NOTE_CHARS, tokenFromRandomBytes, type ApprovalToken } from '../../shared/domain/approval.js';
import { correctionOf } from '../../shared/domain/correction.js';
import { wooTerm } from '../../shared/domain/woo.js';
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

    it('decides only with an approval link: an overview or list link of the same letter decides nothing', async () => {
      const { letters, tokens } = await make();
      const l = letter();
      await letters.createIfAbsent(l);
      for (const purpose of ['review', 'list'] as const) {
        const t = await token(tokens, l.id, { purpose });
        expect((await letters.decide({ letterId: l.id, tokenHash: hashToken(t), decision: decision(), history: [], now: NOW, registerScope: 0 })).kind, purpose).toBe('token_rejected');
      }
      expect(await letters.get(l.id)).toMatchObject({ status: 'awaiting_approval' });
      const explicit = await token(tokens, l.id, { purpose: 'decide' });
      expect((await letters.decide({ letterId: l.id, tokenHash: hashToken(explicit), decision: decision('rejected'), history: [], now: NOW })).kind).toBe('decided');
    });

    it('records a rejection as "geen brief voor de raad" with the original classification, in the log too', async () => {
      const { letters, tokens } = await make();
      const l = letter({ category: 'citizen_letter', confidence: 0.61, reasons: ['aan de raad'] });
      await letters.createIfAbsent(l);
      const correction = correctionOf(l, 'not_a_letter', 'newsletter', 'griffier@heemstede.nl', NOW.toISOString());
      const result = await letters.decide({ letterId: l.id, tokenHash: hashToken(await token(tokens, l.id)), decision: decision('rejected'), history: [], now: NOW, correction });
      expect(result).toEqual({ kind: 'decided' });
      expect(await letters.get(l.id)).toMatchObject({
        status: 'rejected',
        category: 'newsletter',
        correction: { kind: 'not_a_letter', category: 'newsletter', original: { category: 'citizen_letter', confidence: 0.61, reasons: ['aan de raad'] } },
      });
      expect((await letters.listCorrections()).filter((c) => c.letterId === l.id)).toEqual([correction]);
    });

    it('lists the numbered letters of a year through the register index, in number order', async () => {
      const { letters, tokens } = await make();
      const scope = 4000 + (++seed % 1000);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const l = letter({ receivedAt: `2026-02-0${3 - i}T10:00:00.000Z` });
        await letters.createIfAbsent(l);
        await letters.decide({ letterId: l.id, tokenHash: hashToken(await token(tokens, l.id)), decision: decision(), history: [], now: NOW, registerScope: scope });
        ids.push(l.id);
      }
      const rejected = letter();
      await letters.createIfAbsent(rejected);
      await letters.decide({ letterId: rejected.id, tokenHash: hashToken(await token(tokens, rejected.id)), decision: decision('rejected'), history: [], now: NOW });
      const listed = await letters.listRegistered([scope, scope + 1]);
      expect(listed.map((l) => l.id)).toEqual(ids);
      expect(listed.map((l) => l.registerNumber?.label)).toEqual(['1', '2', '3']);
      // The index's own attributes are storage, not part of the letter.
      expect(Object.keys(listed[0]!)).not.toContain('registerYear');
      expect(Object.keys((await letters.get(ids[0]!))!)).not.toContain('registerSequence');
    });

    it('puts a filed message before the council once, only with an overview link of that message', async () => {
      const { letters, tokens } = await make();
      for (const status of LETTER_STATUSES) {
        const l = letter({ status, category: 'newsletter', forward: false });
        await letters.createIfAbsent(l);
        const correction = correctionOf(l, 'submitted_to_council', 'citizen_letter', 'griffier@heemstede.nl', NOW.toISOString());
        const result = await letters.correctFiled({ letterId: l.id, tokenHash: hashToken(await token(tokens, l.id, { purpose: 'review' })), change: 'submitToCouncil', correction, history: [], now: NOW });
        const allowed = (LETTER_CHANGES.submitToCouncil.from as readonly LetterStatus[]).includes(status);
        expect(result, status).toBe(allowed ? 'corrected' : 'not_filed');
      }
      const filed = letter({ status: 'filed', category: 'newsletter', forward: false, confidence: 0.7, reasons: ['nieuwsbrief'] });
      const other = letter({ status: 'filed' });
      await letters.createIfAbsent(filed);
      await letters.createIfAbsent(other);
      const correction = correctionOf(filed, 'submitted_to_council', 'advocacy_letter', 'griffier@heemstede.nl', NOW.toISOString());
      const attempt = async (t: string) => letters.correctFiled({ letterId: filed.id, tokenHash: hashToken(t), change: 'submitToCouncil', correction, history: [{ at: NOW.toISOString(), event: 'voorgelegd' }], now: NOW });
      // An approval link, another message's link, an expired or used one: refused, nothing changes.
      expect(await attempt(await token(tokens, filed.id))).toBe('token_rejected');
      expect(await attempt(await token(tokens, other.id, { purpose: 'review' }))).toBe('token_rejected');
      expect(await attempt(await token(tokens, filed.id, { purpose: 'review', expiresAt: NOW.getTime() / 1000 - 1 }))).toBe('token_rejected');
      expect(await attempt(await token(tokens, filed.id, { purpose: 'review', usedAt: NOW.toISOString() }))).toBe('token_rejected');
      expect(await letters.get(filed.id)).toMatchObject({ status: 'filed', category: 'newsletter' });
      const good = await token(tokens, filed.id, { purpose: 'review' });
      expect(await attempt(good)).toBe('corrected');
      expect(await letters.get(filed.id)).toMatchObject({
        status: 'awaiting_approval',
        category: 'advocacy_letter',
        forward: true,
        correction: { kind: 'submitted_to_council', by: 'griffier@heemstede.nl', original: { category: 'newsletter', confidence: 0.7 } },
        history: [{ event: 'voorgelegd' }],
      });
      expect((await tokens.find(hashToken(good)))?.usedAt).toBe(NOW.toISOString());
      // A second link (another approver's) finds it corrected already.
      expect(await attempt(await token(tokens, filed.id, { purpose: 'review' }))).toBe('not_filed');
      expect((await letters.listCorrections()).filter((c) => c.letterId === filed.id)).toEqual([correction]);
    });

    it('marks a filed message as a Woo request with its term; it stays filed and is corrected once', async () => {
      const { letters, tokens } = await make();
      const l = letter({ status: 'filed', category: 'council_business', forward: false, receivedAt: '2026-02-02T08:00:00.000Z' });
      await letters.createIfAbsent(l);
      const correction = correctionOf(l, 'woo_request', 'woo_request', 'griffier@heemstede.nl', NOW.toISOString());
      const woo = { ...wooTerm(l.receivedAt), markedAt: NOW.toISOString(), markedBy: 'griffier@heemstede.nl' };
      const mark = async () => letters.correctFiled({ letterId: l.id, tokenHash: hashToken(await token(tokens, l.id, { purpose: 'review' })), change: 'markWoo', correction, woo, history: [], now: NOW });
      expect(await mark()).toBe('corrected');
      expect(await letters.get(l.id)).toMatchObject({ status: 'filed', category: 'woo_request', forward: false, woo: { receivedOn: '2026-02-02', decideBy: '2026-03-02' } });
      expect(await mark()).toBe('not_filed');
      await expect(letters.correctFiled({ letterId: l.id, tokenHash: 'x', change: 'markWoo', correction, history: [], now: NOW })).rejects.toThrow(RangeError);
    });

    it('claims each sender\'s acknowledgement once, and lets a failed send be claimed again', async () => {
      const { letters } = await make();
      const l = letter({ status: 'forwarded' });
      await letters.createIfAbsent(l);
      const claim = (address: string, at = NOW.toISOString()) => letters.claimAcknowledgement(l.id, address, { state: 'sending', at, letterId: l.id });
      expect(await claim('a@x.nl')).toBe(true);
      expect(await claim('a@x.nl')).toBe(false);
      expect(await letters.claimAcknowledgement(l.id, 'b@x.nl', { state: 'skipped', at: NOW.toISOString(), letterId: l.id, reason: 'dmarc_not_passed' })).toBe(true);
      expect(await claim('b@x.nl')).toBe(false);
      // Another run's claim time: not ours, nothing changes.
      await letters.completeAcknowledgement(l.id, 'a@x.nl', '2026-01-01T00:00:00.000Z', undefined);
      expect((await letters.get(l.id))?.acknowledgements?.['a@x.nl']?.state).toBe('sending');
      await letters.completeAcknowledgement(l.id, 'a@x.nl', NOW.toISOString(), undefined);
      expect(await claim('a@x.nl', '2026-02-03T10:05:00.000Z')).toBe(true);
      await letters.completeAcknowledgement(l.id, 'a@x.nl', '2026-02-03T10:05:00.000Z', { state: 'sent', at: '2026-02-03T10:05:01.000Z', letterId: l.id, providerMessageId: 'ses-9' });
      expect((await letters.get(l.id))?.acknowledgements).toEqual({
        'a@x.nl': { state: 'sent', at: '2026-02-03T10:05:01.000Z', letterId: l.id, providerMessageId: 'ses-9' },
        'b@x.nl': { state: 'skipped', at: NOW.toISOString(), letterId: l.id, reason: 'dmarc_not_passed' },
      });
      expect(await claim('a@x.nl')).toBe(false);
      expect(await letters.claimAcknowledgement('not-there', 'a@x.nl', { state: 'sending', at: NOW.toISOString(), letterId: 'not-there' })).toBe(false);
    });

    it('lists letters received from a moment on', async () => {
      const { letters } = await make();
      const old = letter({ status: 'in_campaign', receivedAt: '2020-01-01T00:00:00.000Z' });
      const recent = letter({ status: 'in_campaign', receivedAt: '2031-01-01T00:00:00.000Z' });
      await letters.createIfAbsent(old);
      await letters.createIfAbsent(recent);
      const found = (await letters.listByStatus(['in_campaign'], { receivedFrom: '2030-06-01T00:00:00.000Z' })).map((l) => l.id);
      expect(found).toContain(recent.id);
      expect(found).not.toContain(old.id);
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
