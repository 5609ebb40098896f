import { describe, expect, it } from 'vitest';
import { editDistance, isOwnDomain, lookalikeOf, skeleton } from '../../shared/domain/lookalike.js';

const OWN = ['heemstede.nl'];

describe('lookalikeOf', () => {
  it.each([
    ['h\u0435emstede.nl', 'homoglyph'], // Cyrillic е
    ['xn--hemstede-c8g.nl', 'homoglyph'], // the same Cyrillic е, as an IDN arrives in a header
    ['xn--hmstede-rya.nl', 'typo'], // hëmstede
    ['heernstede.nl', 'homoglyph'], // rn for m
    ['heemsted\u0435.com', 'homoglyph'],
    ['heemstde.nl', 'typo'],
    ['heemtsede.nl', 'typo'], // transposed letters
    ['heemstede.com', 'other_suffix'],
    ['heemstede.co.uk', 'other_suffix'],
    ['mail.heemstede.eu', 'other_suffix'],
    ['heemstede.nl.evil.example', 'contains_own_domain'],
    ['raad.heemstede.nl-secure.com', 'contains_own_domain'],
    ['heemstede-gemeente.nl', 'added_words'],
    ['gemeente-heemstede.nl', 'added_words'],
    ['gemeenteheemstede.nl', 'added_words'],
    ['heemstede-nl.com', 'added_words'],
    ['vm-notify-heemstede.com', 'added_words'],
    ['mijnheemstede-login.nl', 'added_words'],
    ['he\u00e9mstede.nl', 'homoglyph'], // an accent reads past at a glance
    ['heemsted-gemeente.nl', 'added_words'], // a typo of the name plus an impostor word
    ['mijnoverheid-heemstede.nl', 'added_words'],
    ['raadsgriffie-heemstede.nl', 'added_words'],
    ['heemstede-belastingen.nl', 'added_words'],
    ['mijnheemstede.nl.evil.example', 'contains_own_domain'], // the own domain inside a longer label
  ])('flags %s as %s', (domain, kind) => {
    expect(lookalikeOf(domain, OWN)).toEqual({ own: 'heemstede.nl', kind });
  });

  it.each([
    'heemstede.nl',
    'raad.heemstede.nl',
    'wijkraad-glipzuid-heemstede.nl', // an association: its own words beside the name
    'dorpsraad-heemstede.nl',
    'vvheemstede.nl', // a sports club
    'hockeyclub-heemstede.nl',
    'heemstede.d66.nl', // a party branch under the party's domain
    'heemsteedsecourant.nl',
    'oud-heemstede.nl', // the historical society
    'heemsteedse-courant.nl',
    'bloemendaal.nl', // the neighbours
    'haarlem.nl',
    'gmail.com',
    'ziggo.nl',
    'rijksoverheid.nl',
    'vng.nl',
  ])('does not flag %s', (domain) => {
    expect(lookalikeOf(domain, OWN)).toBeUndefined();
  });

  it('takes a domain that IDNA maps onto the own one for the own domain (its DMARC then decides: unauthenticated_own_domain)', () => {
    expect(lookalikeOf('hee\u217Fstede.nl', OWN)).toBeUndefined(); // ⅿ (Roman numeral) is mapped to m by IDNA
    expect(isOwnDomain('hee\u217Fstede.nl', OWN)).toBe(true);
  });

  it('does not treat short names as typos of each other (ede and oss are real municipalities)', () => {
    expect(lookalikeOf('eda.nl', ['ede.nl'])).toBeUndefined();
    expect(lookalikeOf('ede.com', ['ede.nl'])).toEqual({ own: 'ede.nl', kind: 'other_suffix' });
  });

  it('works for a municipality of several words', () => {
    expect(lookalikeOf('bergen-op-zoom-gemeente.nl', ['bergenopzoom.nl'])).toMatchObject({ kind: 'added_words' });
    expect(lookalikeOf('bergenopzoorn.nl', ['bergenopzoom.nl'])).toMatchObject({ kind: 'homoglyph' });
    expect(lookalikeOf('gemeente-bergenopzoom.nl', ['bergenopzoom.nl'])).toMatchObject({ kind: 'added_words' });
    expect(lookalikeOf('stichting-welzijn-bergenopzoom.nl', ['bergenopzoom.nl'])).toBeUndefined();
  });
});

describe('skeleton (Unicode confusables, UTS #39)', () => {
  it('maps look-alike letters of other scripts and ASCII tricks to the same skeleton', () => {
    expect(skeleton('h\u0435emstede')).toBe(skeleton('heemstede')); // Cyrillic е
    expect(skeleton('ρaypal')).toBe(skeleton('paypal')); // Greek rho
    expect(skeleton('rn')).toBe(skeleton('m'));
    expect(skeleton('g00gle')).toBe(skeleton('gOOgle'));
    expect(skeleton('heemstede')).not.toBe(skeleton('heemsteden'));
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions', () => {
    expect(editDistance('heemstede', 'heemstede')).toBe(0);
    expect(editDistance('heemstede', 'heemtsede')).toBe(1);
    expect(editDistance('heemstede', 'hemstede')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('heemstede', 'bloemendaal', 2)).toBe(3); // stops past the budget
  });
});

describe('isOwnDomain', () => {
  it('accepts the own domains and their subdomains only', () => {
    expect(isOwnDomain('heemstede.nl', OWN)).toBe(true);
    expect(isOwnDomain('raad.Heemstede.NL', OWN)).toBe(true);
    expect(isOwnDomain('evilheemstede.nl', OWN)).toBe(false);
    expect(isOwnDomain('heemstede.nl.evil.example', OWN)).toBe(false);
  });
});
