import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FORM_BYTES } from '../../functions/approval/handler.js';
import { buildDemoLetterEml, buildSeedEml } from '../../infra/local/demo-letter.js';
import { randomResourceNames } from '../../infra/local/resources.js';
import { startLocalStack, type IngestedMail, type LocalStack } from '../../infra/local/stack.js';
import { sendCommand } from '../../shared/cli/send-command.js';

let stack: LocalStack;
const ingested: IngestedMail[] = [];

beforeAll(async () => {
  stack = await startLocalStack({
    ports: { s3: 0, dynamodb: 0, ses: 0, smtp: 0 },
    ...randomResourceNames('stack'),
    ownDomains: ['heemstede.nl'],
    onIngested: (mail) => ingested.push(mail),
  });
});

afterAll(async () => {
  await stack?.stop();
});

describe('startLocalStack', () => {
  it('stores and ingests a mail sent to its SMTP intake, as SES would', async () => {
    // Prepare
    const demo = await buildDemoLetterEml();
    const transport = createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true });

    // Act
    const info = await transport.sendMail({ envelope: { from: demo.envelope.from, to: [...demo.envelope.to] }, raw: demo.raw });
    transport.close();

    // Assess
    expect(info.accepted).toEqual(['griffie@heemstede.nl']);
    const mail = ingested.find((m) => m.letter?.subject === demo.subject);
    expect(mail?.outcomes[0]?.kind).toBe('stored');
    const letter = await stack.letters.get(mail!.messageId);
    expect(letter).toMatchObject({ subject: demo.subject, rawObjectKey: `inbound/${mail!.messageId}` });
    expect(Buffer.from(await stack.rawMail.get(letter!.rawObjectKey)).toString('latin1')).toContain(`Subject: ${demo.subject}`);
  });

  it('gives the demo letter the same Message-ID at every start, so a second delivery can be recognised', async () => {
    const [first, second] = await Promise.all([buildDemoLetterEml(), buildDemoLetterEml()]);
    expect(second.messageId).toBe(first.messageId);
    const sent = ingested.find((m) => m.letter?.subject === first.subject);
    expect(sent?.letter?.headerMessageId).toBe(first.messageId);

    // A seed letter's id comes from its text: the same text, the same id; another text, another id.
    const seed = (body: string) => `Van: Dorpswerk <dorpen@dorpswerk.example>\nOnderwerp: Oproep\n\nGeachte raadsleden,\n\n${body}\n`;
    const [a, b, c] = await Promise.all([buildSeedEml(seed('Een brief.')), buildSeedEml(seed('Een brief.')), buildSeedEml(seed('Een andere brief.'))]);
    expect(b.messageId).toBe(a.messageId);
    expect(c.messageId).not.toBe(a.messageId);
    expect(Buffer.from(a.raw).toString('latin1')).toContain(`Message-ID: <${a.messageId}>`);
  });

  it('ingests an .eml file sent with `raadspost send`', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'raadspost-send-'));
    const file = join(dir, 'bericht.eml');
    await writeFile(
      file,
      'From: Jan Jansen <jan@example.nl>\r\nTo: griffie@heemstede.nl\r\nSubject: Vraag over de raadsvergadering\r\n' +
        'Date: Mon, 02 Feb 2026 10:00:00 +0100\r\nMessage-ID: <send-test-1@example.nl>\r\n\r\nGeachte griffie,\r\n\r\nWanneer is de volgende raadsvergadering?\r\n',
    );

    // Act
    const code = await sendCommand(['--host', stack.smtp.host, '--port', String(stack.smtp.port), file]);
    await rm(dir, { recursive: true, force: true });

    // Assess
    expect(code).toBe(0);
    const mail = ingested.find((m) => m.letter?.headerMessageId === 'send-test-1@example.nl');
    expect(mail?.envelope).toEqual({ from: 'jan@example.nl', to: ['griffie@heemstede.nl'] });
    expect(await stack.letters.get(mail!.messageId)).toBeDefined();
  });

  it('fails `raadspost send` with exit code 1 when no intake listens', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'raadspost-send-'));
    const file = join(dir, 'bericht.eml');
    await writeFile(file, 'From: a@example.nl\r\nTo: griffie@heemstede.nl\r\nSubject: x\r\n\r\nx\r\n');

    // Act
    const code = await sendCommand(['--port', '1', file]);
    await rm(dir, { recursive: true, force: true });

    // Assess
    expect(code).toBe(1);
  });

  it('refuses an approval POST above the approval page’s body limit with 413, as the handler does on AWS', async () => {
    // Act
    const tooLarge = await fetch(stack.approval.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'x'.repeat(MAX_FORM_BYTES + 1),
    });
    const atLimit = await fetch(stack.approval.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=maybe&padding='.padEnd(MAX_FORM_BYTES, 'x'),
    });

    // Assess: the stand-in refuses the larger body; the one at the limit reaches the handler
    expect(tooLarge.status).toBe(413);
    expect(atLimit.status).toBe(403);
    expect(await atLimit.text()).toContain('lang="nl"');
  });
});
