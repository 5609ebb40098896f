/**
 * The griffie's register on the local stack with the real handlers, emulators and CLI wiring: a resident's letter is
 * approved with an afdoeningsvoorstel and forwarded; the resident gets one acknowledgement naming the number; the lijst
 * ingekomen stukken lists it (and not the filed newsletter), openly without the resident's name; the daily overview
 * lists the newsletter with a link whose GET changes nothing and whose "Voorleggen aan de raad" makes a new approval
 * mail; the correction is exported for `raadspost score`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomResourceNames } from '../../infra/local/resources.js';
import { approvalLinksIn, readSesMailbox, waitForMail, type StoredMail } from '../../infra/local/ses-mailbox.js';
import { startLocalStack, type IngestedMail, type LocalStack } from '../../infra/local/stack.js';
import { listFile } from '../../shared/adapters/register-list-files.js';
import type { CliIo } from '../../shared/cli/io.js';
import { correctionsCommand, listDepsFromEnv, overviewFromEnv } from '../../shared/cli/register-commands.js';
import { parseLabels } from '../../shared/cli/score-command.js';
import { monthOf } from '../../shared/domain/register-list.js';

let stack: LocalStack;
const ingested: IngestedMail[] = [];
let work: string;

const RESIDENT = 'marloes.dekker@example.nl';

/** A resident's letter to the council and a newsletter, written for this test. */
const compose = (options: ConstructorParameters<typeof MailComposer>[0]) => new MailComposer(options).compile().build();
const citizenLetter = () =>
  compose({
    from: `Marloes Dekker <${RESIDENT}>`,
    to: 'griffie@heemstede.nl',
    subject: 'Brief van Marloes Dekker aan de gemeenteraad: oversteekplaats Kerklaan',
    messageId: `<kerklaan-${Date.now()}@example.nl>`,
    text:
      'Geachte leden van de gemeenteraad,\n\nAls bewoner van de Kerklaan maak ik mij zorgen over de oversteekplaats bij de basisschool. Elke ochtend steken ' +
      "tientallen kinderen over terwijl auto's te hard rijden. Ik vraag de raad om het college te verzoeken hier een zebrapad aan te leggen.\n\n" +
      'Wilt u deze brief aan alle raadsleden doorsturen?\n\nMet vriendelijke groet,\n\nMarloes Dekker\nKerklaan 12\n2101 AB Heemstede\n',
  });
const newsletter = () =>
  compose({
    from: 'Nieuwsbrief Cultuurhuis <nieuws@cultuurhuis.example>',
    to: 'griffie@heemstede.nl',
    subject: 'Nieuwsbrief februari: voorstellingen en workshops',
    messageId: `<nb-${Date.now()}@cultuurhuis.example>`,
    headers: { 'List-Unsubscribe': '<https://cultuurhuis.example/afmelden?u=9>', 'List-Id': 'nieuws.cultuurhuis.example', Precedence: 'bulk' },
    text: 'Beste lezer,\n\nIn februari staan er weer mooie voorstellingen op het programma. Bekijk de agenda op onze website.\n\nAfmelden voor deze nieuwsbrief? Klik hier.\n',
  });

const send = async (raw: Buffer, from: string) => {
  const transport = createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from, to: ['griffie@heemstede.nl'] }, raw });
  } finally {
    transport.close();
  }
};

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { out: async (t) => void out.push(t), err: (t) => void err.push(t) };
  return { cli, out, err };
};

/** Posts a form to a page the way its own button does (same origin). */
const postForm = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: 'POST', body: new URLSearchParams(fields), headers: { origin: new URL(url).origin } });

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'raadspost-register-'));
  stack = await startLocalStack({
    ports: { s3: 0, dynamodb: 0, ses: 0, smtp: 0, approval: 0, register: 0, lambda: 0 },
    ...randomResourceNames('register'),
    ownDomains: ['heemstede.nl'],
    onIngested: (mail) => ingested.push(mail),
  });
});

afterAll(async () => {
  await stack?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('the register on the local stack', () => {
  let letterId = '';
  let newsletterId = '';
  let number = '';

  it('forwards an approved resident\'s letter with the chosen afdoeningsvoorstel, and acknowledges it to the resident once', async () => {
    // Prepare
    await send(await citizenLetter(), RESIDENT);
    await send(await newsletter(), 'nieuws@cultuurhuis.example');
    const letter = ingested.find((m) => m.letter?.category === 'citizen_letter')!;
    newsletterId = ingested.find((m) => m.letter?.category === 'newsletter')!.messageId;
    letterId = letter.messageId;
    const link = letter.approvalLinks[0]!;

    // Act: the page offers the choice; the griffier picks "betrekken bij agendapunt …" and fills it in.
    const page = await (await fetch(link)).text();
    expect(page).toContain('betrekken bij agendapunt …');
    const decided = await postForm(new URL('/', link).toString(), {
      token: new URL(link).searchParams.get('t')!,
      decision: 'approve',
      note: '',
      handling: '3',
      handling_detail_3: '6. Verkeersveiligheid',
    });
    expect(decided.status).toBe(200);
    await stack.lambda.idle();

    // Assess
    const stored = await stack.letters.get(letterId);
    expect(stored).toMatchObject({ status: 'forwarded', decision: { handling: 'betrekken bij agendapunt 6. Verkeersveiligheid' } });
    number = stored!.registerNumber!.label;
    const mails = await waitForMail(stack.endpoints.ses, (all) => all.some((m) => m.subject.startsWith('Ontvangstbevestiging')));
    const forward = mails.find((m) => m.subject.startsWith(`${number}. `))!;
    expect(forward.body.text).toContain('Voorgestelde afhandeling: betrekken bij agendapunt 6. Verkeersveiligheid');
    const acknowledgements = mails.filter((m) => m.subject.startsWith('Ontvangstbevestiging'));
    expect(acknowledgements).toHaveLength(1);
    expect(acknowledgements[0]!.destination.to).toEqual([RESIDENT]);
    expect(acknowledgements[0]!.from).toContain('griffie@heemstede.nl');
    expect(acknowledgements[0]!.subject).toBe(`Ontvangstbevestiging: uw brief aan de gemeenteraad (ingekomen stuk nr. ${number})`);
    expect(acknowledgements[0]!.body.text).toContain(`geregistreerd als ingekomen stuk nr. ${number}`);
    expect(acknowledgements[0]!.body.text).toContain(`Kenmerk Raadspost: ${letterId}`);
    expect((await stack.letters.listAcknowledgements(letterId)).items).toEqual([{ key: RESIDENT, record: expect.objectContaining({ state: 'sent' }) }]);
    expect((await stack.letters.get(letterId))?.acknowledged).toMatchObject({ letters: 1 });
  });

  it('lists the letter with its number on the lijst ingekomen stukken, not the newsletter; openly without the resident\'s name', async () => {
    // Act: what `raadspost lijst --local` runs, against this stack's environment.
    const { makeList, clock } = listDepsFromEnv(process.env);
    const period = monthOf(clock.now());
    const list = await makeList({ period, public: false });
    const open = await makeList({ period, public: true });
    const csv = Buffer.from((await listFile(list, 'csv')).content).toString('utf8');
    const openCsv = Buffer.from((await listFile(open, 'csv')).content).toString('utf8');

    // Assess
    expect(csv).toContain(`${number};`);
    expect(csv).toContain(`Marloes Dekker <${RESIDENT}>`);
    expect(csv).toContain('betrekken bij agendapunt 6. Verkeersveiligheid');
    expect(csv).not.toContain('Cultuurhuis');
    expect(openCsv).toContain(`${number};`);
    expect(openCsv).toContain(';inwoner;');
    expect(openCsv).toContain('Brief van [naam] aan de gemeenteraad: oversteekplaats Kerklaan');
    expect(openCsv).not.toMatch(/Marloes|Dekker|marloes|example\.nl|Kerklaan 12/);
    expect(Buffer.from((await listFile(open, 'docx')).content.subarray(0, 2)).toString('latin1')).toBe('PK');
  });

  it('mails the griffier an overview listing the newsletter with a link that changes nothing when opened', async () => {
    // Act: what `raadspost overzicht --local` runs.
    const report = await overviewFromEnv(process.env)();

    // Assess
    expect(report).toMatchObject({ filed: 1, mailed: 1 });
    const overview = (await readSesMailbox(stack.endpoints.ses)).find((m) => m.subject.startsWith('Raadspost-overzicht'))!;
    expect(overview.destination.to).toEqual(['griffier@heemstede.nl']);
    expect(overview.body.text).toContain('Onderwerp: Nieuwsbrief februari: voorstellingen en workshops');
    const link = linkIn(overview, `${stack.register.url}bericht`);
    const before = await stack.letters.get(newsletterId);
    const get = await fetch(link);
    const head = await fetch(link, { method: 'HEAD' });
    expect([get.status, head.status]).toEqual([200, 200]);
    expect(await get.text()).toContain('Voorleggen aan de raad');
    expect(await stack.letters.get(newsletterId)).toEqual(before);
    // The list link of the overview opens this month's list.
    const listPage = await fetch(linkIn(overview, `${stack.register.url}lijst`));
    expect(await listPage.text()).toContain(`<th scope="row">${number}</th>`);
  });

  it('puts the newsletter before the council from that link: a new approval mail for it, the correction exported for score', async () => {
    // Prepare
    const overview = (await readSesMailbox(stack.endpoints.ses)).find((m) => m.subject.startsWith('Raadspost-overzicht'))!;
    const link = linkIn(overview, `${stack.register.url}bericht`);

    // Act
    const res = await postForm(new URL('/bericht', link).toString(), { token: new URL(link).searchParams.get('t')!, action: 'voorleggen', afzender: 'organisatie' });

    // Assess
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Voorgelegd aan de raad door griffier@heemstede.nl');
    expect(await stack.letters.get(newsletterId)).toMatchObject({ status: 'awaiting_approval', category: 'advocacy_letter', correction: { original: { category: 'newsletter' } } });
    const mails = await readSesMailbox(stack.endpoints.ses);
    const approval = mails.filter((m) => m.subject.startsWith('Nieuwe brief voor de raad') && m.subject.endsWith('Nieuwsbrief februari: voorstellingen en workshops'));
    expect(approval).toHaveLength(1);
    expect(approvalLinksIn(approval[0]!, stack.approval.url)).toHaveLength(1);

    // `raadspost correcties --out DIR` against this stack's environment.
    const out = path.join(work, 'correcties');
    const run = io();
    expect(await correctionsCommand(() => process.env).run(['--out', out], run.cli)).toBe(0);
    expect(parseLabels(await readFile(path.join(out, 'labels.jsonl'), 'utf8'), 'labels.jsonl')).toEqual([{ file: `${newsletterId}.eml`, category: 'advocacy_letter' }]);
    expect(await readFile(path.join(out, `${newsletterId}.eml`), 'latin1')).toContain('Subject: Nieuwsbrief februari');
  });
});

/** The first link in a mail's text that starts with `prefix`. */
const linkIn = (mail: StoredMail, prefix: string): string => {
  const link = (mail.body.text ?? '').match(/https?:\/\/[^\s<>"]+/g)?.find((l) => l.startsWith(prefix));
  if (!link) throw new Error(`no link to ${prefix} in "${mail.subject}"`);
  return link;
};
