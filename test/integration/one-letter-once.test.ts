/**
 * One letter once, through the local stack as `npm start` runs it (SMTP intake -> ingest -> approval page -> forward):
 * a letter delivered three times and resent with a new Message-ID gives one approval mail and, approved twice over,
 * one forward; five residents' identical letter gives one approval mail; one organisation's two letters give two.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveAsGriffier } from '../../infra/local/approve-as-griffier.js';
import { randomResourceNames } from '../../infra/local/resources.js';
import { approvalLinksIn, readSesMailbox, waitForMail } from '../../infra/local/ses-mailbox.js';
import { startLocalStack, type IngestedMail, type LocalStack } from '../../infra/local/stack.js';

let stack: LocalStack;
const ingested: IngestedMail[] = [];

const send = async (raw: Buffer, from: string, to = 'griffie@heemstede.nl') => {
  const transport = createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from, to: [to] }, raw });
  } finally {
    transport.close();
  }
};

const compose = (from: string, subject: string, text: string, messageId: string) =>
  new MailComposer({ from, to: 'griffie@heemstede.nl', subject, text, messageId, date: new Date('2026-03-02T08:00:00Z') }).compile().build();

const approvalMailsAbout = async (subject: string) =>
  (await readSesMailbox(stack.endpoints.ses)).filter((m) => m.subject.includes(subject) && approvalLinksIn(m, stack.approval.url).length > 0);

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { s3: 0, dynamodb: 0, ses: 0, smtp: 0, approval: 0, lambda: 0 },
    ...randomResourceNames('once'),
    ownDomains: ['heemstede.nl'],
    onIngested: (mail) => ingested.push(mail),
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('one letter once, on the local stack', () => {
  it('gives one approval mail for a letter delivered three times and resent, and one forward when approved twice over', async () => {
    // Prepare
    const subject = 'Brief aan de raad: het oude raadhuis';
    const text = 'Geachte leden van de gemeenteraad,\n\nNamens het bestuur van de Historische Vereniging vragen wij u deze brief over het oude raadhuis door te sturen aan alle raadsleden.\n\nMet vriendelijke groet,\nHet bestuur';
    const raw = await compose('Historische Vereniging <bestuur@oud-heemstede.nl>', subject, text, '<raadhuis@oud-heemstede.nl>');
    const resent = await compose('Historische Vereniging <bestuur@oud-heemstede.nl>', subject, text, '<raadhuis-opnieuw@oud-heemstede.nl>');

    // Act
    await send(raw, 'bestuur@oud-heemstede.nl');
    await send(raw, 'bestuur@oud-heemstede.nl', 'raad@heemstede.nl');
    await send(raw, 'bestuur@oud-heemstede.nl');
    await send(resent, 'bestuur@oud-heemstede.nl');
    const mails = await approvalMailsAbout(subject);
    const link = approvalLinksIn(mails[0]!, stack.approval.url)[0]!;
    const first = await approveAsGriffier(link, '');
    const second = await approveAsGriffier(link, 'nog een keer');
    await waitForMail(stack.endpoints.ses, (all) => all.some((m) => m.subject.endsWith(subject) && /^\d+\. /.test(m.subject)));
    await stack.lambda.idle();

    // Assess
    expect(mails).toHaveLength(1);
    expect(first).toMatchObject({ post: 200 });
    expect(second.post).toBe(409);
    const forwards = (await readSesMailbox(stack.endpoints.ses)).filter((m) => m.subject.endsWith(subject) && /^\d+\. /.test(m.subject));
    expect(forwards).toHaveLength(1);
    const records = ingested.filter((m) => m.letter?.subject === subject);
    expect(records.map((m) => m.letter?.status)).toEqual(['awaiting_approval', 'duplicate', 'duplicate', 'duplicate']);
    const original = await stack.letters.get(records[0]!.messageId);
    expect(original?.copies?.map((c) => [c.recipients, c.by])).toEqual([
      [['raad@heemstede.nl'], 'message_id'],
      [['griffie@heemstede.nl'], 'message_id'],
      [['griffie@heemstede.nl'], 'content'],
    ]);
    // A copy arriving after the forward is recorded too, and not offered again.
    await send(raw, 'bestuur@oud-heemstede.nl');
    expect(ingested.at(-1)?.letter).toMatchObject({ status: 'duplicate', duplicateOf: records[0]!.messageId });
    expect(await approvalMailsAbout(subject)).toHaveLength(1);
  });

  it('gives one approval mail for five residents\u2019 identical letter, with the count on the page', async () => {
    // Prepare
    const subject = 'Red de bomen aan de Vijverlaan';
    const body = [
      'Ik schrijf u omdat ik mij grote zorgen maak over de plannen om de bomen langs de Vijverlaan te kappen voor de verbreding van de weg.',
      'Deze bomen zijn meer dan tachtig jaar oud en geven schaduw, koelte en een thuis aan vogels en vleermuizen in onze buurt.',
      'De verbreding levert volgens het eigen onderzoek van de gemeente nauwelijks tijdwinst op, terwijl de bomen nooit meer terugkomen.',
      'Ik vraag de gemeenteraad daarom het besluit over de kap uit te stellen en eerst samen met de bewoners naar andere oplossingen te kijken.',
    ].join('\n');
    const residents = ['Anna de Boer', 'Pieter Smit', 'Els Vos', 'Karim Bakker', 'Lotte Jansen'];

    // Act
    for (const [i, name] of residents.entries()) {
      const address = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@ziggo.nl`;
      await send(await compose(`${name} <${address}>`, subject, `Geachte raadsleden,\n\n${body}\n\nMet vriendelijke groet,\n${name}\nDorpsstraat ${i + 1}\n2101 AB Heemstede`, `<bomen-${i}@ziggo.nl>`), address);
    }

    // Assess
    const mails = await approvalMailsAbout(subject);
    expect(mails).toHaveLength(1);
    const records = ingested.filter((m) => m.letter?.subject === subject);
    expect(records.map((m) => m.letter?.status)).toEqual(['awaiting_approval', 'in_campaign', 'in_campaign', 'in_campaign', 'in_campaign']);
    const page = await (await fetch(approvalLinksIn(mails[0]!, stack.approval.url)[0]!)).text();
    expect(page).toMatch(/<dt>Gelijkluidend<\/dt><dd>dezelfde brief is door 5 inwoners gestuurd, van \d+ \S+ 20\d\d tot \d+ \S+ 20\d\d\./);
    expect(page).toContain('<summary>Wie deze brief ook stuurden (4)</summary>');
    expect(page).toMatch(/<li>lotte\.jansen@ziggo\.nl, ontvangen \w+ \d+ \S+ 20\d\d om \d\d:\d\d<\/li>/);
  });

  it('never counts real residents\u2019 letters with a campaign letter the griffier rejected, and shows a differing one on the page', async () => {
    // Prepare: an attacker sends the public campaign text first; the griffier rejects it.
    const subject = 'Bomen Binnenweg';
    const body = [
      'Als inwoner van Heemstede maak ik mij grote zorgen over het voorstel om de bomen langs de Binnenweg te kappen voor extra parkeerplaatsen.',
      'De bomen geven schaduw in de zomer, vangen fijnstof af en maken de winkelstraat aantrekkelijk voor bezoekers.',
      'Ik vraag u daarom het voorstel niet aan te nemen en eerst met de bewoners en ondernemers in gesprek te gaan over alternatieven, zoals een parkeerterrein aan de rand van het centrum.',
      'Het centrum is met de fiets en het openbaar vervoer goed bereikbaar, en in de garage aan de Raadhuisstraat staan op zaterdag nog honderden plaatsen leeg.',
    ].join('\n');
    const letter = (name: string, text = body) => {
      const address = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@ziggo.nl`;
      return { address, raw: compose(`${name} <${address}>`, subject, `Geachte leden van de gemeenteraad,\n\n${text}\n\nMet vriendelijke groet,\n${name}\nBinnenweg 3\n2101 AB Heemstede`, `<binnenweg-${address}>`) };
    };
    const attacker = letter('K de Boer');
    await send(await attacker.raw, attacker.address);
    const link = approvalLinksIn((await approvalMailsAbout(subject))[0]!, stack.approval.url)[0]!;
    const token = new URL(link).searchParams.get('t')!;
    const rejected = await fetch(new URL('/', link), { method: 'POST', body: new URLSearchParams({ token, decision: 'reject', confirm: 'ja', note: 'beledigend' }) });
    expect(rejected.status).toBe(200);

    // Act: three residents send it, one with a word changed.
    for (const name of ['Anna Visser', 'Pieter Smit']) {
      const { address, raw } = letter(name);
      await send(await raw, address);
    }
    const turned = letter('Fatima El Idrissi', body.replace('het voorstel niet aan te nemen', 'het voorstel wel aan te nemen'));
    await send(await turned.raw, turned.address);

    // Assess: the first real letter is offered on its own and leads; the changed one is listed as differing.
    const records = ingested.filter((m) => m.letter?.subject === subject);
    expect(records.map((m) => m.letter?.status)).toEqual(['awaiting_approval', 'awaiting_approval', 'in_campaign', 'in_campaign']);
    expect(records.slice(2).map((m) => m.letter?.campaignOf)).toEqual([records[1]!.messageId, records[1]!.messageId]);
    expect((await stack.letters.get(records[0]!.messageId))?.status).toBe('rejected');
    const mails = await approvalMailsAbout(subject);
    expect(mails).toHaveLength(2);
    const page = await (await fetch(approvalLinksIn(mails[1]!, stack.approval.url)[0]!)).text();
    expect(page).toContain('dezelfde brief is door 3 inwoners gestuurd');
    expect(page).toContain('Let op: één van die brieven wijkt iets af van deze tekst');
    expect(page).toContain('fatima.el.idrissi@ziggo.nl, ontvangen');
    expect(page).toContain('<span class="bad">Wijkt af van de tekst van deze brief: “… daarom het voorstel wel aan te nemen …” in plaats van “… daarom het voorstel niet aan te nemen …”');
  });

  it('offers a colleague\u2019s forward of a letter that came in directly, with "Lijkt op" and the first letter\u2019s number on its page', async () => {
    // Prepare: the association's letter is approved and forwarded.
    const subject = 'Brief aan de raad: verkeersveiligheid Herenweg';
    const text =
      'Geachte leden van de gemeenteraad,\n\nNamens de Vereniging Dorpsbelang Heemstede vragen wij uw aandacht voor de verkeersveiligheid op de Herenweg. In de bijlage vindt u onze brief met de resultaten van de verkeerstelling. Wij verzoeken de griffie deze brief door te sturen aan alle raadsleden.\n\nMet vriendelijke groet,\nhet bestuur van Vereniging Dorpsbelang Heemstede';
    await send(await compose('Vereniging Dorpsbelang <bestuur@dorpsbelang-heemstede.example>', subject, text, '<herenweg@dorpsbelang-heemstede.example>'), 'bestuur@dorpsbelang-heemstede.example');
    const first = approvalLinksIn((await approvalMailsAbout(subject))[0]!, stack.approval.url)[0]!;
    const approved = await approveAsGriffier(first, '');
    const number = /ingekomen stuk nr\. (\d+)/.exec(approved.status)?.[1];
    expect(number).toBeDefined();

    // Act: a KCC colleague forwards it to the griffie.
    const note = 'Hoi griffie, deze kwam bij het KCC binnen, jullie hebben hem misschien al.\n\nGroet, Sanne (KCC)';
    const forwarded = `${note}\n\n---------- Forwarded message ---------\nVan: Vereniging Dorpsbelang <bestuur@dorpsbelang-heemstede.example>\nSubject: ${subject}\nTo: <kcc@heemstede.nl>\n\n${text}`;
    await send(await compose('Sanne KCC <kcc@heemstede.nl>', `Fwd: ${subject}`, forwarded, '<kcc-herenweg@heemstede.nl>'), 'kcc@heemstede.nl');

    // Assess: offered, with a pointer to the first letter and its number.
    const mails = await approvalMailsAbout(`Fwd: ${subject}`);
    expect(mails).toHaveLength(1);
    const page = await (await fetch(approvalLinksIn(mails[0]!, stack.approval.url)[0]!)).text();
    expect(page).toContain(`<dt>Lijkt op</dt><dd class="bad">Deze brief lijkt op ingekomen stuk ${number} (`);
    expect(page).toContain('Een alinea van de tekst is precies dezelfde.');
  });

  it('gives two approval mails for two different letters of one organisation', async () => {
    const frame = (topic: string) => `Geachte raadsleden,\n\nNamens het bestuur van de Fietsersbond vragen wij uw aandacht voor ${topic}. Wij verzoeken de griffie deze brief door te sturen aan alle raadsleden.\n\nMet vriendelijke groet,\nFietsersbond Heemstede`;
    await send(await compose('Fietsersbond <bestuur@fietsersbond-heemstede.nl>', 'Brief aan de raad: fietspad Herenweg', frame('het ontbrekende fietspad op de Herenweg'), '<fb-1@fietsersbond-heemstede.nl>'), 'bestuur@fietsersbond-heemstede.nl');
    await send(await compose('Fietsersbond <bestuur@fietsersbond-heemstede.nl>', 'Brief aan de raad: stalling station', frame('de te kleine fietsenstalling bij het station'), '<fb-2@fietsersbond-heemstede.nl>'), 'bestuur@fietsersbond-heemstede.nl');
    expect(await approvalMailsAbout('Brief aan de raad: fietspad Herenweg')).toHaveLength(1);
    expect(await approvalMailsAbout('Brief aan de raad: stalling station')).toHaveLength(1);
  });
});
