import { describe, expect, it } from 'vitest';
import {
  CAMPAIGN_SIMILARITY,
  campaignBands,
  campaignDifference,
  campaignSignature,
  campaignSimilarity,
  campaignText,
  duplicateKeys,
  likenessKeys,
  normaliseMessageId,
  normaliseSubject,
} from '../../shared/domain/sameness.js';

// A campaign text as a website lets residents send it (made up for this test).
const CAMPAIGN_BODY = [
  'Ik schrijf u omdat ik mij grote zorgen maak over de plannen om de bomen langs de Vijverlaan te kappen voor de verbreding van de weg.',
  'Deze bomen zijn meer dan tachtig jaar oud en geven schaduw, koelte en een thuis aan vogels en vleermuizen.',
  'De verbreding levert volgens het eigen onderzoek van de gemeente nauwelijks tijdwinst op, terwijl de bomen nooit terugkomen.',
  'Ik vraag de gemeenteraad daarom het besluit over de kap uit te stellen en eerst samen met de bewoners naar andere oplossingen te kijken.',
  'Denk daarbij aan een snelheidsverlaging, een andere route voor het vrachtverkeer en betere fietspaden aan de oostkant van de wijk.',
].join('\n');

/** A resident's letter of the campaign: salutation, the text, `extra` in the text, the signature, `below` under it. */
const campaignLetter = (name: string, street: string, extra = '', below: readonly string[] = []) =>
  [`Geachte leden van de gemeenteraad,`, '', CAMPAIGN_BODY, extra, '', 'Met vriendelijke groet,', name, street, '2101 AB Heemstede', `${name.split(' ')[0]?.toLowerCase()}@ziggo.nl`, '06-12345678', ...below].join('\n');

const OWN_PARAGRAPH = [
  'Zelf loop ik elke ochtend met mijn dochter langs die bomen naar school, en in de zomer is het de enige plek waar het koel blijft.',
  'Bij de vorige verbreding aan de Zandvaart is beloofd dat er nieuwe bomen kwamen, maar daar staat nu alleen een rij paaltjes.',
  'Ik heb daar destijds ook over ingesproken en kreeg nooit een antwoord van het college op mijn vragen over de compensatie.',
].join('\n');
const POISONED_PS = 'PS aan de raadsleden: jullie zijn allemaal corrupte zakkenvullers. Zie https://raadsleden-heemstede-corrupt.example/bewijs';

const orgLetter = (body: string) =>
  ['Geachte leden van de gemeenteraad,', '', 'Namens het bestuur van de Fietsersbond afdeling Heemstede vragen wij uw aandacht voor het volgende.', body, 'Wij zijn graag bereid dit toe te lichten.', '', 'Met vriendelijke groet,', 'Fietsersbond Heemstede'].join('\n');
const ORG_FIRST = orgLetter(
  'Op de Herenweg ontbreekt tussen de Lanckhorstlaan en het station een veilig fietspad. Fietsers rijden daar tussen geparkeerde auto’s en bussen. Wij vragen u bij de herinrichting in 2027 een vrijliggend fietspad aan beide kanten op te nemen, met voorrang op de zijstraten.',
);
const ORG_SECOND = orgLetter(
  'De fietsenstalling bij het station is te klein: op werkdagen staan er honderden fietsen op de stoep en in de berm. Wij vragen u budget vrij te maken voor een bewaakte stalling met zeshonderd plaatsen en oplaadpunten voor elektrische fietsen.',
);

/** The signature's estimate of the similarity (the share of equal values), which decides which letters are compared. */
const estimate = (a: string, b: string) => {
  const [x, y] = [campaignSignature(a)!, campaignSignature(b)!];
  return x.filter((value, i) => value === y[i]).length / x.length;
};

describe('campaigns', () => {
  const anna = campaignLetter('Anna de Boer', 'Vijverlaan 12');

  // The figures behind CAMPAIGN_SIMILARITY (its doc comment quotes them): the similarity that decides, and the
  // signature's estimate that finds the candidates.
  it.each([
    ['the same text with another name, address, salutation and signature', campaignLetter('Pieter Smit', 'Kerkstraat 3a').replace('Geachte leden van de gemeenteraad,', 'Beste raadsleden,'), 1, 1, true],
    ['one sentence added', campaignLetter('Els Vos', 'Dreef 7', 'Ik woon er zelf al twintig jaar.'), 0.937, 0.938, true],
    ['one word changed (the meaning turned around)', anna.replace('de kap uit te stellen', 'de kap niet uit te stellen'), 0.935, 0.953, true],
    ['a PS under the signature', campaignLetter('Karin Jansen', 'Lindenlaan 9', '', ['', POISONED_PS]), 0.881, 0.906, false],
    ['a paragraph of their own in the text', campaignLetter('Karin Jansen', 'Lindenlaan 9', OWN_PARAGRAPH), 0.601, 0.625, false],
    ['a paragraph of their own under the signature', campaignLetter('Karin Jansen', 'Lindenlaan 9', '', ['', OWN_PARAGRAPH]), 0.601, 0.625, false],
  ])('measures a campaign letter with %s against the first', (_, letter, similarity, estimated, joins) => {
    expect(campaignSimilarity(anna, letter)).toBeCloseTo(similarity, 3);
    expect(estimate(anna, letter)).toBeCloseTo(estimated, 3);
    expect(campaignSimilarity(anna, letter) >= CAMPAIGN_SIMILARITY).toBe(joins);
  });

  it('never groups two different letters of one organisation, though they share the opening and the closing', () => {
    expect(campaignSimilarity(ORG_FIRST, ORG_SECOND)).toBeCloseTo(0.16, 2);
    expect(estimate(ORG_FIRST, ORG_SECOND)).toBeCloseTo(0.219, 3);
  });

  it('never groups two residents who write about the same street in their own words', () => {
    const one = [
      'Geachte raad,',
      'In de Vijverlaan wordt veel te hard gereden. Vooral ’s avonds scheuren auto’s door de straat en mijn kinderen durven niet meer buiten te spelen.',
      'Kunt u drempels laten plaatsen of de straat tot 30 km-zone maken? Ik hoor graag wat u eraan gaat doen, want zo kan het niet langer.',
      'Het is een kwestie van tijd voordat er een ongeluk gebeurt, en dan is het te laat voor maatregelen.',
      'Groeten, Joost',
    ].join('\n');
    const two = [
      'Beste gemeenteraad,',
      'Ik woon sinds vorig jaar aan de Vijverlaan en erger mij aan het vrachtverkeer dat er dagelijks doorheen rijdt naar het bedrijventerrein.',
      'De huizen trillen als er een vrachtwagen langskomt en er zitten al scheuren in onze gevel. Waarom mag dat verkeer niet via de Cruquiusweg?',
      'Graag zou ik van u horen of er een onderzoek komt naar de trillingen en de schade aan de huizen in onze straat.',
      'Met vriendelijke groet, Marloes',
    ].join('\n');
    expect(campaignSimilarity(one, two)).toBe(0);
    expect(estimate(one, two)).toBe(0);
  });

  it('does not compare texts that are too short to be a campaign', () => {
    expect(campaignSignature('Geachte raad,\nIk ben tegen de kap.\nGroet, Jan')).toBeUndefined();
  });

  it('cleans the parts that differ per resident: salutation, signature, quoted lines, addresses, numbers', () => {
    expect(campaignText('Geachte raad,\nDe bomen aan nr. 12 moeten blijven, mail jan@x.nl of 06-12345678.\n> oud citaat\nMet vriendelijke groet,\nJan\nLaan 1')).toBe(
      'de bomen aan nr moeten blijven mail of',
    );
  });

  it('keeps what a resident writes under the signature: a PS, a sentence, a paragraph, and everything after it', () => {
    const signed = (...below: string[]) => campaignText(['De bomen moeten blijven.', 'Met vriendelijke groet,', '', 'Jan de Vries', 'Laan 1', '2101 AB Heemstede', '06-12345678', ...below].join('\n'));
    expect(signed()).toBe('de bomen moeten blijven');
    expect(signed('', 'PS: zie https://example.org/bewijs?id=7')).toBe('de bomen moeten blijven ps zie example org');
    expect(signed('P.S. ook namens mijn buren')).toBe('de bomen moeten blijven p s ook namens mijn buren');
    expect(signed('NB dit is mijn eigen brief')).toBe('de bomen moeten blijven nb dit is mijn eigen brief');
    expect(signed('', 'Ik woon hier al veertig jaar!', 'Jan')).toBe('de bomen moeten blijven ik woon hier al veertig jaar jan');
    expect(signed('', 'Zelf loop ik elke ochtend met mijn dochter langs die bomen naar school')).toBe(
      'de bomen moeten blijven zelf loop ik elke ochtend met mijn dochter langs die bomen naar school',
    );
    // A title or a town in the signature is not a sentence, nor is "Psalm" a PS.
    expect(signed('Voorzitter wijkraad Oude Dorp', 'Psalmenlaan 3')).toBe('de bomen moeten blijven');
  });

  it('puts letters that share a text and their forwarded attachments in the same bands, and others never', () => {
    const bands = (letter: string, attachments: string[] = []) => campaignBands(campaignSignature(letter)!, attachments).map((k) => k.key);
    const a = bands(anna);
    expect(a).toHaveLength(16);
    expect(bands(campaignLetter('Pieter Smit', 'Kerkstraat 3'))).toEqual(a);
    expect(new Set(a).size).toBe(16);
    // Each resident's own PDF under one form text: never a band in common.
    expect(bands(anna, ['aa', 'bb'])).toEqual(bands(campaignLetter('Pieter Smit', 'Kerkstraat 3'), ['bb', 'aa', 'aa']));
    const withOtherPdf = bands(anna, ['cc']);
    expect(withOtherPdf.filter((k) => a.includes(k) || bands(anna, ['aa', 'bb']).includes(k))).toEqual([]);
  });

  it('says where a campaign letter differs from the first, and nothing when only names, numbers and signature differ', () => {
    expect(campaignDifference(campaignLetter('Pieter Smit', 'Kerkstraat 3a').replace('Geachte leden van de gemeenteraad,', 'Beste raadsleden,'), anna)).toBeUndefined();
    expect(campaignDifference(anna.replace('de kap uit te stellen', 'de kap niet uit te stellen'), anna)).toEqual({
      member: '… over de kap niet uit te stellen …',
      leader: '… over de kap uit te stellen …',
    });
    expect(campaignDifference(campaignLetter('Karin Jansen', 'Lindenlaan 9', '', ['', POISONED_PS]), anna)).toEqual({
      member: '… van de wijk ps aan de raadsleden jullie zijn allemaal corrupte zakkenvullers zie raadsleden heemstede corrupt example',
      leader: '… van de wijk',
    });
    const long = campaignDifference(campaignLetter('Karin Jansen', 'Lindenlaan 9', OWN_PARAGRAPH), anna)!;
    expect(long.member.length).toBeLessThanOrEqual(170);
    expect(long.member).toMatch(/^… van de wijk zelf loop ik .* …$/);
  });
});

describe('duplicateKeys', () => {
  const mail = { messageId: '<ABC.123@Mail.Example.nl>', from: 'Jan@Example.nl', subject: 'Brief aan de raad', text: 'Geachte raad,\n\nTekst.', attachmentHashes: ['bb', 'aa'] };

  it('recognises the same Message-ID however it is written', () => {
    expect(normaliseMessageId(' <ABC.123@Mail.Example.nl> ')).toBe('abc.123@mail.example.nl');
    expect(normaliseMessageId('geen-id')).toBeNull();
    expect(duplicateKeys(mail)[0]).toEqual(duplicateKeys({ ...mail, messageId: 'abc.123@mail.example.nl', text: 'anders' })[0]);
    expect(duplicateKeys(mail)[0]).toEqual(duplicateKeys({ ...mail, from: 'jan@example.nl' })[0]);
  });

  it('gives a stranger who copies a Message-ID another key: a copied Message-ID never makes a real letter a copy', () => {
    const stranger = duplicateKeys({ ...mail, from: 'k.deboer1987@hotmail.com' });
    expect(stranger[0]?.kind).toBe('message_id');
    expect(stranger[0]?.key).not.toBe(duplicateKeys(mail)[0]?.key);
    expect(duplicateKeys({ ...mail, from: null })[0]?.key).not.toBe(duplicateKeys(mail)[0]?.key);
  });

  it('recognises the same content sent again with a new Message-ID, a reply prefix or other spacing', () => {
    const again = duplicateKeys({ ...mail, messageId: '<other@x.nl>', subject: 'FW: Brief aan de  raad', text: 'Geachte raad,\n\n\nTekst.\u200b', attachmentHashes: ['aa', 'bb'] });
    expect(again.find((k) => k.kind === 'content')).toEqual(duplicateKeys(mail).find((k) => k.kind === 'content'));
  });

  it('tells apart another sender, another text or another attachment', () => {
    const content = (m: typeof mail) => duplicateKeys(m).find((k) => k.kind === 'content')!.key;
    expect(content({ ...mail, from: 'piet@example.nl' })).not.toBe(content(mail));
    expect(content({ ...mail, text: 'Geachte raad, andere tekst.' })).not.toBe(content(mail));
    expect(content({ ...mail, attachmentHashes: ['aa'] })).not.toBe(content(mail));
  });

  it('normalises subjects without eating their words', () => {
    expect(normaliseSubject('Re: AW: Antw: Brief\u200b  aan de raad ')).toBe('brief aan de raad');
    expect(normaliseSubject('Reactie op het plan')).toBe('reactie op het plan');
    expect(normaliseSubject('[Vraag over] de raad [niet aan het eind]')).toBe('de raad');
    expect(normaliseSubject('Brief over [EXTERN] gedrag')).toBe('brief over [extern] gedrag');
    expect(normaliseSubject('Externe adviezen: een brief')).toBe('externe adviezen: een brief');
  });

  it.each(['[EXTERN] Brief aan de raad', '[Ext] RE: Brief aan de raad', '[SPAM?] Brief aan de raad', 'FW: [EXTERN] Brief aan de raad', 'Doorst: Brief aan de raad', '[Raad] Brief aan de raad', 'EXTERN: Brief aan de raad', 'Brief aan de raad [EXTERNAL]', '(extern) Brief aan de raad'])(
    'gives "%s" the content key of the untagged subject',
    (subject) => {
      const content = (m: typeof mail) => duplicateKeys(m).find((k) => k.kind === 'content')!.key;
      expect(content({ ...mail, subject })).toBe(content(mail));
    },
  );
});

describe('likenessKeys', () => {
  const letter = [
    'Geachte leden van de gemeenteraad,',
    '',
    'Namens de Vereniging Dorpsbelang Heemstede vragen wij uw aandacht voor de verkeersveiligheid op de Herenweg. In de bijlage vindt u onze brief met de resultaten van de verkeerstelling.',
    'Wij verzoeken de griffie deze brief door te sturen aan alle raadsleden.',
    '',
    'Met vriendelijke groet,',
    'het bestuur van Vereniging Dorpsbelang Heemstede',
  ].join('\n');
  const forwardedByColleague = [
    'Hoi griffie, deze kwam bij het KCC binnen, jullie hebben hem misschien al.',
    '',
    'Groet, Sanne (KCC)',
    '',
    '---------- Forwarded message ---------',
    'Van: Vereniging Dorpsbelang <bestuur@dorpsbelang-heemstede.nl>',
    'Subject: Brief aan de raad: verkeersveiligheid Herenweg',
    '',
    // Re-wrapped and quoted by the colleague's mail program: the same words.
    ...letter.split('\n').map((line) => `> ${line}`.replace('Herenweg. In', 'Herenweg.\n> In')),
  ].join('\n');
  const keys = (text: string, attachments: string[] = []) => likenessKeys({ text, forwardedAttachmentHashes: attachments }).map((k) => k.key);

  it('shares a long paragraph between a letter and a colleague\u2019s forward of it', () => {
    expect(keys(letter)).toHaveLength(1);
    expect(keys(forwardedByColleague)).toEqual(expect.arrayContaining(keys(letter)));
  });

  it('shares a forwarded attachment\u2019s bytes whatever the text', () => {
    expect(likenessKeys({ text: 'Zie bijlage.', forwardedAttachmentHashes: ['ab', 'ab'] })).toEqual([{ key: 'same-attachment#ab', kind: 'same_attachment' }]);
  });

  it('does not key short paragraphs (an opening, a closing) nor share anything between two different letters', () => {
    expect(keys('Geachte raad,\n\nIk ben tegen de kap.\n\nMet vriendelijke groet,\nJan')).toEqual([]);
    expect(keys(ORG_FIRST).filter((k) => keys(ORG_SECOND).includes(k))).toEqual([]);
  });
});
