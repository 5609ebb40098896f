/**
 * The griffie's register in a real browser (Debian's chromium, driven by playwright-core) against the local stack: the
 * afdoeningsvoorstel on the approval page, the daily overview mail as a mail client shows it, the page of a filed
 * message and its "Voorleggen aan de raad", and the lijst ingekomen stukken as a page (printed to PDF too). Every page
 * is checked against WCAG 2.1 AA with axe-core and runs no script.
 *
 * Screenshots go to /tmp/raadspost-register-*.png (and the printed list to /tmp/raadspost-register-list.pdf).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { createTransport } from 'nodemailer';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomResourceNames } from '../../infra/local/resources.js';
import { readSesMailbox, waitForMail, type StoredMail } from '../../infra/local/ses-mailbox.js';
import { startLocalStack, type IngestedMail, type LocalStack } from '../../infra/local/stack.js';
import { overviewFromEnv } from '../../shared/cli/register-commands.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`\n  NOTE: the register browser test is SKIPPED: ${CHROMIUM} is absent (apt-get install chromium).\n`);

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0/2.1 A and AA violations on the page, as "rule: target" lines (empty when it passes). */
async function wcagViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate<{ id: string; help: string; nodes: { target: string[] }[] }[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  return violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const compose = (options: ConstructorParameters<typeof MailComposer>[0]) => new MailComposer(options).compile().build();

describe.skipIf(!hasChromium)('the register in a real browser', () => {
  let stack: LocalStack;
  let browser: Browser;
  let desktop: BrowserContext;
  let audit: BrowserContext;
  const ingested: IngestedMail[] = [];
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (m) => problems.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  };
  let overview: StoredMail;

  beforeAll(async () => {
    stack = await startLocalStack({
      ports: { s3: 0, dynamodb: 0, ses: 0, smtp: 0, approval: 0, register: 0, lambda: 0 },
      ...randomResourceNames('browser-register'),
      ownDomains: ['heemstede.nl'],
      onIngested: (mail) => ingested.push(mail),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
    audit = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', bypassCSP: true });
    const transport = createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({
        envelope: { from: 'joost.vanleeuwen@example.nl', to: ['griffie@heemstede.nl'] },
        raw: await compose({
          from: 'Joost van Leeuwen <joost.vanleeuwen@example.nl>',
          to: 'griffie@heemstede.nl',
          subject: 'Brief aan de raad: geluidsoverlast evenemententerrein',
          text:
            'Geachte raadsleden,\n\nAls omwonende van het evenemententerrein vraag ik uw aandacht voor de geluidsoverlast in de zomer. Ik verzoek de raad de ' +
            'eindtijden te bespreken en deze brief aan alle raadsleden door te sturen.\n\nMet vriendelijke groet,\nJoost van Leeuwen\nParklaan 3\nHeemstede\n',
        }),
      });
      await transport.sendMail({
        envelope: { from: 'info@sportbond.example', to: ['griffie@heemstede.nl'] },
        raw: await compose({
          from: 'Sportbond Zuid-Kennemerland <info@sportbond.example>',
          to: 'griffie@heemstede.nl',
          subject: 'Uitnodiging: opening sporthal De Ruif op 14 maart',
          text: 'Geachte heer, mevrouw,\n\nGraag nodigen wij u uit voor de feestelijke opening van sporthal De Ruif op zaterdag 14 maart om 14.00 uur. Aanmelden kan via onze website.\n\nMet sportieve groet,\nSportbond Zuid-Kennemerland\n',
        }),
      });
    } finally {
      transport.close();
    }
  });

  afterAll(async () => {
    await audit?.close();
    await browser?.close();
    await stack?.stop();
  });

  it('lets the griffier choose the afdoeningsvoorstel on the approval page, and forwards with it', async () => {
    // Prepare
    const letter = ingested.find((m) => m.letter?.category === 'citizen_letter')!;
    const page = await desktop.newPage();
    watch(page);
    await page.goto(letter.approvalLinks[0]!);

    // Act
    await page.getByLabel('agenderen voor de commissie …', { exact: true }).check();
    await page.getByLabel('Vul aan bij “agenderen voor de commissie …”').fill('Samenleving');
    await page.locator('form', { has: page.locator('#besluit') }).screenshot({ path: '/tmp/raadspost-register-1-afdoeningsvoorstel.png' });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Goedkeuren en doorsturen', exact: true }).click()]);
    await stack.lambda.idle();

    // Assess
    expect(await page.getByRole('status').innerText()).toMatch(/ingekomen stuk nr\. \d+/);
    const stored = await stack.letters.get(letter.messageId);
    expect(stored?.decision?.handling).toBe('agenderen voor de commissie Samenleving');
    await waitForMail(stack.endpoints.ses, (all) => all.some((m) => m.subject.startsWith('Ontvangstbevestiging')));
    await page.close();
  });

  it('shows the daily overview mail with a link per filed message', async () => {
    // Act
    await overviewFromEnv(process.env)();
    overview = (await readSesMailbox(stack.endpoints.ses)).find((m) => m.subject.startsWith('Raadspost-overzicht'))!;
    const view = await desktop.newPage();
    await view.setContent(overview.body.html ?? '');

    // Assess
    expect(await view.getByRole('link').allInnerTexts()).toEqual(['Bekijken', expect.stringMatching(/^Lijst ingekomen stukken, /)]);
    expect(await view.locator('body').innerText()).toContain('Uitnodiging: opening sporthal De Ruif op 14 maart');
    await view.screenshot({ path: '/tmp/raadspost-register-2-overview-mail.png', fullPage: true });
    await view.close();
  });

  it('opens a filed message from the overview without changing it, and puts it before the council with its button', async () => {
    // Prepare
    const link = (overview.body.text ?? '').match(/https?:\/\/\S+\/bericht\?t=\S+/)![0];
    const filed = ingested.find((m) => m.letter?.category === 'invitation')!;
    const page = await desktop.newPage();
    watch(page);

    // Act
    await page.goto(link);
    await page.screenshot({ path: '/tmp/raadspost-register-3-filed-message.png', fullPage: true });
    expect((await stack.letters.get(filed.messageId))?.status).toBe('filed');
    expect(await page.getByRole('button').allInnerTexts()).toEqual(['Voorleggen aan de raad', 'Markeren als woo-verzoek']);
    expect(await page.locator('script').count()).toBe(0);
    const audited = await audit.newPage();
    await audited.goto(link);
    expect(await wcagViolations(audited)).toEqual([]);
    await audited.close();
    expect((await stack.letters.get(filed.messageId))?.status).toBe('filed');
    await page.getByLabel('Van een organisatie').check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Voorleggen aan de raad' }).click()]);

    // Assess
    expect(await page.locator('h1').innerText()).toBe('Voorgelegd aan de raad');
    await page.screenshot({ path: '/tmp/raadspost-register-4-submitted.png', fullPage: true });
    expect(await stack.letters.get(filed.messageId)).toMatchObject({ status: 'awaiting_approval', category: 'advocacy_letter' });
    const approvals = (await readSesMailbox(stack.endpoints.ses)).filter((m) => m.subject.startsWith('Nieuwe brief voor de raad') && m.subject.includes('sporthal De Ruif'));
    expect(approvals).toHaveLength(1);
    await page.close();
  });

  it('shows the lijst ingekomen stukken as a page to print, with its downloads', async () => {
    const link = (overview.body.text ?? '').match(/https?:\/\/\S+\/lijst\?t=\S+/)![0];
    const page = await desktop.newPage();
    watch(page);
    await page.goto(link);
    expect(await page.locator('caption').first().innerText()).toMatch(/^[A-Z][a-z]+ \d{4}$/);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.screenshot({ path: '/tmp/raadspost-register-5-list.png', fullPage: true });
    await page.goto(`${link}&versie=openbaar`);
    expect(await page.locator('tbody').innerText()).not.toContain('Leeuwen');
    await page.screenshot({ path: '/tmp/raadspost-register-6-list-public.png', fullPage: true });
    await page.pdf({ path: '/tmp/raadspost-register-list.pdf', landscape: true, format: 'A4' });
    const download = await page.request.get(`${link}&formaat=docx`);
    expect(download.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    await page.close();
  });

  it('meets WCAG 2.1 AA on every register page (axe-core)', async () => {
    const page = await audit.newPage();
    const results: Record<string, string[]> = {};
    const filedLink = (overview.body.text ?? '').match(/https?:\/\/\S+\/bericht\?t=\S+/)![0];
    const listLink = (overview.body.text ?? '').match(/https?:\/\/\S+\/lijst\?t=\S+/)![0];
    await page.goto(filedLink);
    results.corrected = await wcagViolations(page);
    await page.goto(listLink);
    results.list = await wcagViolations(page);
    await page.goto(`${new URL(filedLink).origin}/bericht?t=${'x'.repeat(43)}`);
    results.error = await wcagViolations(page);
    // The approval page of the letter put before the council (with the afdoeningsvoorstel's choice).
    const approval = (await readSesMailbox(stack.endpoints.ses)).find((m) => m.subject.includes('sporthal De Ruif'))!;
    await page.goto((approval.body.text ?? '').match(/https?:\/\/\S+\?t=\S+/)![0]);
    results.approvalWithHandling = await wcagViolations(page);
    await page.setContent(overview.body.html ?? '');
    results.overviewMail = await wcagViolations(page);
    expect(results).toEqual({ corrected: [], list: [], error: [], approvalWithHandling: [], overviewMail: [] });
    await page.close();
  });

  it('had no console messages or blocked resources in the browser', () => {
    expect(problems.filter((p) => !/status of (403|404|409|410)/.test(p))).toEqual([]);
  });
});
