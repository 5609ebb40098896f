/**
 * The approval flow as the griffier lives it, in a real browser (Debian's chromium, driven by playwright-core)
 * against the local stack with the real handlers: a letter with a PDF arrives through the SMTP intake, the
 * approval mail lands in the SES emulator, its link opens the page, "Goedkeuren en doorsturen" numbers the
 * letter and forwards it to the raadsleden exactly once.
 *
 * Screenshots go to /tmp/raadspost-browser-*.png, to look at.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoLetterEml, type DemoMail } from '../../infra/local/demo-letter.js';
import { randomResourceNames } from '../../infra/local/resources.js';
import { approvalLinksIn, readSesMailbox, recipientsOf, waitForMail, type StoredMail } from '../../infra/local/ses-mailbox.js';
import { startLocalStack, type IngestedMail, type LocalStack } from '../../infra/local/stack.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `\n  NOTE: the browser test is SKIPPED: ${CHROMIUM} is absent. Install it with ` +
      '`apt-get update && apt-get install -y --no-install-recommends chromium` (CI does this in .ci/run).\n',
  );
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The visible text of an element (auto-waits for it, as Playwright locators do). */
const text = async (locator: Locator): Promise<string> => (await locator.innerText()).trim();

const NOTE = 'Graag lezen vóór het debat over de Mobiliteitsvisie op 26 februari.';

describe.skipIf(!hasChromium)('the approval page in a real browser', () => {
  let stack: LocalStack;
  let browser: Browser;
  let desktop: BrowserContext;
  let demo: DemoMail;
  let link: string;
  const ingested: IngestedMail[] = [];
  /** The demo letter's id (its SES message id). */
  const letterId = () => ingested[0]?.messageId ?? '';
  /** Console messages and failed requests of every page: a CSP violation would show up here. */
  const browserProblems: string[] = [];

  /** A forward to the raadsleden: "<number>. <subject>". (Its BCC recipients are not in the emulator's store.) */
  const isForward = (m: StoredMail) => /^\d+\. /.test(m.subject) && m.subject.endsWith(demo.subject);
  const forwards = async () => (await readSesMailbox(stack.endpoints.ses)).filter(isForward);

  const watch = (page: Page) => {
    page.on('console', (m) => browserProblems.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => browserProblems.push(`page error: ${e.message}`));
  };

  beforeAll(async () => {
    stack = await startLocalStack({
      ports: { s3: 0, dynamodb: 0, ses: 0, smtp: 0, approval: 0, lambda: 0 },
      ...randomResourceNames('browser'),
      ownDomains: ['heemstede.nl'],
      onIngested: (mail) => ingested.push(mail),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // A fresh context is a fresh profile: no cookies, no cache.
    desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });

    // A letter with a PDF through the SMTP intake, as SES would receive it.
    demo = await buildDemoLetterEml();
    const transport = createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({ envelope: { from: demo.envelope.from, to: [...demo.envelope.to] }, raw: demo.raw });
    } finally {
      transport.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('mails the griffier one approval link', async () => {
    // Act
    const mails = await waitForMail(stack.endpoints.ses, (all) => all.some((m) => approvalLinksIn(m, stack.approval.url).length > 0));

    // Assess
    const approvalMails = mails.filter((m) => approvalLinksIn(m, stack.approval.url).length > 0);
    expect(approvalMails).toHaveLength(1);
    expect(ingested.map((m) => m.approvalLinks.length)).toEqual([1]);
    const mail = approvalMails[0]!;
    expect(mail.destination.to).toEqual(['griffier@heemstede.nl']);
    expect(mail.subject).toBe(`Nieuwe brief voor de raad: ${demo.subject}`);
    expect(mail.body.text).toContain('Het openen van de link beslist nog niets');
    const links = approvalLinksIn(mail, stack.approval.url);
    expect(links).toHaveLength(1);
    link = links[0]!;

    // The approval mail as a mail client shows it (its HTML part, as it reached the SES emulator).
    const mailView = await desktop.newPage();
    await mailView.setContent(mail.body.html ?? '');
    expect(await mailView.getByRole('link').allInnerTexts()).toEqual(['Bekijk en beslis']);
    await mailView.screenshot({ path: '/tmp/raadspost-browser-0-approval-mail.png', fullPage: true });
    await mailView.close();
    expect(await forwards()).toHaveLength(0);
  });

  it('changes nothing when the link is merely fetched (a mail scanner or link preview)', async () => {
    // Act
    const get = await fetch(link, { headers: { 'user-agent': 'Mozilla/5.0 (link preview)' } });
    const head = await fetch(link, { method: 'HEAD' });
    const html = await get.text();

    // Assess
    expect(get.status).toBe(200);
    expect(head.status).toBe(200);
    expect(get.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(get.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('Goedkeuren en doorsturen');
    await stack.lambda.idle();
    expect(await stack.letters.get(letterId())).toMatchObject({ status: 'awaiting_approval' });
    expect((await stack.letters.get(letterId()))?.decision).toBeUndefined();
    expect(await forwards()).toHaveLength(0);
  });

  it('shows the letter to the griffier, on a desktop and on a phone', async () => {
    // Prepare
    const page = await desktop.newPage();
    watch(page);

    // Act
    const response = await page.goto(link);

    // Assess
    expect(response?.status()).toBe(200);
    expect(await text(page.locator('h1'))).toBe(demo.subject);
    const facts = page.locator('dl.facts');
    expect(await text(facts)).toContain('Wijkvereniging Glip-Zuid <secretariaat@glipzuid.example>');
    expect(await text(facts.locator('dt:text-is("Organisatie") + dd'))).toBe('Wijkvereniging Glip-Zuid');
    expect(await text(facts)).toMatch(/\.pdf \(pdf-document, \d+ kB\)/);
    expect(await page.getByRole('button').allInnerTexts()).toEqual(['Goedkeuren en doorsturen', 'Afwijzen']);
    expect(await page.getByRole('button', { name: 'Goedkeuren en doorsturen', exact: true }).isVisible()).toBe(true);
    expect(await page.locator('script').count()).toBe(0);
    await page.screenshot({ path: '/tmp/raadspost-browser-1-approval-desktop.png', fullPage: true });

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'nl-NL' });
    const phonePage = await phone.newPage();
    watch(phonePage);
    await phonePage.goto(link);
    // Nothing wider than the screen: no sideways scrolling on a phone.
    expect(await phonePage.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await phonePage.screenshot({ path: '/tmp/raadspost-browser-2-approval-phone.png', fullPage: true });
    // What the griffier sees first on a phone, and after "Direct naar uw besluit".
    await phonePage.screenshot({ path: '/tmp/raadspost-browser-2a-phone-first-screen.png' });
    await phonePage.getByRole('link', { name: 'Direct naar uw besluit' }).click();
    await phonePage.screenshot({ path: '/tmp/raadspost-browser-2b-phone-decision.png' });
    expect(await phonePage.getByRole('button', { name: 'Goedkeuren en doorsturen', exact: true }).isVisible()).toBe(true);
    await phone.close();
    await page.close();

    await stack.lambda.idle();
    expect(await forwards()).toHaveLength(0);
  });

  it('approves with a note: the page shows the number and the raadsleden get the letter once', async () => {
    // Prepare
    const page = await desktop.newPage();
    watch(page);
    await page.goto(link);

    // Act
    await page.getByLabel('Korte toelichting').fill(NOTE);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Goedkeuren en doorsturen', exact: true }).click()]);

    // Assess
    const status = page.getByRole('status');
    expect(await text(status)).toMatch(/^Goedgekeurd en doorgestuurd als ingekomen stuk nr\. \d+$/);
    const label = /nr\. (\d+)$/.exec(await text(status))?.[1];
    expect(await text(page.locator('main'))).toContain(NOTE);
    await page.screenshot({ path: '/tmp/raadspost-browser-3-decided-desktop.png', fullPage: true });

    const all = await waitForMail(stack.endpoints.ses, (mails) => mails.some(isForward));
    await stack.lambda.idle();
    const sent = (await readSesMailbox(stack.endpoints.ses)).filter(isForward);
    expect(sent).toHaveLength(1);
    const forward = sent[0]!;
    expect(forward.subject).toBe(`${label}. ${demo.subject}`);
    expect(recipientsOf(forward).join()).toContain('griffie@heemstede.nl');
    expect(forward.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/\.pdf$/)]);
    expect(forward.body.text).toContain(NOTE);
    expect(all.length).toBeGreaterThan(1);

    const letter = await stack.letters.get(letterId());
    expect(letter).toMatchObject({ status: 'forwarded', decision: { kind: 'approved', by: 'griffier@heemstede.nl', note: NOTE } });
    expect(letter?.registerNumber?.label).toBe(label);
    expect(letter?.forwarding).toMatchObject({ providerMessageIds: [forward.messageId], recipientCount: stack.approval.settings.councilList.length });
    await page.close();
  });

  it('changes nothing when the griffier goes back, reloads or submits again', async () => {
    // Prepare
    const page = await desktop.newPage();
    watch(page);
    const before = await stack.letters.get(letterId());

    // Act: open the link again, reload, and post the old form once more (as a second click would).
    await page.goto(link);
    expect(await text(page.locator('h1'))).toBe('Over deze brief is al beslist');
    expect(await text(page.getByRole('status'))).toBe(`Goedgekeurd en doorgestuurd als ingekomen stuk nr. ${before?.registerNumber?.label}`);
    expect(await page.getByRole('button').count()).toBe(0);
    await page.reload();
    await page.screenshot({ path: '/tmp/raadspost-browser-4-already-decided.png', fullPage: true });
    const token = new URL(link).searchParams.get('t') ?? '';
    const again = await page.request.post(link, { form: { token, decision: 'approve', note: 'nog een keer' } });
    const reject = await page.request.post(link, { form: { token, decision: 'reject', note: '' } });

    // Assess
    expect(again.status()).toBeLessThan(500);
    expect(reject.status()).toBeLessThan(500);
    expect(await again.text()).toContain('Over deze brief is al beslist');
    await stack.lambda.idle();
    expect(await forwards()).toHaveLength(1);
    const after = await stack.letters.get(letterId());
    expect(after?.decision).toEqual(before?.decision);
    expect(after?.registerNumber).toEqual(before?.registerNumber);
    await page.close();
  });

  it('shows a Dutch error page for a tampered link', async () => {
    // Prepare
    const page = await desktop.newPage();
    watch(page);
    const tampered = new URL(link);
    tampered.searchParams.set('t', `${tampered.searchParams.get('t')?.slice(0, -2)}xx`);

    // Act
    const response = await page.goto(tampered.toString());

    // Assess
    expect(response?.status()).toBeGreaterThanOrEqual(400);
    expect(await text(page.locator('h1'))).toBe('Deze link werkt niet');
    await page.screenshot({ path: '/tmp/raadspost-browser-5-error.png', fullPage: true });
    await page.close();
  });

  it('had no console messages or blocked resources in the browser', () => {
    // A CSP violation (e.g. a style whose hash does not match) is reported on the console.
    expect(browserProblems.filter((p) => !/status of (403|404|410)/.test(p))).toEqual([]);
  });
});
