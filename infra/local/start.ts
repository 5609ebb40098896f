/**
 * `npm start`: Raadspost on this machine. Starts the emulators, the SMTP intake, the approval page and the
 * Lambda API stand-in, sends the demo letters through the intake and prints what the real handlers did: the
 * stored letter, the approval link from the approval mail (`approval: <url>`), and every forward to the
 * raadsleden after the griffier clicked "Goedkeuren en doorsturen". Then keeps running.
 *
 * Environment (all optional): RAADSPOST_S3_PORT (4569), RAADSPOST_DYNAMODB_PORT (4567), RAADSPOST_SES_PORT (8005),
 * RAADSPOST_SMTP_PORT (2525), RAADSPOST_APPROVAL_PORT (3000), RAADSPOST_LAMBDA_PORT (4574),
 * RAADSPOST_EXIT_AFTER_DEMO=1 to approve the demo letter over HTTP as the griffier would, and stop (smoke test).
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTransport } from 'nodemailer';
import type { Letter } from '../../shared/domain/letter.js';
import { buildDemoLetterEml, buildSeedEml, type DemoMail } from './demo-letter.js';
import { PortInUseError } from './emulators.js';
import { startLocalStack, type ForwardRun, type IngestedMail, type LocalStack } from './stack.js';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const SEED_DIR = resolve(REPO_ROOT, '..', 'shared', 'seed');
const DEMO_DIR = join(tmpdir(), 'raadspost-demo');

const PORT_VARS = {
  s3: ['RAADSPOST_S3_PORT', 4569],
  dynamodb: ['RAADSPOST_DYNAMODB_PORT', 4567],
  ses: ['RAADSPOST_SES_PORT', 8005],
  smtp: ['RAADSPOST_SMTP_PORT', 2525],
  approval: ['RAADSPOST_APPROVAL_PORT', 3000],
  lambda: ['RAADSPOST_LAMBDA_PORT', 4574],
} as const;

// Local resource names: fixed, so a second look (e.g. with the AWS CLI against the emulator) finds them.
const LOCAL = { bucket: 'raadspost-local-raw-mail', table: 'raadspost-local-letters', ownDomains: ['heemstede.nl'] } as const;

async function main(): Promise<number> {
  // The readable summary below is what a person reads here; the JSON operator log only on request.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const ports = {
    s3: port('s3'),
    dynamodb: port('dynamodb'),
    ses: port('ses'),
    smtp: port('smtp'),
    approval: port('approval'),
    lambda: port('lambda'),
  };
  const approvalLinks: string[] = [];

  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      ports,
      ...LOCAL,
      onIngested: (mail) => {
        approvalLinks.push(...mail.approvalLinks);
        console.log(formatIngested(mail));
      },
      onForwardRun: (run) => console.log(formatForwardRun(run)),
    });
  } catch (err) {
    if (err instanceof PortInUseError) {
      const busy = (Object.keys(ports) as (keyof typeof ports)[]).find((k) => ports[k] === err.port);
      console.error(`cannot start: ${err.message}. Stop what uses it (another \`npm start\`?)${busy ? ` or set ${PORT_VARS[busy][0]} to a free port` : ''}.`);
      return 1;
    }
    throw err;
  }

  console.log(`Raadspost local stack is up.
  SMTP intake    smtp://${stack.smtp.host}:${stack.smtp.port}  (stands in for SES inbound)
  S3             ${stack.endpoints.s3}  bucket ${stack.config.rawMailBucket}, prefix ${stack.config.rawMailPrefix}
  DynamoDB       ${stack.endpoints.dynamodb}  table ${stack.config.lettersTable}
  SES mailbox    ${stack.endpoints.ses}  (web view of mail Raadspost sends: approval mails and forwards)
  Approval page  ${stack.approval.url}  (functions/approval behind a local Function URL)
  Lambda API     ${stack.lambda.endpoint}  (invokes functions/forward-letter in-process)
  Griffier       ${stack.approval.settings.approvers.join(', ')}; raadsleden: ${stack.approval.settings.councilList.length} addresses
mailbox: ${stack.endpoints.ses}
`);

  const demos: { file: string; mail: DemoMail }[] = [{ file: 'demo-glip-zuid.eml', mail: await buildDemoLetterEml() }];
  for (const seed of await seedTexts()) {
    demos.push({ file: `seed-${seed.name.replace(/\.txt$/, '')}.eml`, mail: await buildSeedEml(seed.text) });
  }
  if (demos.length === 1) console.log(`(no ../shared/seed next to the repository: only the built-in demo letter is sent)\n`);

  await mkdir(DEMO_DIR, { recursive: true });
  const transport = createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true });
  try {
    for (const { file, mail } of demos) {
      await writeFile(join(DEMO_DIR, file), mail.raw);
      console.log(`Sending ${file} (${mail.raw.byteLength} bytes) to the intake …`);
      await transport.sendMail({ envelope: { from: mail.envelope.from, to: [...mail.envelope.to] }, raw: mail.raw });
    }
  } finally {
    transport.close();
  }

  if (process.env.RAADSPOST_EXIT_AFTER_DEMO === '1') {
    const first = approvalLinks[0];
    if (first) {
      console.log('\nApproving the demo letter as the griffier would (RAADSPOST_EXIT_AFTER_DEMO=1): open the link, then click "Goedkeuren en doorsturen" …');
      await approveAsGriffier(first);
      await stack.lambda.idle();
    }
    await stack.stop();
    console.log('Demo done (RAADSPOST_EXIT_AFTER_DEMO=1): stopped.');
    return 0;
  }

  console.log(`
Open an approval link above in your browser (it decides nothing until you click a button), or look at
the mail in the SES mailbox. After "Goedkeuren en doorsturen" the forward to the raadsleden is printed here.

Waiting for mail. Send your own to smtp://${stack.smtp.host}:${stack.smtp.port} (no TLS, no login):
  npx raadspost send path/to/message.eml          (the demo files are in ${DEMO_DIR})
  swaks --server ${stack.smtp.host}:${stack.smtp.port} --from you@example.nl --to griffie@heemstede.nl --attach @brief.pdf
  or a mail client with SMTP server ${stack.smtp.host}, port ${stack.smtp.port}
Each message is stored in S3 and ingested by functions/ingest-mail exactly as SES would trigger it.
Ctrl-C stops.
`);

  await new Promise<void>((done) => {
    const shutdown = () => {
      console.log('\nStopping …');
      stack.stop().then(done, (err: unknown) => {
        console.error(err);
        done();
      });
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  return 0;
}

function port(name: keyof typeof PORT_VARS): number {
  const [variable, fallback] = PORT_VARS[name];
  const value = process.env[variable];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${variable} must be a port number, got "${value}"`);
  return n;
}

async function seedTexts(): Promise<{ name: string; text: string }[]> {
  const names = await readdir(SEED_DIR).catch(() => [] as string[]);
  return Promise.all(
    names.filter((n) => n.endsWith('.txt')).sort().map(async (name) => ({ name, text: await readFile(join(SEED_DIR, name), 'utf8') })),
  );
}

/** A readable summary of what was stored (the developer's console, not a log: Lambda never prints this). */
function formatIngested({ messageId, envelope, outcomes, letter, approvalLinks }: IngestedMail): string {
  const outcome = outcomes.map((o) => (o.kind === 'quarantined' ? `quarantined (${o.code})` : o.kind)).join(', ');
  if (!letter) return `\n● ${messageId}: ${outcome}, no record found`;
  const from = letter.from ? (letter.from.name ? `${letter.from.name} <${letter.from.address}>` : letter.from.address) : `(envelope) ${envelope.from || '<>'}`;
  const rows: [string, string][] = [
    ['id', letter.id],
    ['from', from],
    ['subject', letter.subject || '(none)'],
    ['category', `${letter.category}  (confidence ${letter.confidence.toFixed(2)}${letter.forward ? ', to be forwarded after approval' : ''})`],
    ['organisation', letter.organisation ?? '-'],
    ['topics', letter.topics.join(', ') || '-'],
    ['reasons', letter.reasons.join('; ') || '-'],
    ['status', letter.status + (letter.quarantine ? `  ${letter.quarantine.code}: ${letter.quarantine.reason}` : '')],
    ['attachments', formatAttachments(letter) || '-'],
  ];
  const approvals = outcomes.flatMap((o) => ('approval' in o && o.approval ? [o.approval] : []));
  if (approvals.length > 0) {
    rows.push(['approval', approvals.map((a) => (a.kind === 'sent' ? `mail sent to ${a.recipients} approver(s)` : a.kind === 'failed' ? `mail FAILED (${a.code})` : a.kind)).join(', ')]);
  }
  const links = approvalLinks.map((url) => `\napproval: ${url}`).join('');
  return `\n● ${outcome}\n${rows.map(([k, v]) => `  ${k.padEnd(13)}${v}`).join('\n')}${links}`;
}

/** What the forward function did after an approval (the developer's console). */
function formatForwardRun({ letterId, letter, mails, error }: ForwardRun): string {
  const attachments = mails[0]?.attachments.map((a) => `${a.filename ?? '(no name)'} (${Math.max(1, Math.round(a.size / 1024))} kB)`) ?? [];
  const rows: [string, string][] = [
    ['id', letterId],
    ['number', letter?.registerNumber ? `${letter.registerNumber.label} (lijst ingekomen stukken ${letter.registerNumber.year || 'doorlopend'})` : '-'],
    ['subject', mails[0]?.subject ?? letter?.subject ?? '-'],
    ['recipients', `${letter?.forwarding?.recipientCount ?? 0} raadsleden (BCC) in ${mails.length} message(s)`],
    ['attachments', attachments.join('; ') || '-'],
    ['status', `${letter?.status ?? 'unknown'}${letter?.forwarding?.failure ? `  ${letter.forwarding.failure.code}: ${letter.forwarding.failure.message}` : ''}`],
  ];
  const headline = error ? `forward FAILED: ${error.message}` : mails.length > 0 ? 'forwarded to the raadsleden' : 'forward run sent nothing';
  return `\n● ${headline}\n${rows.map(([k, v]) => `  ${k.padEnd(13)}${v}`).join('\n')}`;
}

/** What the griffier's browser does: GET the page (decides nothing), then POST the form with "approve". */
async function approveAsGriffier(link: string): Promise<void> {
  const page = await fetch(link);
  const form = /<form[^>]*action="([^"]*)"/.exec(await page.text());
  const token = new URL(link).searchParams.get('t') ?? '';
  const res = await fetch(new URL(form?.[1] ?? '/', link), {
    method: 'POST',
    body: new URLSearchParams({ token, decision: 'approve', note: 'Demo: goedgekeurd door npm start.' }),
  });
  const status = /role="status">([^<]*)</.exec(await res.text())?.[1] ?? '(no status on the page)';
  console.log(`  GET ${page.status}, POST ${res.status}: ${status}`);
}

const formatAttachments = (letter: Letter): string =>
  letter.attachments
    .map((a) => `${a.filename ?? '(no name)'} (${a.contentType}, ${Math.max(1, Math.round(a.size / 1024))} kB${a.hasText ? ', text read' : ''})`)
    .join('; ');

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
