import { describe, expect, it } from 'vitest';
import {
  approvalUrl,
  displayNameLooksLikeOtherAddress,
  hashToken,
  isAwaitingDecision,
  isWellFormedToken,
  MAX_NOTE_CHARS,
  registerNumber,
  registerScope,
  sanitizeNote,
  summarise,
  TOKEN_BYTES,
  tokenExpiresAt,
  tokenFromRandomBytes,
  tokenState,
  type ApprovalToken,
} from '../../shared/domain/approval.js';
import { CAMPAIGN_MEMBERS_SHOWN, canTransition } from '../../shared/domain/letter.js';
import { forwardSubject, forwardText } from '../../shared/domain/forward.js';
import { aLetter, allPass } from '../support/builders.js';

const token = (overrides: Partial<ApprovalToken> = {}): ApprovalToken => ({
  tokenHash: 'h',
  letterId: 'l',
  approver: 'griffier@heemstede.nl',
  createdAt: '2026-02-02T09:00:00.000Z',
  expiresAt: Date.parse('2026-02-16T09:00:00.000Z') / 1000,
  ...overrides,
});

describe('approval tokens', () => {
  it('encodes 32 random bytes as a 43-character base64url token', () => {
    // Act
    const t = tokenFromRandomBytes(new Uint8Array(TOKEN_BYTES).fill(0xfb));
    // Assess
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(isWellFormedToken(t)).toBe(true);
  });

  it('rejects fewer than 32 random bytes', () => {
    expect(() => tokenFromRandomBytes(new Uint8Array(16))).toThrow(/32 random bytes/);
  });

  it('stores only a SHA-256 hash that differs from the token', () => {
    // Prepare
    const t = tokenFromRandomBytes(new Uint8Array(32).fill(7));
    // Act
    const hash = hashToken(t);
    // Assess
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(t);
    expect(hashToken(t)).toBe(hash);
  });

  it('treats truncated, padded or foreign-alphabet values as not well-formed', () => {
    const t = tokenFromRandomBytes(new Uint8Array(32).fill(1));
    expect(isWellFormedToken(t.slice(1))).toBe(false);
    expect(isWellFormedToken(`${t}=`)).toBe(false);
    expect(isWellFormedToken(`${t.slice(1)}+`)).toBe(false);
    expect(isWellFormedToken(undefined)).toBe(false);
  });

  it('expires after the configured number of days, used or not (an expired link shows nothing of the letter)', () => {
    // Prepare
    const issued = new Date('2026-02-02T09:00:00.000Z');
    const t = token({ expiresAt: tokenExpiresAt(issued, 14) });
    // Assess
    expect(tokenState(t, new Date('2026-02-16T08:59:59.000Z'))).toBe('valid');
    expect(tokenState(t, new Date('2026-02-16T09:00:00.000Z'))).toBe('expired');
    expect(tokenState({ ...t, usedAt: '2026-02-03T00:00:00.000Z' }, new Date('2026-02-04T00:00:00.000Z'))).toBe('used');
    expect(tokenState({ ...t, usedAt: '2026-02-03T00:00:00.000Z' }, new Date('2026-03-01T00:00:00.000Z'))).toBe('expired');
  });

  it('puts the token in the t parameter of the approval page URL', () => {
    expect(approvalUrl('https://abc.lambda-url.eu-west-1.on.aws/', 'A_b-c')).toBe('https://abc.lambda-url.eu-west-1.on.aws/?t=A_b-c');
  });
});

describe('sanitizeNote', () => {
  it('keeps line breaks, removes control and bidi characters, and trims', () => {
    expect(sanitizeNote('  Graag\r\nbespreken\u0000 in\tde\u202E commissie\u0007  ')).toBe('Graag\nbespreken in de commissie');
  });

  it(`caps the note at ${MAX_NOTE_CHARS} characters`, () => {
    expect(sanitizeNote('x'.repeat(5000))).toHaveLength(MAX_NOTE_CHARS);
  });

  it('turns a missing note into an empty one', () => {
    expect(sanitizeNote(undefined)).toBe('');
  });
});

describe('register number', () => {
  it('uses the Dutch calendar year of the decision, also on New Year’s night', () => {
    // 2026-12-31T23:30Z is 00:30 on 1 January 2027 in Amsterdam.
    expect(registerScope(new Date('2026-12-31T23:30:00.000Z'), 'yearly')).toBe(2027);
    expect(registerScope(new Date('2026-12-31T22:30:00.000Z'), 'yearly')).toBe(2026);
  });

  it('has a single scope for continuous numbering', () => {
    expect(registerScope(new Date('2026-06-01T00:00:00.000Z'), 'continuous')).toBe(0);
  });

  it('labels the number as on the lijst ingekomen stukken', () => {
    expect(registerNumber(2026, 28)).toEqual({ year: 2026, sequence: 28, label: '28' });
    expect(() => registerNumber(2026, 0)).toThrow(RangeError);
  });
});

describe('letter status machine for approval and forwarding', () => {
  it('allows exactly the approval and forward transitions', () => {
    expect(canTransition('awaiting_approval', 'approved')).toBe(true);
    expect(canTransition('awaiting_approval', 'rejected')).toBe(true);
    expect(canTransition('approved', 'forwarding')).toBe(true);
    expect(canTransition('forwarding', 'forwarded')).toBe(true);
    expect(canTransition('forwarding', 'forward_failed')).toBe(true);
    expect(canTransition('forward_failed', 'forwarding')).toBe(true);
    expect(canTransition('rejected', 'forwarding')).toBe(false);
    expect(canTransition('forwarded', 'forwarding')).toBe(false);
    expect(canTransition('approved', 'rejected')).toBe(false);
  });

  it('lets only an undecided letter awaiting approval be decided', () => {
    expect(isAwaitingDecision(aLetter())).toBe(true);
    expect(isAwaitingDecision(aLetter({ status: 'filed' }))).toBe(false);
    expect(isAwaitingDecision(aLetter({ decision: { kind: 'approved', by: 'a', at: 'b', note: '' } }))).toBe(false);
  });
});

describe('summarise', () => {
  it('tells how many letters a campaign has and how many differ, beyond the ones its record lists', () => {
    const member = (i: number, differs: boolean) => ({ id: `m-${i}`, receivedAt: '2026-03-02T09:00:00.000Z', from: `b${i}@x.nl`, differs });
    const members = Array.from({ length: CAMPAIGN_MEMBERS_SHOWN }, (_, i) => member(i, i === 3));
    const campaign = { count: 1200, firstAt: '2026-03-01T09:00:00.000Z', lastAt: '2026-03-09T09:00:00.000Z', members, differing: 40 };
    expect(summarise(aLetter({ campaign })).campaign).toEqual(campaign);
    // A record from before `differing` was counted: the listed ones that differ (it listed up to 1,000).
    const { differing: _, ...older } = { ...campaign, members: Array.from({ length: 999 }, (_, i) => member(i, i % 100 === 0)) };
    expect(summarise(aLetter({ campaign: older })).campaign).toMatchObject({ count: 1200, differing: 10, members: older.members.slice(0, CAMPAIGN_MEMBERS_SHOWN) });
  });

  it('lists SPF, DKIM and DMARC checks that did not pass', () => {
    // Act
    const summary = summarise(aLetter({ verdicts: allPass({ spf: 'FAIL', dmarc: 'GRAY' }) }));
    // Assess
    expect(summary.failedAuthentication).toEqual(['SPF', 'DMARC']);
  });

  it('carries the real address and the attachments without their hashes', () => {
    // Act
    const summary = summarise(aLetter());
    // Assess
    expect(summary.from).toEqual({ name: 'Wijkvereniging Glip-Zuid', address: 'secretariaat@glipzuid.example' });
    expect(summary.attachments).toEqual([
      { index: 0, name: 'brief.pdf', contentType: 'application/pdf', typeLabel: 'pdf-document', size: 20_000, forwarded: true, inline: false },
    ]);
    expect(summary.forwardReplyTo).toEqual({ address: 'secretariaat@glipzuid.example' });
    expect(summary.failedAuthentication).toEqual([]);
  });

  it('previews the forward\'s subject and heading lines exactly as the forward builds them (same cleaning, same cut)', () => {
    // Prepare: a subject with a line break, a bidi control and far over the forward's length
    const letter = aLetter({ subject: `Brief\r\nBcc: x@evil.example \u202E${'lang '.repeat(100)}`, from: { name: 'Jan <griffie@heemstede.nl>', address: 'jan@example.nl' } });
    // Act
    const { forwardHead } = summarise(letter);
    const sent = forwardText('NOTE', { from: letter.from, risks: letter.risks, sentAt: letter.sentAt, subject: letter.subject, text: letter.body.text });
    // Assess
    expect(forwardHead.subject).toBe(forwardSubject(registerNumber(2026, 7), letter.subject).replace(/^7\./, '[nummer].'));
    expect(forwardHead.subject).toMatch(/^\[nummer\]\. Brief Bcc: x@evil.example lang/);
    expect(sent).toContain(forwardHead.lines.join('\n'));
    expect(forwardHead.lines).toContain('Van: jan@example.nl'); // a name that shows another address is left out
  });

  it('flags a display name that shows a different address', () => {
    expect(displayNameLooksLikeOtherAddress({ name: 'burgemeester@heemstede.nl', address: 'x@evil.example' })).toBe(true);
    expect(displayNameLooksLikeOtherAddress({ name: 'x@evil.example', address: 'x@evil.example' })).toBe(false);
    expect(displayNameLooksLikeOtherAddress({ name: 'Jan Jansen', address: 'jan@example.nl' })).toBe(false);
  });
});
