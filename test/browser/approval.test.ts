/**
 * The approval flow as the griffier lives it, in a real browser (Debian's chromium, driven by playwright-core)
 * against the local stack with the real handlers: a letter with a PDF arrives through the SMTP intake, the
 * approval mail lands in the SES emulator, its link opens the page, "Goedkeuren en doorsturen" numbers the
 * letter and forwards it to the raadsleden exactly once.
 *
 * Screenshots go to /tmp/raadspost-browser-*.png, to look at.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { domainToASCII } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoLetterEml, type DemoMail } from '../../infra/local/demo-letter.js';
import { randomResourceNames } from '../../infra/local/resources.js';
import { approvalLinksIn, readSesMailbox, recipientsOf, waitForMail, type StoredMail } from '../../infra/local/ses-mailbox.js';
import { startLocalStack, type IngestedMail, type LocalStack } from '../../infra/local/stack.js';
import { attackLetters, type AttackLetter } from '../support/attack-letters.js';

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

/** axe-core's source, injected into pages to check WCAG 2.1 AA (the page itself allows no script: see `bypassCSP`). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** WCAG 2.0/2.1 A and AA violations on the page, as "rule: target" lines (empty when it passes). */
async function wcagViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The visible text of an element (auto-waits for it, as Playwright locators do). */
const text = async (locator: Locator): Promise<string> => (await locator.innerText()).trim();

const NOTE = 'Graag lezen vóór het debat over de Mobiliteitsvisie op 26 februari.';

describe.skipIf(!hasChromium)('the approval page in a real browser', () => {
  let stack: LocalStack;
  let browser: Browser;
  let desktop: BrowserContext;
  /** Like `desktop`, but lets axe-core run in the pages (they forbid every script by CSP). */
  let audit: BrowserContext;
  let risky: { attack: AttackLetter; mail: IngestedMail } | undefined;
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
      onIngested: (mail) => {
        if (mail.letter?.subject.includes('(bijlagen)')) risky = { attack: risky?.attack ?? ({} as AttackLetter), mail };
        else ingested.push(mail);
      },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // A fresh context is a fresh profile: no cookies, no cache.
    desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', acceptDownloads: true });
    audit = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL', bypassCSP: true });

    // A letter with a PDF through the SMTP intake, as SES would receive it.
    demo = await buildDemoLetterEml();
    const transport = createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({ envelope: { from: demo.envelope.from, to: [...demo.envelope.to] }, raw: demo.raw });
      // A letter with risks: dangerous attachments beside its PDF (one of the crafted attacks).
      const attack = (await attackLetters()).find((a) => a.name === 'dangerous-attachments')!;
      const from = attack.envelope.from.replace(/@(.+)$/, (_, d: string) => `@${domainToASCII(d)}`);
      await transport.sendMail({ envelope: { from, to: [...attack.envelope.to] }, raw: attack.raw });
      risky = { attack, mail: risky!.mail };
    } finally {
      transport.close();
    }
  });

  afterAll(async () => {
    await audit?.close();
    await browser?.close();
    await stack?.stop();
  });

  it('mails the griffier one approval link', async () => {
    // Act
    const mails = await waitForMail(stack.endpoints.ses, (all) => all.some((m) => approvalLinksIn(m, stack.approval.url).length > 0));

    // Assess
    const approvalMails = mails.filter((m) => approvalLinksIn(m, stack.approval.url).length > 0);
    const demoMails = approvalMails.filter((m) => m.subject.endsWith(demo.subject));
    expect(demoMails).toHaveLength(1);
    expect(ingested.map((m) => m.approvalLinks.length)).toEqual([1]);
    const mail = demoMails[0]!;
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
    const facts = page.locator('dl.facts').first();
    expect(await text(facts)).toContain('Wijkvereniging Glip-Zuid <secretariaat@glipzuid.example>');
    expect(await text(facts.locator('dt:text-is("Organisatie") + dd'))).toBe('Wijkvereniging Glip-Zuid');
    const preview = page.locator('section.preview');
    expect(await text(preview)).toMatch(/\.pdf \(pdf-document, \d+ kB\)/);
    expect(await text(preview.locator('.letter'))).toContain('Wilt u deze brief (pdf, in de bijlage) vóór het debat doorsturen');
    expect(await page.getByRole('button').allInnerTexts()).toEqual(['Goedkeuren en doorsturen', 'Afwijzen…']);
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
    // Right after the decision the forward is under way, or (on a fast machine) already accepted by SES.
    expect(await text(status)).toMatch(/^(Goedgekeurd als ingekomen stuk nr\. \d+: wordt verstuurd naar de raadsleden|Verstuurd als ingekomen stuk nr\. \d+ aan \d+ raadsleden op .+)$/);
    const label = /nr\. (\d+)/.exec(await text(status))?.[1];
    expect(await text(page.locator('main'))).toContain(NOTE);
    await page.screenshot({ path: '/tmp/raadspost-browser-3-decided-desktop.png', fullPage: true });

    const all = await waitForMail(stack.endpoints.ses, (mails) => mails.some(isForward));
    await stack.lambda.idle();
    await page.goto(link); // what the page's own refresh opens (a reload would post the form again)
    expect(await text(page.getByRole('status'))).toMatch(new RegExp(`^Verstuurd als ingekomen stuk nr\\. ${label} aan \\d+ raadsleden op `));
    await page.screenshot({ path: '/tmp/raadspost-browser-3a-sent.png', fullPage: true });
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
    expect(await text(page.getByRole('status'))).toMatch(new RegExp(`^Verstuurd als ingekomen stuk nr\\. ${before?.registerNumber?.label} aan `));
    expect(await page.getByRole('button').count()).toBe(0);
    await page.reload();
    await page.screenshot({ path: '/tmp/raadspost-browser-4-already-decided.png', fullPage: true });
    const token = new URL(link).searchParams.get('t') ?? '';
    const again = await page.request.post(link, { form: { token, decision: 'approve', note: 'nog een keer' } });
    const reject = await page.request.post(link, { form: { token, decision: 'reject', note: '', confirm: 'ja' } });

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

  it('shows a letter with risks: the risks first, what stays home and why, and the PDF to open', async () => {
    // Prepare
    const mail = risky!.mail;
    expect(mail.letter?.risks.map((r) => r.code)).toContain('dangerous_attachment');
    const riskyLink = mail.approvalLinks[0]!;
    const page = await desktop.newPage();
    watch(page);

    // Act
    await page.goto(riskyLink);

    // Assess
    const alert = page.getByRole('alert');
    expect(await text(alert)).toMatch(/^Let op: één risico\n/);
    expect(await text(alert)).toContain('Begroting speeltuin.docm');
    const leftOut = page.locator('section.preview ul.plain').last();
    expect(await text(leftOut)).toContain('Plattegrond.exe\nNiet doorgestuurd: programma dat op de computer kan draaien');
    await page.screenshot({ path: '/tmp/raadspost-browser-6-letter-with-risks.png', fullPage: true });

    // The one attachment that goes along can be opened: a download with the bytes the raadsleden will get.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Openen Brief aan de raad.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('Brief aan de raad.pdf');
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const response = await page.request.get(new URL(`/bijlage?${new URL(riskyLink).searchParams}&n=0`, riskyLink).toString());
    const headers = response.headers();
    expect(headers).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    expect(headers['content-disposition']).toMatch(/^attachment; filename="Brief aan de raad.pdf"/);
    // What the griffier's browser got, as a page to look at (the download itself has no screen in a headless browser).
    const report = await desktop.newPage();
    await report.setContent(
      `<html lang="nl"><body style="font:16px system-ui;padding:2rem"><h1>Download: ${download.suggestedFilename()}</h1><p>${bytes.byteLength} bytes, begint met ${bytes.subarray(0, 8).toString('latin1').replace(/[^\x20-\x7e]/g, '.')}</p><pre>${Object.entries(headers).filter(([k]) => /content-|x-content|cache|security/.test(k)).map(([k, v]) => `${k}: ${v}`).join('\n').replace(/</g, '&lt;')}</pre></body></html>`,
    );
    await report.screenshot({ path: '/tmp/raadspost-browser-7-attachment-download.png', fullPage: true });
    await report.close();
    // An attachment that stays home cannot be fetched.
    const refused = await page.request.get(new URL(`/bijlage?${new URL(riskyLink).searchParams}&n=4`, riskyLink).toString());
    expect(refused.status()).toBe(404);
    await page.close();
  });

  it('meets WCAG 2.1 AA on every page the griffier sees (axe-core)', async () => {
    // Prepare: the pages in their states (pending with risks, decided, the reject confirmation, an error)
    const riskyLink = risky!.mail.approvalLinks[0]!;
    const token = new URL(riskyLink).searchParams.get('t')!;
    const page = await audit.newPage();
    const results: Record<string, string[]> = {};

    // Act
    await page.goto(riskyLink);
    results.pending = await wcagViolations(page);
    await page.getByRole('button', { name: 'Afwijzen…' }).click();
    await page.waitForURL(/.*/);
    expect(await text(page.locator('h1'))).toBe('Deze brief afwijzen?');
    await page.screenshot({ path: '/tmp/raadspost-browser-8-reject-confirm.png', fullPage: true });
    results.confirm = await wcagViolations(page);
    await page.goto(link);
    results.decided = await wcagViolations(page);
    await page.goto(`${new URL(link).origin}/?t=${token.slice(0, -2)}xx`);
    results.error = await wcagViolations(page);

    // Assess
    expect(results).toEqual({ pending: [], confirm: [], decided: [], error: [] });
    expect((await stack.letters.get(risky!.mail.messageId))?.status).toBe('awaiting_approval');
    await page.close();
  });

  it('had no console messages or blocked resources in the browser', () => {
    // A CSP violation (e.g. a style whose hash does not match) is reported on the console.
    expect(browserProblems.filter((p) => !/status of (403|404|410)/.test(p))).toEqual([]);
  });
});
