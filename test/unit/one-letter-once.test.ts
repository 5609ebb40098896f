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
import { makePdf } from '../support/pdf.js';
import { CAMPAIGN_MEMBERS_SHOWN } from '../../shared/domain/letter.js';

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

const compose = (from: string, subject: string, text: string, messageId: string, attachments: readonly { filename: string; content: Uint8Array }[] = []) =>
  new MailComposer({
    from,
    to: 'griffie@heemstede.nl',
    subject,
    text,
    messageId,
    date: new Date('2026-03-02T08:00:00Z'),
    attachments: attachments.map(({ filename, content }) => ({ filename, content: Buffer.from(content), contentType: 'application/pdf' })),
  })
    .compile()
    .build();

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

const addressOf = (name: string) => `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@ziggo.nl`;

/** A resident's campaign letter: `extra` in the text, `below` under the signature, `text` to change the campaign's. */
const resident = (name: string, street: string, extra = '', { below = [], text = CAMPAIGN, attachments = [] }: { below?: readonly string[]; text?: string; attachments?: readonly { filename: string; content: Uint8Array }[] } = {}) =>
  compose(
    `${name} <${addressOf(name)}>`,
    'Bomen Vijverlaan',
    ['Geachte raadsleden,', '', text, extra, '', 'Met vriendelijke groet,', name, street, '2101 AB Heemstede', ...below].join('\n'),
    `<bomen-${name.replace(/\W+/g, '')}@ziggo.nl>`,
    attachments,
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

describe('one letter once, against an attacker', () => {
  const rejected = { kind: 'rejected' as const, by: 'griffier@heemstede.nl', at: '2026-03-02T10:00:00.000Z', note: 'beledigend' };

  it.each([
    ['rejected', false],
    ['filed', false],
    ['quarantined', false],
    ['approved', true],
    ['forwarding', true],
    ['forwarded', true],
    ['forward_failed', true],
  ] as const)('lets a campaign letter join a first letter that is %s: %s', async (status, joins) => {
    const { letters, receive } = setup();
    await receive(await resident('K. de Boer', 'Binnenweg 10'));
    letters.letters.set('ses-1', { ...letters.letters.get('ses-1')!, status, ...(status === 'rejected' && { decision: rejected }) });
    const second = await receive(await resident('Pieter Smit', 'Kerkstraat 3a'));
    expect(second.kind).toBe(joins ? 'in_campaign' : 'stored');
    expect(letters.letters.get('ses-1')?.campaign?.count).toBe(joins ? 2 : 1);
  });

  it('never counts residents\u2019 letters with the campaign letter the griffier rejected: the next one stands alone and leads', async () => {
    // Prepare: an attacker sends the public campaign text first, and the griffier rejects it.
    const { letters, sender, receive } = setup();
    await receive(await resident('K. de Boer', 'Binnenweg 10'));
    letters.letters.set('ses-1', { ...letters.letters.get('ses-1')!, status: 'rejected', decision: rejected });

    // Act: three real residents send the campaign text.
    const outcomes = [];
    for (const [name, street] of [['Anna Visser', 'Dreef 1'], ['Pieter Smit', 'Kerkstraat 3a'], ['Fatima El Idrissi', 'Raadhuisstraat 8']]) {
      outcomes.push(await receive(await resident(name!, street!)));
    }

    // Assess: the first real one is offered on its own and leads the campaign; the griffier gets its approval mail.
    expect(outcomes.map((o) => o.kind)).toEqual(['stored', 'in_campaign', 'in_campaign']);
    expect(outcomes.slice(1).map((o) => o.kind === 'in_campaign' && o.firstId)).toEqual(['ses-2', 'ses-2']);
    expect(letters.letters.get('ses-1')).toMatchObject({ status: 'rejected', campaign: { count: 1 } });
    expect(letters.letters.get('ses-2')).toMatchObject({ status: 'awaiting_approval', campaign: { count: 3 } });
    expect(sender.sent).toHaveLength(2);
  });

  it('lets the letter stand alone when the first letter is rejected between reading it and joining it', async () => {
    const { letters, receive } = setup();
    await receive(await resident('K. de Boer', 'Binnenweg 10'));
    // The griffier's decision lands just before the campaign letter's link is written.
    const link = letters.createLinked.bind(letters);
    letters.createLinked = async (letter, to) => {
      if (to.firstId === 'ses-1') letters.letters.set('ses-1', { ...letters.letters.get('ses-1')!, status: 'rejected', decision: rejected });
      return link(letter, to);
    };
    expect(await receive(await resident('Pieter Smit', 'Kerkstraat 3a'))).toMatchObject({ kind: 'stored', status: 'awaiting_approval' });
    expect(letters.letters.get('ses-1')?.campaign?.count).toBe(1);
    expect(await receive(await resident('Els Vos', 'Dreef 7'))).toMatchObject({ kind: 'in_campaign', firstId: 'ses-2' });
  });

  it('never counts a letter with other forwarded attachments in a campaign: each resident\u2019s own PDF is their own letter', async () => {
    const { letters, sender, receive } = setup();
    const pdf = (text: string) => makePdf([[text]]);
    const form = (name: string, street: string, content: Uint8Array) => resident(name, street, '', { attachments: [{ filename: `Zienswijze ${name}.pdf`, content }] });
    const against = await pdf('Zienswijze: ik ben tegen het kappen van de bomen langs de Vijverlaan.');
    const outcomes = [
      await receive(await form('Henk de Wit', 'Dreef 2', against)),
      await receive(await form('Sara Koster', 'Dreef 4', await pdf('Zienswijze: ik steun het kappen; de parkeerdruk in mijn straat is onhoudbaar.'))),
      await receive(await form('Ahmed Yilmaz', 'Dreef 6', await pdf('Zienswijze: zonder parkeerplaats voor de deur kan mijn zoon niet naar school.'))),
      await receive(await form('Lotte Jansen', 'Dreef 8', against)),
      await receive(await resident('Karim Bakker', 'Dreef 10')),
    ];
    // The same PDF (the same bytes) under the same text is one campaign; another PDF, or none, is another letter.
    expect(outcomes.map((o) => o.kind)).toEqual(['stored', 'stored', 'stored', 'in_campaign', 'stored']);
    expect(outcomes[3]).toMatchObject({ firstId: 'ses-1' });
    expect(sender.sent).toHaveLength(4);
    expect(letters.letters.get('ses-2')?.similarTo).toMatchObject({ id: 'ses-1', because: 'same_text' });
  });

  it('keeps a campaign letter with a paragraph or a PS of the resident\u2019s own under the signature apart', async () => {
    const { letters, receive } = setup();
    await receive(await resident('Anna de Boer', 'Vijverlaan 12'));
    const own = [
      '',
      'Zelf loop ik elke ochtend met mijn dochter langs die bomen naar school, en in de zomer is het de enige plek waar het koel blijft.',
      'Bij de vorige verbreding aan de Zandvaart is beloofd dat er nieuwe bomen kwamen, maar daar staat nu alleen een rij paaltjes.',
    ];
    expect((await receive(await resident('Karin Jansen', 'Lindenlaan 9', '', { below: own }))).kind).toBe('stored');
    expect((await receive(await resident('K. de Boer', 'Binnenweg 10', '', { below: ['', 'PS aan de raadsleden: jullie zijn allemaal corrupte zakkenvullers. Zie https://raadsleden-corrupt.example'] }))).kind).toBe(
      'stored',
    );
    // Both are offered on their own, marked as like the campaign's first letter (a paragraph is the same).
    expect(letters.letters.get('ses-2')).toMatchObject({ status: 'awaiting_approval', similarTo: { id: 'ses-1', because: 'same_text' } });
    expect(letters.letters.get('ses-3')).toMatchObject({ status: 'awaiting_approval', similarTo: { id: 'ses-1', because: 'same_text' } });
  });

  it('marks a campaign letter whose text differs from the first letter\u2019s, and says where', async () => {
    const { letters, receive } = setup();
    await receive(await resident('Anna de Boer', 'Vijverlaan 12'));
    await receive(await resident('Pieter Smit', 'Kerkstraat 3a'));
    const turned = CAMPAIGN.replace('het besluit over de kap uit te stellen', 'het besluit over de kap niet uit te stellen');
    expect((await receive(await resident('Els Vos', 'Dreef 7', '', { text: turned }))).kind).toBe('in_campaign');
    expect(letters.letters.get('ses-1')?.campaign?.members).toEqual([
      expect.objectContaining({ id: 'ses-2', from: 'pieter.smit@ziggo.nl', differs: false }),
      { id: 'ses-3', receivedAt: letters.letters.get('ses-3')!.receivedAt, from: 'els.vos@ziggo.nl', differs: true, difference: { member: '… over de kap niet uit te stellen …', leader: '… over de kap uit te stellen …' } },
    ]);
    expect(letters.letters.get('ses-1')?.campaign?.members[0]?.difference).toBeUndefined();
  });

  it('lists only the letters the page lists on the first letter, and counts the rest and those that differ', async () => {
    const { letters, receive } = setup();
    await receive(await resident('Anna de Boer', 'Vijverlaan 12'));
    const first = letters.letters.get('ses-1')!;
    const listed = Array.from({ length: CAMPAIGN_MEMBERS_SHOWN }, (_, i) => ({ id: `m-${i}`, receivedAt: first.receivedAt, from: `m${i}@ziggo.nl`, differs: false }));
    letters.letters.set('ses-1', { ...first, campaign: { ...first.campaign!, count: 1 + listed.length, members: listed } });
    const turned = CAMPAIGN.replace('het besluit over de kap uit te stellen', 'het besluit over de kap niet uit te stellen');
    expect((await receive(await resident('Els Vos', 'Dreef 7', '', { text: turned }))).kind).toBe('in_campaign');
    expect(letters.letters.get('ses-1')?.campaign).toMatchObject({ count: 2 + CAMPAIGN_MEMBERS_SHOWN, differing: 1, members: listed });
    // Its own record links it to the campaign: that is how its acknowledgement finds it.
    expect(letters.letters.get('ses-2')).toMatchObject({ status: 'in_campaign', campaignOf: 'ses-1' });
  });

  it('never makes a letter a copy of a stranger\u2019s who copied its Message-ID', async () => {
    const { letters, sender, receive } = setup();
    const mid = '<zienswijze-2026-17@ziggo.nl>';
    await receive(await compose('Website Wijkraad <noreply@wijkraad-oude-dorp.example>', 'Bericht via contactformulier: bankje Schoolstraat', 'Via het contactformulier:\nNaam: Jan\nBericht: Geachte raad, het bankje is kapot. Graag doorsturen aan de raadsleden.', mid));
    const real = await compose('Marieke Jansen <m.jansen@ziggo.nl>', 'Zienswijze bestemmingsplan Schoolstraat 2', ORG_LETTER, mid);
    expect(await receive(real)).toMatchObject({ kind: 'stored', status: 'awaiting_approval' });
    expect(letters.letters.get('ses-2')?.similarTo).toBeUndefined();
    // Her own second delivery is still a copy of her letter.
    expect(await receive(real)).toMatchObject({ kind: 'copy', firstId: 'ses-2', by: 'message_id' });
    expect(sender.sent).toHaveLength(2);
  });

  it('offers a letter that reuses its sender\u2019s Message-ID with other content (a web form), marked as like the first', async () => {
    const { letters, receive } = setup();
    const mid = '<contactformulier@wijkraad-oude-dorp.example>';
    const form = (text: string) => compose('Website Wijkraad <noreply@wijkraad-oude-dorp.example>', 'Bericht via contactformulier', `Via het contactformulier:\n${text}\nGraag doorsturen aan alle raadsleden.`, mid);
    await receive(await form('Naam: Jan\nBericht: Geachte raad, het bankje in de Schoolstraat is kapot.'));
    const second = await form('Naam: Marieke\nBericht: Geachte raad, de lantaarnpaal op het Wilhelminaplein brandt al weken niet.');
    const outcome = await receive(second);
    expect(outcome.kind).toBe('stored');
    expect(letters.letters.get('ses-2')?.similarTo).toMatchObject({ id: 'ses-1', because: 'same_message_id', earlier: { from: 'noreply@wijkraad-oude-dorp.example' } });
    // Its own redelivery is a copy of it, not of the first.
    expect(await receive(second)).toMatchObject({ kind: 'copy', firstId: 'ses-2', by: 'content' });
  });

  it.each(['[EXTERN] Brief aan de raad: het oude raadhuis', '[Raad] Brief aan de raad: het oude raadhuis', '[SPAM?] FW: Brief aan de raad: het oude raadhuis'])(
    'knows the same letter under "%s" as a copy',
    async (subject) => {
      const { receive } = setup();
      await receive(await compose('Historische Vereniging <bestuur@oud-heemstede.nl>', 'Brief aan de raad: het oude raadhuis', ORG_LETTER, '<raadhuis-1@oud-heemstede.nl>'));
      expect(await receive(await compose('Historische Vereniging <bestuur@oud-heemstede.nl>', subject, ORG_LETTER, '<raadhuis-2@oud-heemstede.nl>'))).toMatchObject({ kind: 'copy', firstId: 'ses-1', by: 'content' });
    },
  );

  it('offers a colleague\u2019s forward of a letter that came in directly, marked as like that letter with its number', async () => {
    // Prepare: the association's letter came in, was approved and numbered.
    const { letters, sender, receive } = setup();
    const pdf = await makePdf([['Vereniging Dorpsbelang Heemstede', 'Brief over de verkeersveiligheid op de Herenweg']]);
    const text = [
      'Geachte leden van de gemeenteraad,',
      '',
      'Namens de Vereniging Dorpsbelang Heemstede vragen wij uw aandacht voor de verkeersveiligheid op de Herenweg. In de bijlage vindt u onze brief met de resultaten van de verkeerstelling. Wij verzoeken de griffie deze brief door te sturen aan alle raadsleden.',
      '',
      'Met vriendelijke groet,',
      'het bestuur van Vereniging Dorpsbelang Heemstede',
    ].join('\n');
    const subject = 'Brief aan de raad: verkeersveiligheid Herenweg';
    await receive(await compose('Vereniging Dorpsbelang <bestuur@dorpsbelang-heemstede.example>', subject, text, '<herenweg@dorpsbelang-heemstede.example>', [{ filename: 'Brief verkeersveiligheid Herenweg.pdf', content: pdf }]));
    const number = { year: 2026, sequence: 12, label: '12' };
    letters.letters.set('ses-1', { ...letters.letters.get('ses-1')!, status: 'forwarded', registerNumber: number });
    const forward = (attachments: { filename: string; content: Uint8Array }[]) =>
      compose(
        'Sanne KCC <kcc@heemstede.nl>',
        `Fwd: ${subject}`,
        `Hoi griffie, deze kwam bij het KCC binnen, jullie hebben hem misschien al.\n\nGroet, Sanne (KCC)\n\n---------- Forwarded message ---------\nVan: Vereniging Dorpsbelang <bestuur@dorpsbelang-heemstede.example>\nSubject: ${subject}\nTo: <kcc@heemstede.nl>\n\n${text}`,
        `<kcc-${attachments.length}@heemstede.nl>`,
        attachments,
      );

    // Act
    const withPdf = await receive(await forward([{ filename: 'Brief verkeersveiligheid Herenweg.pdf', content: pdf }]));
    const textOnly = await receive(await forward([]));

    // Assess: both are offered (the griffier decides), each pointing at the letter that came in first.
    expect([withPdf, textOnly]).toMatchObject([{ kind: 'stored', status: 'awaiting_approval' }, { kind: 'stored', status: 'awaiting_approval' }]);
    const earlier = { from: 'bestuur@dorpsbelang-heemstede.example', subject, receivedAt: letters.letters.get('ses-1')!.receivedAt, registerNumber: number };
    expect(letters.letters.get('ses-2')?.similarTo).toEqual({ id: 'ses-1', because: 'same_attachment', earlier });
    expect(letters.letters.get('ses-3')?.similarTo).toEqual({ id: 'ses-1', because: 'same_text', earlier });
    expect(letters.letters.get('ses-1')?.similarTo).toBeUndefined();
    expect(sender.sent).toHaveLength(3);
  });
});
