import { describe, expect, it } from 'vitest';
import {
  CAMPAIGN_SIMILARITY,
  campaignBands,
  campaignSignature,
  campaignText,
  duplicateKeys,
  normaliseMessageId,
  normaliseSubject,
  similarity,
} from '../../shared/domain/sameness.js';

// A campaign text as a website lets residents send it (made up for this test).
const CAMPAIGN_BODY = [
  'Ik schrijf u omdat ik mij grote zorgen maak over de plannen om de bomen langs de Vijverlaan te kappen voor de verbreding van de weg.',
  'Deze bomen zijn meer dan tachtig jaar oud en geven schaduw, koelte en een thuis aan vogels en vleermuizen.',
  'De verbreding levert volgens het eigen onderzoek van de gemeente nauwelijks tijdwinst op, terwijl de bomen nooit terugkomen.',
  'Ik vraag de gemeenteraad daarom het besluit over de kap uit te stellen en eerst samen met de bewoners naar andere oplossingen te kijken.',
  'Denk daarbij aan een snelheidsverlaging, een andere route voor het vrachtverkeer en betere fietspaden aan de oostkant van de wijk.',
].join('\n');

const campaignLetter = (name: string, street: string, extra = '') =>
  [`Geachte leden van de gemeenteraad,`, '', CAMPAIGN_BODY, extra, '', 'Met vriendelijke groet,', name, street, '2101 AB Heemstede', `${name.split(' ')[0]?.toLowerCase()}@ziggo.nl`, '06-12345678'].join('\n');

const sim = (a: string, b: string) => similarity(campaignSignature(a)!, campaignSignature(b)!);

describe('campaigns', () => {
  it('groups the same text sent by other residents, with their own names, addresses, salutation and signature', () => {
    const a = campaignLetter('Anna de Boer', 'Vijverlaan 12');
    const b = campaignLetter('Pieter Smit', 'Kerkstraat 3a').replace('Geachte leden van de gemeenteraad,', 'Beste raadsleden,');
    expect(sim(a, b)).toBe(1);
    expect(sim(a, campaignLetter('Els Vos', 'Dreef 7', 'Ik woon er zelf al twintig jaar.'))).toBeGreaterThanOrEqual(CAMPAIGN_SIMILARITY);
  });

  it('keeps a letter that a resident changed substantially apart (a paragraph of their own)', () => {
    const own = [
      'Zelf loop ik elke ochtend met mijn dochter langs die bomen naar school, en in de zomer is het de enige plek waar het koel blijft.',
      'Bij de vorige verbreding aan de Zandvaart is beloofd dat er nieuwe bomen kwamen, maar daar staat nu alleen een rij paaltjes.',
      'Ik heb daar destijds ook over ingesproken en kreeg nooit een antwoord van het college op mijn vragen over de compensatie.',
    ].join('\n');
    const changed = campaignLetter('Karin Jansen', 'Lindenlaan 9', own);
    const score = sim(campaignLetter('Anna de Boer', 'Vijverlaan 12'), changed);
    expect(score).toBeLessThan(CAMPAIGN_SIMILARITY);
  });

  it('never groups two different letters of one organisation, though they share the opening and the closing', () => {
    const frame = (body: string) =>
      ['Geachte leden van de gemeenteraad,', '', 'Namens het bestuur van de Fietsersbond afdeling Heemstede vragen wij uw aandacht voor het volgende.', body, 'Wij zijn graag bereid dit toe te lichten.', '', 'Met vriendelijke groet,', 'Fietsersbond Heemstede'].join('\n');
    const first = frame(
      'Op de Herenweg ontbreekt tussen de Lanckhorstlaan en het station een veilig fietspad. Fietsers rijden daar tussen geparkeerde auto’s en bussen. Wij vragen u bij de herinrichting in 2027 een vrijliggend fietspad aan beide kanten op te nemen, met voorrang op de zijstraten.',
    );
    const second = frame(
      'De fietsenstalling bij het station is te klein: op werkdagen staan er honderden fietsen op de stoep en in de berm. Wij vragen u budget vrij te maken voor een bewaakte stalling met zeshonderd plaatsen en oplaadpunten voor elektrische fietsen.',
    );
    expect(sim(first, second)).toBeLessThan(0.3);
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
    expect(sim(one, two)).toBeLessThan(0.2);
  });

  it('does not compare texts that are too short to be a campaign', () => {
    expect(campaignSignature('Geachte raad,\nIk ben tegen de kap.\nGroet, Jan')).toBeUndefined();
  });

  it('cleans the parts that differ per resident: salutation, signature, quoted lines, addresses, numbers', () => {
    expect(campaignText('Geachte raad,\nDe bomen aan nr. 12 moeten blijven, mail jan@x.nl of 06-12345678.\n> oud citaat\nMet vriendelijke groet,\nJan\nLaan 1')).toBe(
      'de bomen aan nr moeten blijven mail of',
    );
  });

  it('puts letters that share a text in the same bands', () => {
    const a = campaignBands(campaignSignature(campaignLetter('Anna de Boer', 'Vijverlaan 12'))!);
    const b = campaignBands(campaignSignature(campaignLetter('Pieter Smit', 'Kerkstraat 3'))!);
    expect(a).toHaveLength(16);
    expect(a.map((k) => k.key)).toEqual(b.map((k) => k.key));
    expect(new Set(a.map((k) => k.key)).size).toBe(16);
  });
});

describe('duplicateKeys', () => {
  const mail = { messageId: '<ABC.123@Mail.Example.nl>', from: 'Jan@Example.nl', subject: 'Brief aan de raad', text: 'Geachte raad,\n\nTekst.', attachmentHashes: ['bb', 'aa'] };

  it('recognises the same Message-ID however it is written', () => {
    expect(normaliseMessageId(' <ABC.123@Mail.Example.nl> ')).toBe('abc.123@mail.example.nl');
    expect(normaliseMessageId('geen-id')).toBeNull();
    expect(duplicateKeys(mail)[0]).toEqual(duplicateKeys({ ...mail, messageId: 'abc.123@mail.example.nl', text: 'anders' })[0]);
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
  });
});
