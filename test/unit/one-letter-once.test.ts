/**
 * One letter once (issue 11): copies of a letter and residents' campaign letters through the real ingest use case
 * (mailparser, the classifier, the sameness rules) on in-memory ports.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { UNKNOWN_VERDICTS } from '../../shared/domain/verdicts.js';
import { allPass } from '../support/builders.js';
import { steppingClock } from '../support/fakes.js';
import { realIngest } from '../support/ingest-harness.js';

const setup = () => {
  const clock = steppingClock('2026-03-02T09:00:00.000Z');
  const { ingest: ingestMail, rawMail, letters, sender } = realIngest(clock);
  let n = 0;
  const receive = async (raw: Buffer, recipients = ['griffie@heemstede.nl']) => {
    const messageId = `ses-${++n}`;
    await rawMail.put(`inbound/${messageId}`, raw);
    clock.advance(60_000);
    return ingestMail({ messageId, objectKey: `inbound/${messageId}`, receivedAt: clock.now().toISOString(), recipients, verdicts: allPass() });
  };
  return { letters, sender, receive, clock, ingestMail, rawMail };
};

const compose = (from: string, subject: string, text: string, messageId: string) =>
  new MailComposer({ from, to: 'griffie@heemstede.nl', subject, text, messageId, date: new Date('2026-03-02T08:00:00Z') }).compile().build();

const ORG_LETTER = [
  'Geachte leden van de gemeenteraad,',
  '',
  'Namens het bestuur van de Historische Vereniging Oud-Heemstede vragen wij uw aandacht voor de toekomst van het oude raadhuis.',
  'Wij verzoeken u deze brief te betrekken bij de bespreking van de erfgoednota en hem door te sturen aan alle raadsleden.',
  '',
  'Met vriendelijke groet,',
  'namens het bestuur, J. Vermeer, secretaris',
].join('\n');

const CAMPAIGN = [
  'Ik schrijf u omdat ik mij grote zorgen maak over de plannen om de bomen langs de Vijverlaan te kappen voor de verbreding van de weg.',
  'Deze bomen zijn meer dan tachtig jaar oud en geven schaduw, koelte en een thuis aan vogels en vleermuizen in onze buurt.',
  'De verbreding levert volgens het eigen onderzoek van de gemeente nauwelijks tijdwinst op, terwijl de bomen nooit meer terugkomen.',
  'Ik vraag de gemeenteraad daarom het besluit over de kap uit te stellen en eerst samen met de bewoners naar andere oplossingen te kijken.',
].join('\n');

const resident = (name: string, street: string, extra = '') =>
  compose(
    `${name} <${name.toLowerCase().replace(/[^a-z]+/g, '.')}@ziggo.nl>`,
    'Bomen Vijverlaan',
    ['Geachte raadsleden,', '', CAMPAIGN, extra, '', 'Met vriendelijke groet,', name, street, '2101 AB Heemstede'].join('\n'),
    `<bomen-${name.replace(/\W+/g, '')}@ziggo.nl>`,
  );

describe('one letter once', () => {
  it('records a letter delivered three times, and sent again with a new Message-ID, as copies of the first: one approval mail', async () => {
    // Prepare
    const { letters, sender, receive } = setup();
    const raw = await compose('Historische Vereniging <bestuur@oud-heemstede.nl>', 'Brief aan de raad: het oude raadhuis', ORG_LETTER, '<raadhuis-1@oud-heemstede.nl>');
    const resent = await compose('Historische Vereniging <bestuur@oud-heemstede.nl>', 'Brief aan de raad: het oude raadhuis', ORG_LETTER, '<raadhuis-2@oud-heemstede.nl>');

    // Act
    const outcomes = [await receive(raw), await receive(raw, ['raad@heemstede.nl']), await receive(raw), await receive(resent)];

    // Assess
    expect(outcomes.map((o) => o.kind)).toEqual(['stored', 'copy', 'copy', 'copy']);
    expect(outcomes.slice(1).map((o) => (o.kind === 'copy' ? [o.firstId, o.by] : o.kind))).toEqual([
      ['ses-1', 'message_id'],
      ['ses-1', 'message_id'],
      ['ses-1', 'content'],
    ]);
    const first = letters.letters.get('ses-1')!;
    expect(first.status).toBe('awaiting_approval');
    expect(first.copies?.map((c) => [c.id, c.recipients, c.by])).toEqual([
      ['ses-2', ['raad@heemstede.nl'], 'message_id'],
      ['ses-3', ['griffie@heemstede.nl'], 'message_id'],
      ['ses-4', ['griffie@heemstede.nl'], 'content'],
    ]);
    expect(letters.letters.get('ses-4')).toMatchObject({ status: 'duplicate', duplicateOf: 'ses-1' });
    expect(sender.sent).toHaveLength(1);
  });

  it('makes exactly one letter of two copies that arrive at the same moment', async () => {
    const { letters, sender, receive } = setup();
    const raw = await compose('Historische Vereniging <bestuur@oud-heemstede.nl>', 'Brief aan de raad: het oude raadhuis', ORG_LETTER, '<raadhuis-1@oud-heemstede.nl>');
    const outcomes = await Promise.all([receive(raw), receive(raw), receive(raw)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['copy', 'copy', 'stored']);
    expect([...letters.letters.values()].filter((l) => l.status === 'awaiting_approval')).toHaveLength(1);
    expect(sender.sent).toHaveLength(1);
  });

  it('never offers a copy of a letter that was already forwarded', async () => {
    const { letters, sender, receive } = setup();
    const raw = await compose('Historische Vereniging <bestuur@oud-heemstede.nl>', 'Brief aan de raad: het oude raadhuis', ORG_LETTER, '<raadhuis-1@oud-heemstede.nl>');
    await receive(raw);
    letters.letters.set('ses-1', { ...letters.letters.get('ses-1')!, status: 'forwarded' });
    expect(await receive(raw)).toMatchObject({ kind: 'copy', firstId: 'ses-1' });
    expect(sender.sent).toHaveLength(1);
  });

  it('offers a content copy again after the window, but never a Message-ID copy while raw mail is kept', async () => {
    const { clock, receive } = setup();
    const raw = await compose('Historische Vereniging <bestuur@oud-heemstede.nl>', 'Brief aan de raad: het oude raadhuis', ORG_LETTER, '<raadhuis-1@oud-heemstede.nl>');
    const resent = await compose('Historische Vereniging <bestuur@oud-heemstede.nl>', 'Brief aan de raad: het oude raadhuis', ORG_LETTER, '<raadhuis-9@oud-heemstede.nl>');
    await receive(raw);
    clock.advance(31 * 86_400_000);
    expect((await receive(resent)).kind).toBe('stored');
    expect((await receive(raw)).kind).toBe('copy');
  });

  it('makes one entry of five residents\u2019 campaign letter: one approval mail, a count and a date range', async () => {
    // Prepare
    const { letters, sender, receive } = setup();
    const names = [['Anna de Boer', 'Vijverlaan 12'], ['Pieter Smit', 'Kerkstraat 3a'], ['Els Vos', 'Dreef 7'], ['Karim Bakker', 'Zandvaartkade 40'], ['Lotte Jansen', 'Lindenlaan 9']];

    // Act
    const outcomes = [];
    for (const [name, street] of names) outcomes.push(await receive(await resident(name!, street!)));

    // Assess
    expect(outcomes.map((o) => o.kind)).toEqual(['stored', 'in_campaign', 'in_campaign', 'in_campaign', 'in_campaign']);
    const first = letters.letters.get('ses-1')!;
    expect(first).toMatchObject({ status: 'awaiting_approval', category: 'citizen_letter', campaign: { count: 5, firstAt: first.receivedAt } });
    expect(first.campaign?.members.map((m) => m.from)).toEqual(['pieter.smit@ziggo.nl', 'els.vos@ziggo.nl', 'karim.bakker@ziggo.nl', 'lotte.jansen@ziggo.nl']);
    expect(letters.letters.get('ses-5')).toMatchObject({ status: 'in_campaign', campaignOf: 'ses-1' });
    expect(sender.sent).toHaveLength(1);
  });

  it('keeps a resident\u2019s substantially changed campaign letter, and one organisation\u2019s two letters, apart', async () => {
    const { letters, sender, receive } = setup();
    await receive(await resident('Anna de Boer', 'Vijverlaan 12'));
    const own = [
      'Zelf loop ik elke ochtend met mijn dochter langs die bomen naar school, en in de zomer is het de enige plek waar het koel blijft.',
      'Bij de vorige verbreding aan de Zandvaart is beloofd dat er nieuwe bomen kwamen, maar daar staat nu alleen een rij paaltjes.',
      'Ik heb daar destijds ook over ingesproken en kreeg nooit een antwoord van het college op mijn vragen over de compensatie.',
    ].join('\n');
    expect((await receive(await resident('Karin Jansen', 'Lindenlaan 9', own))).kind).toBe('stored');
    const second = ORG_LETTER.replace('de toekomst van het oude raadhuis', 'de monumentenlijst en de subsidie voor het onderhoud van de molen').replace('de erfgoednota', 'de begroting');
    expect((await receive(await compose('Historische Vereniging <bestuur@oud-heemstede.nl>', 'Brief aan de raad: het oude raadhuis', ORG_LETTER, '<a@oud-heemstede.nl>'))).kind).toBe('stored');
    expect((await receive(await compose('Historische Vereniging <bestuur@oud-heemstede.nl>', 'Brief aan de raad: de molen', second, '<b@oud-heemstede.nl>'))).kind).toBe('stored');
    expect([...letters.letters.values()].filter((l) => l.status === 'awaiting_approval')).toHaveLength(4);
    expect(sender.sent).toHaveLength(4);
  });

  it('counts campaign letters that arrive after the forward, without offering them again', async () => {
    const { letters, sender, receive } = setup();
    await receive(await resident('Anna de Boer', 'Vijverlaan 12'));
    letters.letters.set('ses-1', { ...letters.letters.get('ses-1')!, status: 'forwarded' });
    expect((await receive(await resident('Pieter Smit', 'Kerkstraat 3a'))).kind).toBe('in_campaign');
    expect(letters.letters.get('ses-1')?.campaign?.count).toBe(2);
    expect(sender.sent).toHaveLength(1);
  });

  it('recognises its own redelivery (the same SES message id) as before, without a copy record', async () => {
    const { ingestMail, rawMail } = setup();
    const raw = await compose('Historische Vereniging <bestuur@oud-heemstede.nl>', 'Brief aan de raad: het oude raadhuis', ORG_LETTER, '<raadhuis-1@oud-heemstede.nl>');
    await rawMail.put('inbound/x', raw);
    const input = { messageId: 'x', objectKey: 'inbound/x', verdicts: UNKNOWN_VERDICTS };
    expect((await ingestMail(input)).kind).toBe('stored');
    expect((await ingestMail(input)).kind).toBe('duplicate');
  });
});
