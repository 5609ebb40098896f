/**
 * The approval flow end to end on the emulators: ingest handler -> approval mail in aws-ses-v2-local's store ->
 * approval page (GET/HEAD/POST through the Function URL handler) -> register number -> forward handler -> the
 * forward in the SES store. The forward trigger calls the forward handler in-process (the Lambda Invoke API
 * emulator and LambdaLetterTrigger are covered by the local stack and the adapter tests).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createApprovalHandler, type ApprovalHandler } from '../../functions/approval/handler.js';
import { createHandler } from '../../functions/ingest-mail/handler.js';
import { createForwardHandler } from '../../functions/forward-letter/handler.js';
import { buildDemoLetterEml } from '../../infra/local/demo-letter.js';
import { buildSesEvent } from '../../infra/local/ses-event.js';
import { MailparserMimeParser } from '../../shared/adapters/mailparser-mime-parser.js';
import { buildApprovalDeps } from '../../shared/adapters/approval-wiring.js';
import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { makeS3Client } from '../../shared/adapters/aws-clients.js';
import { buildForwardDeps, buildForwardLetter } from '../../shared/adapters/forward-wiring.js';
import { FIVE_YEARS_DAYS, RETENTION_TAG } from '../../shared/domain/retention.js';
import { synthRaadspost } from '../infra/support.js';
import { buildIngestDeps } from '../../shared/adapters/ingest-wiring.js';
import { makeDecide, makeOpenAttachment, makeShowApproval } from '../../shared/application/approve-letter.js';
import { makeIngestMail } from '../../shared/application/ingest-mail.js';
import type { Letter } from '../../shared/domain/letter.js';
import { logger } from '../../shared/logger.js';
import { metricsFor } from '../../shared/metrics.js';
import type { Clock, ForwardTrigger, LetterRepository, MailSender } from '../../shared/ports.js';
import { readHeaderBlock } from '../../shared/raw-headers.js';
import { aLetter } from '../support/builders.js';
import { provisionAllTestResources, TEST_GRIFFIE, type TestConfigs } from '../support/resources.js';

interface StoredMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { content: string; contentType: string; filename?: string; size: number }[];
}

let configs: TestConfigs;
let ingest: ReturnType<typeof createHandler>;
let letters: LetterRepository;
let approvalPage: ApprovalHandler;
let forward: ReturnType<typeof createForwardHandler>;
/** Raw bytes of every forward sent (to inspect the headers SES got). */
const forwardsSent: { destinations: readonly string[]; raw: Uint8Array }[] = [];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const sesStore = async (): Promise<StoredMail[]> => {
  const res = await fetch(`${inject('endpoints').ses}/store`);
  return ((await res.json()) as { emails: StoredMail[] }).emails;
};

const mailsAbout = async (tag: string) => {
  const all = (await sesStore()).filter((m) => m.subject.includes(tag));
  return {
    approvals: all.filter((m) => m.subject.startsWith('Nieuwe brief voor de raad')),
    forwards: all.filter((m) => /^\d+\. /.test(m.subject)),
  };
};

const approvalHandlerWith = (clock?: Clock) => {
  const trigger: ForwardTrigger = { trigger: async (letterId) => void (await forward({ letterId })) };
  const deps = buildApprovalDeps(configs.approval, { forward: trigger, ...(clock && { clock }) });
  return createApprovalHandler({
    show: makeShowApproval(deps),
    decide: makeDecide(deps),
    openAttachment: makeOpenAttachment(deps),
    municipality: configs.approval.municipality,
    handling: configs.approval.handling,
    griffieAddress: configs.approval.griffieAddress,
    logger,
  });
};

beforeAll(async () => {
  configs = await provisionAllTestResources('approval');
  const ingestDeps = buildIngestDeps(configs.ingest);
  letters = ingestDeps.letters;
  ingest = createHandler({ ingestMail: makeIngestMail(ingestDeps), logger, rawMailPrefix: configs.ingest.rawMailPrefix });
  const forwardDeps = buildForwardDeps(configs.forward);
  const realSender = forwardDeps.sender;
  const recordingSender: MailSender = {
    sendRaw: async (message) => {
      const result = await realSender.sendRaw(message);
      forwardsSent.push({ destinations: message.destinations, raw: message.raw });
      return result;
    },
  };
  forward = createForwardHandler({
    forwardLetter: buildForwardLetter(configs.forward, { ...forwardDeps, sender: recordingSender }),
    logger,
    metrics: metricsFor(configs.forward.metricsNamespace, 'forward-letter'),
  });
  approvalPage = approvalHandlerWith();
});

/** The demo letter (newsletter tool + PDF) with a unique subject, or a raw Subject header of our own. */
const receive = async (options: { subjectHeader?: string } = {}) => {
  const tag = `T${randomBytes(4).toString('hex')}`;
  const demo = await buildDemoLetterEml({ variant: tag }); // each its own letter (Message-ID), not a copy of the last
  const subjectLine = `Subject: ${demo.subject}`;
  const rawText = demo.raw.toString('latin1');
  expect(rawText).toContain(subjectLine);
  const raw = Buffer.from(rawText.replace(subjectLine, options.subjectHeader ? `Subject: ${options.subjectHeader.replace('TAG', tag)}` : `${subjectLine} ${tag}`), 'latin1');
  const messageId = `approval-${tag.toLowerCase()}`;
  await buildIngestDeps(configs.ingest).rawMail.put(`inbound/${messageId}`, raw);
  const result = await ingest(buildSesEvent({ messageId, raw, source: demo.envelope.from, recipients: demo.envelope.to }));
  const original = await new MailparserMimeParser().parse(raw, { withContent: true });
  const pdf = original.attachments.find((a) => a.contentType === 'application/pdf')!.content!;
  return { tag, messageId, result, pdf };
};

const tokenFromApprovalMail = (mail: StoredMail): string => {
  const links = [...(mail.body.text ?? '').matchAll(/https:\/\/approve\.test\.example\/\?t=([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
  expect(new Set(links).size).toBe(1);
  return links[0]!;
};

const urlEvent = (method: string, { token, form }: { token?: string; form?: Record<string, string> } = {}): LambdaFunctionURLEvent => {
  const body = form ? Buffer.from(new URLSearchParams(form).toString()).toString('base64') : undefined;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: token ? `t=${token}` : '',
    headers: { host: 'approve.test.example', ...(form && { 'content-type': 'application/x-www-form-urlencoded' }) },
    requestContext: { http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' } },
    ...(body !== undefined && { body }),
    isBase64Encoded: body !== undefined,
  } as unknown as LambdaFunctionURLEvent;
};

const post = (token: string, decision: 'approve' | 'reject', note = '') =>
  approvalPage(urlEvent('POST', { form: { token, decision, note, ...(decision === 'reject' && { confirm: 'ja' }) } }));

const receiveAndGetToken = async (options: { subjectHeader?: string } = {}) => {
  const received = await receive(options);
  const { approvals } = await mailsAbout(received.tag);
  expect(approvals).toHaveLength(1);
  return { ...received, token: tokenFromApprovalMail(approvals[0]!) };
};

const letter = async (id: string): Promise<Letter> => (await letters.get(id))!;

/** Days the synthesised raw-mail bucket keeps an object with this retention tag (its one matching expiration). */
const lifecycleDaysFor = (kind: string): number => {
  const [bucket] = Object.values(
    synthRaadspost().storageTemplate.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: { Status: 'Enabled' } } }),
  ) as { Properties: { LifecycleConfiguration: { Rules: { ExpirationInDays?: number; TagFilters?: { Key: string; Value: string }[] }[] } } }[];
  const matching = bucket!.Properties.LifecycleConfiguration.Rules.filter(
    (r) => r.ExpirationInDays !== undefined && (r.TagFilters ?? []).every((f) => f.Key === RETENTION_TAG && f.Value === kind),
  );
  expect(matching).toHaveLength(1);
  return matching[0]!.ExpirationInDays!;
};

describe('approval flow on the emulators', () => {
  it('mails the approver once, shows the page without changing anything, and forwards once after approval', async () => {
    // Prepare: a letter comes in, and its event is delivered twice
    const { tag, messageId, result, pdf, token } = await receiveAndGetToken();
    await ingest(buildSesEvent({ messageId, source: 'x@example.nl', recipients: ['griffie@heemstede.nl'] }));
    expect(result.outcomes[0]).toMatchObject({ kind: 'stored', status: 'awaiting_approval', approval: { kind: 'sent', recipients: 1 } });
    const { approvals } = await mailsAbout(tag);
    expect(approvals).toHaveLength(1);
    expect(approvals[0]!.destination.to.join()).toContain(TEST_GRIFFIE.approvers[0]);
    expect(approvals[0]!.body.text).toContain('secretariaat@glipzuid.example');
    const before = await letter(messageId);

    // Act 1: link scanners and the griffier open the page (GET, HEAD)
    const page = await approvalPage(urlEvent('GET', { token }));
    const head = await approvalPage(urlEvent('HEAD', { token }));

    // Assess 1: nothing changed
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Goedkeuren en doorsturen');
    expect(page.body).toContain('Afwijzen');
    expect(head).toMatchObject({ statusCode: 200, body: '' });
    expect(await letter(messageId)).toEqual(before);

    // Act 2: approve
    const decided = await post(token, 'approve', 'Graag ter kennisname.');

    // Assess 2: number, one forward with the PDF byte for byte
    expect(decided.statusCode).toBe(200);
    const after = await letter(messageId);
    expect(after).toMatchObject({ status: 'forwarded', decision: { kind: 'approved', by: TEST_GRIFFIE.approvers[0], note: 'Graag ter kennisname.' } });
    const label = after.registerNumber!.label;
    expect(decided.body).toContain(`nr. ${label}`);
    const { forwards } = await mailsAbout(tag);
    expect(forwards).toHaveLength(1);
    const fwd = forwards[0]!;
    expect(fwd.subject).toBe(`${label}. Brief aan de raad: veilige schoolroutes in Glip-Zuid (${tag}) ${tag}`);
    expect(fwd.from).toContain(TEST_GRIFFIE.griffieAddress);
    expect(fwd.destination.to.join()).toContain(TEST_GRIFFIE.griffieAddress);
    expect(fwd.replyTo.join()).toContain('secretariaat@glipzuid.example');
    expect(fwd.body.text).toContain('Voorgestelde afhandeling: ter kennisname');
    expect(fwd.body.text).toContain('Graag ter kennisname.');
    const attached = fwd.attachments.filter((a) => a.contentType === 'application/pdf');
    expect(attached).toHaveLength(1);
    expect(sha256(Buffer.from(attached[0]!.content, 'base64'))).toBe(sha256(pdf));
    expect(after.forwarding).toMatchObject({ attempts: 1, recipientCount: 3, providerMessageIds: [expect.any(String)] });
    const sent = forwardsSent.filter((f) => Buffer.from(f.raw).toString('latin1').includes(tag) || readHeaderBlock(f.raw).some((h) => h.value.includes(messageId)));
    expect(sent.map((f) => f.destinations)).toEqual([TEST_GRIFFIE.councilList]);

    // Assess 2b: the letter is handled: its raw mail is stored again under the retention tag that the bucket keeps for
    // five years (infra/stacks/mail-storage-stack.ts), and the record expires after it
    const tagging = await makeS3Client(configs.ingest).send(new GetObjectTaggingCommand({ Bucket: configs.ingest.rawMailBucket, Key: `inbound/${messageId}` }));
    const kind = tagging.TagSet?.find((t) => t.Key === RETENTION_TAG)?.Value;
    expect(kind).toBe('record');
    const keptDays = lifecycleDaysFor(kind!);
    expect(keptDays).toBeGreaterThanOrEqual(FIVE_YEARS_DAYS);
    expect(after.retention).toMatchObject({ kind: 'record', since: expect.any(String) });
    expect(Date.parse(after.retention!.recordUntil!) - Date.parse(after.retention!.since)).toBeGreaterThan(keptDays * 86_400_000);

    // Act 3: the same button again
    const again = await post(token, 'approve');

    // Assess 3: the decided page, nothing sent
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain(TEST_GRIFFIE.approvers[0]);
    expect((await mailsAbout(tag)).forwards).toHaveLength(1);
    expect((await letter(messageId)).history?.filter((h) => h.event === 'goedgekeurd')).toHaveLength(1);
  });

  it('sends the approval mail on a redelivery when the first run stored the letter and died before mailing', async () => {
    // Prepare: the record exists without an approval request, as a crashed run leaves it
    const tag = `T${randomBytes(4).toString('hex')}`;
    const id = `crashed-${tag.toLowerCase()}`;
    await letters.createIfAbsent(aLetter({ id, rawObjectKey: `inbound/${id}`, subject: `Brief aan de raad ${tag}` }));

    // Act
    const first = await ingest(buildSesEvent({ messageId: id, source: 'x@example.nl', recipients: ['griffie@heemstede.nl'] }));
    const second = await ingest(buildSesEvent({ messageId: id, source: 'x@example.nl', recipients: ['griffie@heemstede.nl'] }));

    // Assess
    expect(first.outcomes).toEqual([{ kind: 'duplicate', letterId: id, approval: { kind: 'sent', recipients: 1 } }]);
    expect(second.outcomes).toEqual([{ kind: 'duplicate', letterId: id }]);
    expect((await mailsAbout(tag)).approvals).toHaveLength(1);
    expect((await letter(id)).approvalRequest).toMatchObject({ state: 'sent', recipients: TEST_GRIFFIE.approvers });
  });

  it('never forwards a rejected letter', async () => {
    // Prepare
    const { tag, messageId, token } = await receiveAndGetToken();

    // Act
    const res = await post(token, 'reject', 'Geen brief aan de raad.');
    const manual = await forward({ letterId: messageId });

    // Assess
    expect(res.statusCode).toBe(200);
    expect(await letter(messageId)).toMatchObject({ status: 'rejected', decision: { kind: 'rejected', note: 'Geen brief aan de raad.' } });
    expect((await letter(messageId)).registerNumber).toBeUndefined();
    expect(manual).toMatchObject({ kind: 'skipped', status: 'rejected' });
    expect((await mailsAbout(tag)).forwards).toEqual([]);
  });

  it('refuses tampered and expired tokens without changing anything', async () => {
    // Prepare
    const { messageId, token } = await receiveAndGetToken();
    const tampered = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    const inFifteenDays: Clock = { now: () => new Date(Date.now() + 15 * 86_400_000) };
    const before = await letter(messageId);

    // Act
    const results = [
      await approvalPage(urlEvent('GET', { token: tampered })),
      await post(tampered, 'approve'),
      await approvalPage(urlEvent('GET', { token: 'not-a-token' })),
      await approvalHandlerWith(inFifteenDays)(urlEvent('GET', { token })),
      await approvalHandlerWith(inFifteenDays)(urlEvent('POST', { form: { token, decision: 'approve' } })),
    ];

    // Assess
    expect(results.map((r) => r.statusCode)).toEqual([403, 403, 403, 410, 410]);
    expect(await letter(messageId)).toEqual(before);
  });

  it('binds a token to its own letter', async () => {
    // Prepare
    const a = await receiveAndGetToken();
    const b = await receiveAndGetToken();
    const bBefore = await letter(b.messageId);

    // Act
    await post(a.token, 'reject');

    // Assess
    expect((await letter(a.messageId)).status).toBe('rejected');
    expect(await letter(b.messageId)).toEqual(bBefore);
  });

  it('makes one decision and one forward out of two concurrent POSTs', async () => {
    // Prepare
    const { tag, messageId, token } = await receiveAndGetToken();

    // Act
    const results = await Promise.all([post(token, 'approve'), post(token, 'approve')]);

    // Assess
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const after = await letter(messageId);
    expect(after.status).toBe('forwarded');
    expect(after.history?.filter((h) => h.event === 'goedgekeurd')).toHaveLength(1);
    expect((await mailsAbout(tag)).forwards).toHaveLength(1);
  });

  it('adds no header for a subject with <script> and an encoded CRLF + "Bcc:"', async () => {
    // Prepare: the encoded word decodes to "<script>…</script> Brief TAG\r\nBcc: evil@attacker.example"
    const { tag, messageId, token } = await receiveAndGetToken({
      subjectHeader: '=?UTF-8?Q?=3Cscript=3Ealert(1)=3C/script=3E_Brief_TAG=0D=0ABcc:_evil@attacker.example?=',
    });
    expect((await letter(messageId)).subject).toMatch(/\r?\nBcc: evil@attacker\.example$/);
    const page = await approvalPage(urlEvent('GET', { token }));
    expect(page.body).not.toContain('<script>alert(1)');

    // Act
    await post(token, 'approve');

    // Assess
    const { forwards } = await mailsAbout(tag);
    expect(forwards).toHaveLength(1);
    expect(forwards[0]!.destination.bcc).toEqual([]);
    expect(forwards[0]!.subject).toMatch(new RegExp(`^\\d+\\. <script>alert\\(1\\)</script> Brief ${tag} Bcc: evil@attacker\\.example$`));
    const raw = forwardsSent.find((f) => readHeaderBlock(f.raw).some((h) => h.name.toLowerCase() === 'x-raadspost-id' && h.value === messageId))!;
    const names = readHeaderBlock(raw.raw).map((h) => h.name.toLowerCase());
    expect(names).not.toContain('bcc');
    expect(names.filter((n) => n === 'subject')).toHaveLength(1);
    expect(raw.destinations).toEqual(TEST_GRIFFIE.councilList);
    expect(raw.destinations).not.toContain('evil@attacker.example');
  });
});
