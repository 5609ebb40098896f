/**
 * The LetterRepository's contract as one suite, run against the in-memory fake (test/unit) and the DynamoDB adapter
 * on dynalite (test/integration): the fake cannot drift from the adapter, and both follow shared/domain/letter-life.ts.
 */
import { describe, expect, it } from 'vitest';
import { makeAcknowledgeLetter } from '../../shared/application/acknowledge-letter.js';
import { acknowledgementsDue, CAMPAIGN_RESIDENT_FIELDS, DEFAULT_ACKNOWLEDGEMENT_TEMPLATE, type Acknowledgement, type CampaignResident } from '../../shared/domain/acknowledgement.js';
import { hashToken, MAX_NOTE_CHARS, tokenFromRandomBytes, type ApprovalToken } from '../../shared/domain/approval.js';
import { correctionOf } from '../../shared/domain/correction.js';
import { wooTerm } from '../../shared/domain/woo.js';
import { CAMPAIGN_MEMBERS_SHOWN, type Letter } from '../../shared/domain/letter.js';
import { CAMPAIGN_OPEN_STATUSES, LETTER_CHANGES, LETTER_STATUSES, type LetterStatus } from '../../shared/domain/letter-life.js';
import type { ApprovalTokenStore, LetterRepository } from '../../shared/ports.js';
import { aLetter, allPass, theLargestLetter } from './builders.js';
import { RecordingComposer, RecordingMailSender, steppingClock } from './fakes.js';

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

    /** Every acknowledgement of a letter, over every page. */
    const allAcknowledgements = async (letters: LetterRepository, id: string): Promise<Acknowledgement[]> => {
      const found: Acknowledgement[] = [];
      let cursor: string | undefined;
      do {
        const page = await letters.listAcknowledgements(id, cursor);
        found.push(...page.items);
        cursor = page.cursor;
      } while (cursor);
      return found;
    };

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
      expect((await allAcknowledgements(letters, l.id)).find((a) => a.key === 'a@x.nl')?.record.state).toBe('sending');
      await letters.completeAcknowledgement(l.id, 'a@x.nl', NOW.toISOString(), undefined);
      expect(await claim('a@x.nl', '2026-02-03T10:05:00.000Z')).toBe(true);
      await letters.completeAcknowledgement(l.id, 'a@x.nl', '2026-02-03T10:05:00.000Z', { state: 'sent', at: '2026-02-03T10:05:01.000Z', letterId: l.id, providerMessageId: 'ses-9' });
      expect(await allAcknowledgements(letters, l.id)).toEqual([
        { key: 'a@x.nl', record: { state: 'sent', at: '2026-02-03T10:05:01.000Z', letterId: l.id, providerMessageId: 'ses-9' } },
        { key: 'b@x.nl', record: { state: 'skipped', at: NOW.toISOString(), letterId: l.id, reason: 'dmarc_not_passed' } },
      ]);
      expect(await claim('a@x.nl')).toBe(false);
      // Completing a claim that is gone does not bring it back.
      await letters.completeAcknowledgement(l.id, 'c@x.nl', NOW.toISOString(), { state: 'sent', at: NOW.toISOString(), letterId: l.id });
      expect((await allAcknowledgements(letters, l.id)).map((a) => a.key)).toEqual(['a@x.nl', 'b@x.nl']);
      // The letter's own record is untouched: its acknowledgements are records of their own.
      expect(await letters.get(l.id)).toEqual(l);
      expect(await letters.claimAcknowledgement('not-there', 'a@x.nl', { state: 'sending', at: NOW.toISOString(), letterId: 'not-there' })).toBe(false);
      expect(await allAcknowledgements(letters, 'not-there')).toEqual([]);
    });

    it('records a run of the acknowledgements, never one that knew of fewer letters over one that knew of more', async () => {
      const { letters } = await make();
      const l = letter({ status: 'forwarded', campaign: { count: 3, firstAt: NOW.toISOString(), lastAt: NOW.toISOString(), members: [] } });
      await letters.createIfAbsent(l);
      expect(acknowledgementsDue(l)).toBe(true);
      await letters.recordAcknowledged(l.id, { at: NOW.toISOString(), letters: 2 });
      expect(acknowledgementsDue((await letters.get(l.id))!)).toBe(true);
      await letters.recordAcknowledged(l.id, { at: '2026-02-03T10:01:00.000Z', letters: 3 });
      await letters.recordAcknowledged(l.id, { at: '2026-02-03T10:02:00.000Z', letters: 2 });
      expect((await letters.get(l.id))?.acknowledged).toEqual({ at: '2026-02-03T10:01:00.000Z', letters: 3 });
      expect(acknowledgementsDue((await letters.get(l.id))!)).toBe(false);
      await letters.recordAcknowledged('not-there', { at: NOW.toISOString(), letters: 1 });
      expect(await letters.get('not-there')).toBeUndefined();
    });

    it('lists a campaign\'s letters a page at a time, oldest first, with what their acknowledgement needs', async () => {
      const { letters } = await make();
      const first = letter({ campaign: { count: 1, firstAt: NOW.toISOString(), lastAt: NOW.toISOString(), members: [] } });
      await letters.createIfAbsent(first);
      const joined: Letter[] = [];
      for (let i = 0; i < 130; i++) {
        const member = letter({ status: 'in_campaign', campaignOf: first.id, receivedAt: new Date(NOW.getTime() + (130 - i) * 1000).toISOString(), from: { name: `Bewoner ${i}`, address: `bewoner${i}@x.nl` } });
        await letters.createLinked(member, { kind: 'campaign', firstId: first.id, member: { id: member.id, receivedAt: member.receivedAt, from: member.from!.address, differs: i % 3 === 0 } });
        joined.push(member);
      }
      await letters.createIfAbsent(letter({ status: 'in_campaign', campaignOf: 'another-campaign' }));
      const pages: CampaignResident[][] = [];
      let cursor: string | undefined;
      do {
        const page = await letters.listCampaignLetters(first.id, cursor);
        pages.push([...page.items]);
        cursor = page.cursor;
      } while (cursor);
      expect(pages.length).toBeGreaterThan(1);
      const oldestFirst = [...joined].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
      expect(pages.flat()).toEqual(oldestFirst.map((m) => Object.fromEntries(CAMPAIGN_RESIDENT_FIELDS.map((f) => [f, m[f]]))));
      // The first letter lists only the first CAMPAIGN_MEMBERS_SHOWN and counts the rest, and those that differ.
      const campaign = (await letters.get(first.id))?.campaign;
      expect(campaign).toMatchObject({ count: 131, differing: 44 });
      expect(campaign?.members.map((m) => m.id)).toEqual(joined.slice(0, CAMPAIGN_MEMBERS_SHOWN).map((m) => m.id));
      expect((await letters.listCampaignLetters('no-campaign')).items).toEqual([]);
      await expect(letters.listCampaignLetters(first.id, 'not a cursor')).rejects.toThrow(RangeError);
    });

    it(
      'keeps the first letter of a campaign of 1,200 within DynamoDB\'s 400 KB, and gives every resident exactly one acknowledgement, however often and however concurrently it runs',
      async () => {
        // Prepare: the largest record a message can make leads a campaign of 1,200: 1,199 residents, each listed one with
        // the longest difference and address. The first 1,150 are recorded as a join leaves them (their records, and the
        // first letter listing 50 and counting the rest); the last 49 join through createLinked, past the list. (Every
        // join rewrites the 320 KB record: 1,199 of them take a minute and a half on dynalite.)
        const { letters } = await make();
        const longest = { member: `… ${'w'.repeat(160)} …`, leader: `… ${'l'.repeat(160)} …` };
        const residents = Array.from({ length: 1199 }, (_, i) => {
          const address = `${'b'.repeat(230)}${i}@x.nl`;
          return letter({
            status: 'in_campaign',
            campaignOf: 'leader',
            receivedAt: new Date(NOW.getTime() + i * 1000).toISOString(),
            from: { name: '', address },
            automated: { autoSubmitted: false, bulk: false },
            // Every tenth resident's DMARC failed: recorded as skipped, never mailed.
            ...(i % 10 === 0 && { verdicts: { ...allPass(), dmarc: 'FAIL' } }),
          });
        });
        const entry = (r: Letter) => ({ id: r.id, receivedAt: r.receivedAt, from: r.from!.address, differs: true, difference: longest });
        const seeded = 1150;
        const largest = theLargestLetter(unique());
        const leader: Letter = {
          ...largest,
          status: 'forwarded',
          decision: decision(),
          registerNumber: { year: 2026, sequence: 7, label: '7' },
          retention: { kind: 'record', since: NOW.toISOString(), recordUntil: '2031-02-03T10:00:00.000Z' },
          campaign: { count: 1 + seeded, firstAt: NOW.toISOString(), lastAt: NOW.toISOString(), members: residents.slice(0, CAMPAIGN_MEMBERS_SHOWN).map(entry), differing: seeded },
        };
        expect(await letters.createIfAbsent(leader)).toBe('created');
        for (const [i, resident] of residents.entries()) {
          const record = { ...resident, campaignOf: leader.id };
          if (i < seeded) expect(await letters.createIfAbsent(record)).toBe('created');
          else expect(await letters.createLinked(record, { kind: 'campaign', firstId: leader.id, member: entry(record) })).toBe('created');
        }
        const recorded = (await letters.get(leader.id))!;
        expect(recorded.campaign).toMatchObject({ count: 1200, differing: residents.length });
        expect(recorded.campaign?.members).toHaveLength(CAMPAIGN_MEMBERS_SHOWN);
        expect(Buffer.byteLength(JSON.stringify(recorded))).toBeLessThan(400 * 1024);
        expect(acknowledgementsDue(recorded)).toBe(true);

        // Act: two runs at once, then one more.
        const sender = new RecordingMailSender();
        const acknowledge = makeAcknowledgeLetter({
          letters,
          composer: new RecordingComposer(),
          sender,
          clock: steppingClock('2026-02-04T10:00:00.000Z'),
          settings: { griffieAddress: 'griffie@heemstede.nl', municipality: 'Heemstede', ownDomains: ['heemstede.nl'], template: DEFAULT_ACKNOWLEDGEMENT_TEMPLATE, defaultHandling: 'ter kennisname' },
        });
        const concurrent = await Promise.all([acknowledge({ letterId: leader.id }), acknowledge({ letterId: leader.id })]);
        const again = await acknowledge({ letterId: leader.id });

        // Assess: each eligible resident mailed once; every sender (the leader's unanswerable one too) has one record.
        const mailed = sender.sent.flatMap((s) => s.destinations);
        expect(mailed).toHaveLength(residents.length - Math.ceil(residents.length / 10));
        expect(new Set(mailed).size).toBe(mailed.length);
        expect(concurrent.map((o) => (o.kind === 'done' ? o.sent : -1)).reduce((a, b) => a + b, 0)).toBe(mailed.length);
        expect(again).toMatchObject({ kind: 'done', sent: 0, already: 1200, skipped: [], letters: 1200 });
        const acknowledgements = await allAcknowledgements(letters, leader.id);
        expect(acknowledgements).toHaveLength(1200);
        expect(new Set(acknowledgements.map((a) => a.key)).size).toBe(1200);
        expect(acknowledgements.filter((a) => a.record.state === 'sent')).toHaveLength(mailed.length);
        expect(acknowledgements.filter((a) => a.record.state === 'skipped').map((a) => a.record.reason).sort()).toEqual([
          ...Array<string>(Math.ceil(residents.length / 10)).fill('dmarc_not_passed'),
          'no_sender',
        ]);
        const done = (await letters.get(leader.id))!;
        expect(done.acknowledged?.letters).toBe(1200);
        expect(acknowledgementsDue(done)).toBe(false);
        expect(Buffer.byteLength(JSON.stringify(done))).toBeLessThan(400 * 1024);
      },
      600_000,
    );

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
