/**
 * Every crafted attack on the approval step through the whole local flow (SMTP intake -> ingest -> approval mail ->
 * approval page -> POST "Goedkeuren" -> forward in the SES emulator): the page shows the trick, the named risks are
 * on the record, loops are filed, and the forward carries only the text, links and attachments the page showed.
 */
import { domainToASCII } from 'node:url';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomResourceNames } from '../../infra/local/resources.js';
import { approvalLinksIn, readSesMailbox, waitForMail, type StoredMail } from '../../infra/local/ses-mailbox.js';
import { startLocalStack, type IngestedMail, type LocalStack } from '../../infra/local/stack.js';
import { attackLetters, type AttackLetter } from '../support/attack-letters.js';

let stack: LocalStack;
let attacks: AttackLetter[];
const ingested = new Map<string, IngestedMail>();

/** The entities the page's html escapes, back to text. */
const unescape = (html: string) =>
  html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The forward's heading lines and the letter text on the page, exactly as shown (marks of removed characters taken out). */
const pageText = (html: string): { readonly head: string; readonly text: string } => {
  const inner = /<div class="letter"[^>]*><span class="small">([\s\S]*?)<\/span>\n\n([\s\S]*?)<\/div>/.exec(html);
  return { head: unescape(inner?.[1] ?? ''), text: unescape((inner?.[2] ?? '').replace(/<mark class="hidden-char">onzichtbaar teken<\/mark>/g, '')) };
};

/** The hosts the page lists as links. */
const pageHosts = (html: string): string[] => [...html.matchAll(/<span class="host">([^<]*)<\/span>/g)].map((m) => unescape(m[1]!));

/** The forward's "Oorspronkelijk bericht" header block and the letter's text that follows it. */
const forwardedText = (mail: StoredMail): { readonly head: string; readonly text: string } => {
  const text = (mail.body.text ?? '').replace(/\r\n/g, '\n');
  const block = text.slice(text.indexOf('---------- Oorspronkelijk bericht ----------'));
  return { head: block.slice(0, block.indexOf('\n\n')), text: block.slice(block.indexOf('\n\n') + 2).replace(/\n$/, '') };
};

const send = async (attack: AttackLetter) => {
  const transport = createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true });
  try {
    const from = attack.envelope.from.replace(/@(.+)$/, (_, domain: string) => `@${domainToASCII(domain)}`);
    await transport.sendMail({ envelope: { from, to: [...attack.envelope.to] }, raw: attack.raw });
  } finally {
    transport.close();
  }
};

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { s3: 0, dynamodb: 0, ses: 0, smtp: 0, approval: 0, lambda: 0 },
    ...randomResourceNames('attacks'),
    ownDomains: ['heemstede.nl'],
    onIngested: (mail) => {
      const subject = mail.letter?.subject ?? '';
      const attack = attacks.find((a) => a.subject === subject);
      if (attack) ingested.set(attack.name, mail);
    },
  });
  attacks = await attackLetters();
  for (const attack of attacks) await send(attack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('crafted attacks through the local flow', () => {
  it('names the risks of every attack on its record', async () => {
    for (const attack of attacks) {
      const letter = ingested.get(attack.name)?.letter;
      expect(letter, attack.name).toBeDefined();
      expect(letter!.risks.map((r) => r.code), attack.name).toEqual(expect.arrayContaining([...attack.risks]));
    }
  });

  it('files loops (our own mail coming back) without an approval mail', async () => {
    for (const attack of attacks.filter((a) => !a.offered)) {
      const mail = ingested.get(attack.name)!;
      expect(mail.letter?.status, attack.name).toBe('filed');
      expect(mail.approvalLinks, attack.name).toEqual([]);
    }
  });

  it('never names a sender that claims the municipality as its organisation', async () => {
    const { letter } = ingested.get('impersonation')!;
    const page = await (await fetch(ingested.get('impersonation')!.approvalLinks[0]!)).text();
    expect(letter?.from?.address).toBe('griffie.heemstede@gmail.com');
    expect(page).not.toMatch(/<dt>Organisatie<\/dt><dd>[^<]*Gemeente Heemstede/);
  });

  for (const name of [
    'quoted-link', 'late-link', 'link-beside-pdf', 'dangerous-attachments', 'hostile-documents', 'impersonation', 'lookalike-words', 'lookalike-homoglyph', 'hidden-text',
    'unsubscribe-footer', 'link-read-on', 'network-path', 'link-in-subject', 'many-links-then-one', 'html-letter-beside-pdf', 'invisible-filler-name',
  ]) {
    it(`shows the trick of "${name}" on the page, and forwards only what the page showed`, async () => {
      // Prepare
      const attack = attacks.find((a) => a.name === name)!;
      const mail = ingested.get(name)!;
      expect(mail.letter?.status).toBe('awaiting_approval');
      const link = mail.approvalLinks[0]!;
      const page = await (await fetch(link)).text();
      for (const shown of attack.pageShows) expect(page, name).toContain(shown);

      // Act: approve as the griffier does (the form posts back to the page)
      const token = new URL(link).searchParams.get('t')!;
      const decided = await fetch(new URL('/', link), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        body: new URLSearchParams({ token, decision: 'approve', note: '' }),
      });
      expect(decided.status).toBe(200);
      const isForward = (m: StoredMail) => /^\d+\. /.test(m.subject) && Boolean(m.body.text?.includes(`Kenmerk Raadspost: ${mail.messageId}`));
      const forward = (await waitForMail(stack.endpoints.ses, (all) => all.some(isForward))).find(isForward)!;

      // Assess: the text is exactly the page's text; every link in it was listed on the page; only allowed attachments
      expect(forwardedText(forward)).toEqual(pageText(page));
      const previewSubject = unescape(/<dt>Onderwerp<\/dt><dd>(\[nummer\][^<]*)<\/dd>/.exec(page)?.[1] ?? '');
      expect(forward.subject).toBe(previewSubject.replace('[nummer]', /^\d+/.exec(forward.subject)![0]));
      const listed = pageHosts(page);
      for (const url of forward.body.text!.match(/https?:\/\/[^\s<>"\]]+/g) ?? []) {
        expect(listed, `${name}: ${url}`).toContain(new URL(url).hostname);
      }
      expect(forward.attachments.map((a) => a.filename).sort()).toEqual([...attack.forwardable].sort());
      expect(forward.subject).not.toMatch(/[\u200b\u2060\u202e\ufeff]/);
      expect(forward.body.text).not.toMatch(/\p{Cf}/u);
      expect(forward.replyTo.join(' ')).not.toMatch(/griffie|gemeente/i);
      if (attack.risks.some((r) => r === 'impersonation' || r === 'lookalike_domain')) expect(forward.replyTo).toEqual([]);
      expect(forward.body.text).not.toContain('nieuwsbriefdienst.example.com/u/');
    });
  }

  it('sent exactly one forward per approved attack and none for the loops', async () => {
    await stack.lambda.idle();
    const forwards = (await readSesMailbox(stack.endpoints.ses)).filter((m) => /^\d+\. /.test(m.subject));
    expect(forwards).toHaveLength(attacks.filter((a) => a.offered).length);
    const approvalMails = (await readSesMailbox(stack.endpoints.ses)).filter((m) => approvalLinksIn(m, stack.approval.url).length > 0);
    expect(approvalMails).toHaveLength(attacks.filter((a) => a.offered).length);
  });
});
