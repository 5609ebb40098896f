import { describe, expect, it } from 'vitest';
import { registerNumber } from '../../shared/domain/approval.js';
import { coverNote, forwardHeaders, forwardReplyTo, forwardSubject, forwardText, recipientBatches, singleLineHeaderValue } from '../../shared/domain/forward.js';
import { aLetter, allPass } from '../support/builders.js';

const decision = { kind: 'approved' as const, by: 'griffier@heemstede.nl', at: '2026-02-03T10:00:00.000Z', note: 'Graag agenderen voor de commissie Ruimte.' };

describe('forwardSubject', () => {
  it('puts the register number before the original subject, as on the lijst ingekomen stukken', () => {
    expect(forwardSubject(registerNumber(2026, 28), 'Verkiezingen 2026 - oproep aan de raad')).toBe('28. Verkiezingen 2026 - oproep aan de raad');
  });

  it('makes a subject with a decoded CRLF and "Bcc:" one harmless line', () => {
    // Prepare: what mailparser gives for =?UTF-8?Q?Hallo=0D=0ABcc:_x@evil.example?=
    const subject = 'Hallo\r\nBcc: x@evil.example\r\n\r\nbody';
    // Act
    const result = forwardSubject(registerNumber(2026, 3), subject);
    // Assess
    expect(result).toBe('3. Hallo Bcc: x@evil.example body');
    expect(result).not.toMatch(/[\r\n]/);
  });

  it('names a missing subject', () => {
    expect(forwardSubject(registerNumber(0, 1), ' \r\n ')).toBe('1. (geen onderwerp)');
  });
});

describe('singleLineHeaderValue', () => {
  it('removes format characters (bidi overrides, zero-width, BOM) and turns controls and line separators into spaces', () => {
    expect(singleLineHeaderValue('a\u0000b\u202Ec\u2028d\te', 100)).toBe('a bc d e');
    expect(singleLineHeaderValue('\ufeffBrief\u200b aan\u2060 de raad', 100)).toBe('Brief aan de raad');
  });
});

describe('recipientBatches', () => {
  it('splits 120 raadsleden into batches of 50, 50 and 20, in order', () => {
    // Prepare
    const list = Array.from({ length: 120 }, (_, i) => `r${i}@heemstede.nl`);
    // Act
    const batches = recipientBatches(list);
    // Assess
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches.flat()).toEqual(list);
  });

  it('keeps exactly 50 in one batch', () => {
    expect(recipientBatches(Array.from({ length: 50 }, (_, i) => `r${i}@x.nl`))).toHaveLength(1);
  });
});

describe('forwardHeaders', () => {
  it('marks the forward as automatic and as ours', () => {
    expect(forwardHeaders('msg-1')).toEqual({ 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All', 'X-Raadspost-Id': 'msg-1' });
  });
});

describe('coverNote and forwardText', () => {
  it('says number, sender with real address, organisation, date, handling and the griffier’s note', () => {
    // Act
    const note = coverNote({ letter: aLetter(), registerNumber: registerNumber(2026, 28), decision, handling: 'ter kennisname', municipality: 'Heemstede' });
    // Assess
    expect(note).toContain('Nummer:                   28 (lijst ingekomen stukken 2026)');
    expect(note).toContain('Wijkvereniging Glip-Zuid <secretariaat@glipzuid.example>');
    expect(note).toContain('Organisatie:              Wijkvereniging Glip-Zuid');
    expect(note).toContain('Ontvangen:                maandag 2 februari 2026 om 09:15');
    expect(note).toContain('Voorgestelde afhandeling: ter kennisname');
    expect(note).toContain('Bijlagen:                 brief.pdf');
    expect(note).toContain('Toelichting van de griffie:\nGraag agenderen voor de commissie Ruimte.');
  });

  it('puts the original text under the note', () => {
    // Act
    const text = forwardText('NOTE', { from: aLetter().from, risks: [], sentAt: null, subject: 'S', text: 'Geachte raad,\nwij vragen' });
    // Assess
    expect(text.indexOf('NOTE')).toBeLessThan(text.indexOf('Oorspronkelijk bericht'));
    expect(text).toContain('Geachte raad,\nwij vragen');
  });

  it('replies to the sender’s bare address, and only when DMARC passed and the sender does not pose as the municipality', () => {
    expect(forwardReplyTo(aLetter())).toEqual({ name: '', address: 'secretariaat@glipzuid.example' });
    expect(forwardReplyTo(aLetter({ from: null }))).toBeUndefined();
    expect(forwardReplyTo(aLetter({ verdicts: allPass({ dmarc: 'GRAY' }) }))).toBeUndefined();
    expect(forwardReplyTo(aLetter({ risks: [{ code: 'lookalike_domain', text: 'x' }] }))).toBeUndefined();
    expect(forwardReplyTo(aLetter({ risks: [{ code: 'hidden_text', text: 'x' }] }))).toEqual({ name: '', address: 'secretariaat@glipzuid.example' });
  });
});
