import { describe, expect, it } from 'vitest';
import { RAW_BODY_BIT, attribute, originalFromHeaderBlock } from '../../shared/domain/classifier/attribution.js';
import { FAST } from '../../shared/domain/classifier/speed.js';

// Header lines as the common mail programs write them; all names and addresses made up for these tests.

const cut = (body: string, reply = false, forward = false) => {
  const index = FAST.newIndex();
  index.mark(body, RAW_BODY_BIT);
  return attribute(body, reply, forward, index);
};

describe('originalFromHeaderBlock', () => {
  it.each([
    ['Gmail (Dutch)', 'Op di 3 feb 2026 om 10:02 schreef Jan de Vries <jan.devries1957@example.nl>:', 'Jan de Vries', 'jan.devries1957@example.nl'],
    ['Gmail (English)', 'On Mon, Mar 2, 2026 at 10:12 AM Ann Lee <ann@example.org> wrote:', 'Ann Lee', 'ann@example.org'],
    ['Gmail, comma after the time', 'On Thu, 9 Apr 2026 at 11:20, Griffie Zuiderhaven <griffie@zuiderhaven.nl> wrote:', 'Griffie Zuiderhaven', 'griffie@zuiderhaven.nl'],
    ['Apple Mail (Dutch)', 'Op 10 apr. 2026 om 14:02 heeft Griffie Zuiderhaven <griffie@zuiderhaven.nl> het volgende geschreven:', 'Griffie Zuiderhaven', 'griffie@zuiderhaven.nl'],
    ['Apple Mail (English)', 'On 10 Apr 2026, at 14:02, Kim Bos <kim@example.nl> wrote:', 'Kim Bos', 'kim@example.nl'],
    ['over two lines', 'Op di 3 feb 2026 om 10:02 schreef Jan de Vries\n<jan@example.nl>:', 'Jan de Vries', 'jan@example.nl'],
    ['Outlook (Dutch)', 'Van: Marian Kok <mariankok@example.nl>\nVerzonden: maandag 13 april 2026 21:47\nAan: info@example.nl', 'Marian Kok', 'mariankok@example.nl'],
    ['Outlook (English, mailto)', 'From: Rob Janssens [mailto:rob@example.nl]\nSent: Friday, April 10, 2026 4:55 PM', 'Rob Janssens', 'rob@example.nl'],
  ])('reads the author of a %s header', (_, header, name, address) => {
    // Act
    const author = originalFromHeaderBlock(`${header}\n\nGeachte raad,`);
    // Assess
    expect(author).toEqual({ name, address });
  });

  it('gives nothing for a reply line without an address', () => {
    // Act + Assess
    expect(originalFromHeaderBlock('Op 3 feb 2026 om 10:02 schreef Jan de Vries:\n> tekst')).toBeNull();
  });
});

describe('attribute', () => {
  it('cuts a thread into the own text and one piece per quoted or forwarded message, each with its author', () => {
    // Prepare: a forward of a reply that quotes the griffie, quoted once more with ">"
    const body = [
      'Zie hieronder.',
      '',
      '---------- Forwarded message ---------',
      'Van: Wim Verhoeven <wim@example.nl>',
      'Date: di 14 apr 2026 om 09:00',
      'Subject: Re: speeltuin',
      '',
      'Ik heb nu 84 handtekeningen.',
      '',
      '> Op 8 apr. 2026 om 09:14 schreef Griffie <griffie@example.nl>:',
      '>> Wij hebben uw brief ontvangen.',
    ].join('\n');
    // Act
    const { lead, pieces, form } = cut(body, false, true);
    // Assess
    expect(lead).toBe('Zie hieronder.\n\n');
    expect(form).toBeNull();
    expect(pieces.map((p) => [p.kind, p.author?.address])).toEqual([
      ['forward', 'wim@example.nl'],
      ['forward', 'griffie@example.nl'],
    ]);
    expect(pieces[0]?.text).toContain('Ik heb nu 84 handtekeningen.');
    expect(pieces[0]?.text).not.toContain('Wij hebben uw brief ontvangen');
    expect(pieces[1]?.text).toContain('Wij hebben uw brief ontvangen.');
  });

  it('does not take the header lines of a piece for the start of the next one', () => {
    // Prepare
    const body = ['Ter info.', '-----Oorspronkelijk bericht-----', 'Van: A <a@example.nl>', 'Verzonden: vandaag', 'Aan: b@example.nl', 'Onderwerp: x', '', 'Tekst van A.'].join('\n');
    // Act
    const { pieces } = cut(body);
    // Assess
    expect(pieces).toHaveLength(1);
    expect(pieces[0]?.author?.address).toBe('a@example.nl');
  });

  it('marks a quote under a reply as a quote and a body without pieces as all own text', () => {
    // Act
    const reply = cut('Dank u.\n\nOn Mon, Mar 2, 2026 at 10:12 AM Ann <ann@example.org> wrote:\n> Hello', true);
    const plain = cut('Geachte raad,\nIk schrijf u over de stoep.');
    // Assess
    expect(reply.pieces.map((p) => p.kind)).toEqual(['quote']);
    expect(plain).toEqual({ lead: 'Geachte raad,\nIk schrijf u over de stoep.', pieces: [], form: null });
  });

  it('takes the person in a web form as the author of the whole body', () => {
    // Act
    const { lead, pieces, form } = cut('Naam: Sandra Mulder\nE-mailadres: s.mulder@example.nl\nBericht:\nGeachte raad, ...');
    // Assess
    expect(form).toEqual({ name: 'Sandra Mulder', address: 's.mulder@example.nl' });
    expect(lead).toBe('');
    expect(pieces[0]?.author).toEqual(form);
  });

  it('stops cutting after a dozen pieces and keeps the rest in the last', () => {
    // Prepare
    const hop = (i: number) => `Op 1 jan 2026 om 10:0${i % 10} schreef P${i} <p${i}@example.nl>:\n> tekst ${i}`;
    const body = ['Bovenaan.', ...Array.from({ length: 30 }, (_, i) => hop(i))].join('\n');
    // Act
    const { pieces } = cut(body, true);
    // Assess
    expect(pieces).toHaveLength(12);
    expect(pieces[11]?.text).toContain('tekst 29');
  });
});
