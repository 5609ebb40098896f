/**
 * `npm start`: Raadspost on this machine. Starts the emulators, the SMTP intake, the approval page and the
 * Lambda API stand-in, sends the demo letters through the intake and prints what the real handlers did: the
 * stored letter, the approval link from the approval mail (`approval: <url>`), and every forward to the
 * raadsleden after the griffier clicked "Goedkeuren en doorsturen". Then keeps running.
 *
 * DynamoDB and S3 keep their data in the data folder (local-data/, or RAADSPOST_DATA_DIR): after Ctrl-C, SIGTERM or
 * a crash the next start continues with the same letters and register numbers. `npm start -- --fresh` empties it
 * first. The SES emulator's mailbox is in memory only.
 *
 * Environment (all optional): the ports in infra/local/local-config.ts (RAADSPOST_SMTP_PORT, RAADSPOST_APPROVAL_PORT,
 * RAADSPOST_S3_PORT, RAADSPOST_DYNAMODB_PORT, RAADSPOST_SES_PORT, RAADSPOST_LAMBDA_PORT), RAADSPOST_DATA_DIR,
 * RAADSPOST_EXIT_AFTER_DEMO=1 to approve the demo letter over HTTP as the griffier would, and stop (smoke test).
 */
import { acknowledgementsDue } from '../../shared/domain/acknowledgement.js';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createTransport } from 'nodemailer';
import type { Letter } from '../../shared/domain/letter.js';
import { approveAsGriffier } from './approve-as-griffier.js';
import { DataFolderInUseError, openDataFolder, type DataFolder } from './data-folder.js';
import { buildDemoLetterEml, buildSeedEml, type DemoMail } from './demo-letter.js';
import { PortInUseError } from './emulators.js';
import { DATA_DIR_VARIABLE, LOCAL_PORTS, LOCAL_STACK, LocalConfigError, localDataDir, localPorts, type LocalPortName, type LocalPorts } from './local-config.js';
import { OutdatedLocalTableError } from './resources.js';
import { startLocalStack, type AcknowledgementRun, type ForwardRun, type IngestedMail, type LocalStack } from './stack.js';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const SEED_DIR = resolve(REPO_ROOT, '..', 'shared', 'seed');

const USAGE = `usage: npm start [-- --fresh]

  --fresh   start with an empty register: delete the data folder's DynamoDB and S3 data first`;

async function main(): Promise<number> {
  // The readable summary below is what a person reads here; the JSON operator log only on request.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  let fresh: boolean;
  let ports: LocalPorts;
  try {
    fresh = parseArgs({ args: process.argv.slice(2), options: { fresh: { type: 'boolean' } } }).values.fresh === true;
    ports = localPorts(process.env);
  } catch (err) {
    console.error(`cannot start: ${err instanceof Error ? err.message : String(err)}\n\n${err instanceof LocalConfigError ? '' : USAGE}`);
    return 2;
  }

  const dataDir = localDataDir(process.env);
  let data: DataFolder;
  try {
    data = await openDataFolder(dataDir, { fresh });
  } catch (err) {
    if (!(err instanceof DataFolderInUseError)) throw err;
    console.error(`cannot start: ${err.message}. Stop that one first, or give this one its own folder with ${DATA_DIR_VARIABLE}.`);
    return 1;
  }
  const approvalLinks: string[] = [];

  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      ports,
      ...LOCAL_STACK,
      dataDir,
      onIngested: (mail) => {
        approvalLinks.push(...mail.approvalLinks);
        console.log(formatIngested(mail));
      },
      onForwardRun: (run) => console.log(formatForwardRun(run)),
      onAcknowledged: (run) => console.log(formatAcknowledgementRun(run)),
    });
  } catch (err) {
    await data.release();
    if (err instanceof PortInUseError) {
      const busy = (Object.keys(ports) as LocalPortName[]).find((k) => ports[k] === err.port);
      console.error(`cannot start: ${err.message}. Stop what uses it (another \`npm start\`?)${busy ? ` or set ${LOCAL_PORTS[busy].variable} to a free port` : ''}.`);
      return 1;
    }
    if (err instanceof OutdatedLocalTableError) {
      console.error(`cannot start: ${err.message}. Start with an empty register: npm start -- --fresh`);
      return 1;
    }
    throw err;
  }
  // The demo files go to the data folder: this run's own (the folder has one process), and no litter after a crash.
  const demoDir = join(dataDir, 'demo');
  await mkdir(demoDir, { recursive: true });
  const stop = async () => {
    await stack.stop();
    await data.release();
  };

  const inCwd = relative(process.cwd(), dataDir);
  const shownDataDir = inCwd && !inCwd.startsWith('..') ? inCwd : dataDir;
  console.log(`Raadspost local stack is up.
  SMTP intake    smtp://${stack.smtp.host}:${stack.smtp.port}  (stands in for SES inbound)
  S3             ${stack.endpoints.s3}  bucket ${stack.config.rawMailBucket}, prefix ${stack.config.rawMailPrefix}
  DynamoDB       ${stack.endpoints.dynamodb}  table ${stack.config.lettersTable}
  SES mailbox    ${stack.endpoints.ses}  (web view of mail Raadspost sends: approval mails and forwards; in memory only)
  Approval page  ${stack.approval.url}  (functions/approval behind a local Function URL)
  Register pages ${stack.register.url}  (functions/register: the daily overview's links and the lijst ingekomen stukken)
  Lambda API     ${stack.lambda.endpoint}  (invokes functions/forward-letter and functions/acknowledge in-process)
  Data           ${shownDataDir}/  (${data.kept ? 'kept from the last run: its letters, approval links and register numbers still count' : fresh ? 'emptied (--fresh): the register starts at 1' : 'new: the register starts at 1'}; Ctrl-C keeps it, npm start -- --fresh empties it)
  Griffier       ${stack.approval.settings.approvers.join(', ')}; raadsleden: ${stack.approval.settings.councilList.length} addresses
mailbox: ${stack.endpoints.ses}
`);

  const demos: { file: string; mail: DemoMail }[] = [{ file: 'demo-glip-zuid.eml', mail: await buildDemoLetterEml() }];
  for (const seed of await seedTexts()) {
    demos.push({ file: `seed-${seed.name.replace(/\.txt$/, '')}.eml`, mail: await buildSeedEml(seed.text) });
  }
  if (demos.length === 1) console.log(`(no ../shared/seed next to the repository: only the built-in demo letter is sent)\n`);

  const transport = createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true });
  try {
    for (const { file, mail } of demos) {
      await writeFile(join(demoDir, file), mail.raw);
      console.log(`Sending ${file} (${mail.raw.byteLength} bytes, Message-ID <${mail.messageId}>, the same at every start) to the intake …`);
      await transport.sendMail({ envelope: { from: mail.envelope.from, to: [...mail.envelope.to] }, raw: mail.raw });
    }
  } finally {
    transport.close();
  }

  if (process.env.RAADSPOST_EXIT_AFTER_DEMO === '1') {
    const first = approvalLinks[0];
    if (first) {
      console.log('\nApproving the demo letter as the griffier would (RAADSPOST_EXIT_AFTER_DEMO=1): open the link, then click "Goedkeuren en doorsturen" …');
      const { get, post, status } = await approveAsGriffier(first, 'Demo: goedgekeurd door npm start.');
      console.log(`  GET ${get}, POST ${post}: ${status}`);
      await stack.lambda.idle();
    } else {
      console.log('\nNo approval link for the demo letter (RAADSPOST_EXIT_AFTER_DEMO=1): nothing to approve.');
    }
    await stop();
    console.log('Demo done (RAADSPOST_EXIT_AFTER_DEMO=1): stopped.');
    return 0;
  }

  // Another shell finds this stack by the same variables: repeat the ones whose real port is not the default.
  const portOf = (url: string) => Number(new URL(url).port);
  const listening: LocalPorts = {
    smtp: stack.smtp.port,
    approval: portOf(stack.approval.url),
    register: portOf(stack.register.url),
    s3: portOf(stack.endpoints.s3),
    dynamodb: portOf(stack.endpoints.dynamodb),
    ses: portOf(stack.endpoints.ses),
    lambda: portOf(stack.lambda.endpoint),
  };
  const vars = (...names: LocalPortName[]) =>
    names
      .filter((n) => listening[n] !== LOCAL_PORTS[n].fallback)
      .map((n) => `${LOCAL_PORTS[n].variable}=${listening[n]} `)
      .join('');
  const operationsVars = vars('s3', 'dynamodb', 'ses', 'lambda', 'approval', 'register');
  console.log(`
Open an approval link above in your browser (it decides nothing until you click a button), or look at
the mail in the SES mailbox. After "Goedkeuren en doorsturen" the forward to the raadsleden is printed here.

Waiting for mail. Send your own to smtp://${stack.smtp.host}:${stack.smtp.port} (no TLS, no login):
  ${vars('smtp')}npx raadspost send path/to/message.eml          (the demo files are in ${join(shownDataDir, 'demo')})
  swaks --server ${stack.smtp.host}:${stack.smtp.port} --from you@example.nl --to griffie@heemstede.nl --attach @brief.pdf
  or a mail client with SMTP server ${stack.smtp.host}, port ${stack.smtp.port}
Each message is stored in S3 and ingested by functions/ingest-mail exactly as SES would trigger it.
Operations on this stack, from another shell:
  ${operationsVars}npx raadspost reconcile --local --older-than 0
  ${operationsVars}npx raadspost reprocess --local <message-id>
  ${operationsVars}npx raadspost overzicht --local          (the daily overview to the griffier, in the SES mailbox)
  ${operationsVars}npx raadspost lijst --local [--openbaar] [--format csv|html|docx --out FILE]
  ${operationsVars}npx raadspost correcties --local --out DIR
Ctrl-C stops (the data folder stays).
`);

  await new Promise<void>((done) => {
    // A terminal's Ctrl-C reaches this process twice (from the terminal and relayed by tsx): a second signal while
    // stopping must not end the process before the data folder is given up.
    let stopping = false;
    const shutdown = () => {
      if (stopping) return;
      stopping = true;
      console.log('\nStopping …');
      stop().then(done, (err: unknown) => {
        console.error(err);
        done();
      });
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  });
  return 0;
}

async function seedTexts(): Promise<{ name: string; text: string }[]> {
  const names = await readdir(SEED_DIR).catch(() => [] as string[]);
  return Promise.all(
    names.filter((n) => n.endsWith('.txt')).sort().map(async (name) => ({ name, text: await readFile(join(SEED_DIR, name), 'utf8') })),
  );
}

/** A readable summary of what was stored (the developer's console, not a log: Lambda never prints this). */
function formatIngested({ messageId, envelope, outcomes, letter, approvalLinks }: IngestedMail): string {
  const outcome = outcomes
    .map((o) =>
      o.kind === 'quarantined'
        ? `quarantined (${o.code})`
        : o.kind === 'copy'
          ? `copy of ${o.firstId} (the same letter again, by ${o.by === 'message_id' ? 'its Message-ID' : 'sender, subject, text and attachments'}: recorded, not offered again)`
          : o.kind === 'in_campaign'
            ? `campaign letter: counted with ${o.firstId}, not offered on its own`
            : o.kind,
    )
    .join(', ');
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
    ...(letter.risks.length > 0 ? [['risks', letter.risks.map((r) => r.code).join(', ')] as [string, string]] : []),
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

/** What the acknowledgement function did after a forward (the developer's console). */
function formatAcknowledgementRun({ letterId, letter, acknowledgements, mails, error }: AcknowledgementRun): string {
  const rows: [string, string][] = [
    ['id', letterId],
    ['sent', mails.map((m) => `${m.destination.to.join(', ')}: ${m.subject}`).join('; ') || '-'],
    ['skipped', acknowledgements.filter(({ record }) => record.state === 'skipped').map(({ key, record }) => `${key} (${record.reason})`).join('; ') || '-'],
    ['letters', letter && !acknowledgementsDue(letter) ? `all ${letter.acknowledged?.letters} handled` : 'not all handled yet (the reconciler runs it again)'],
  ];
  return `\n● ${error ? `acknowledgement FAILED: ${error.message}` : 'acknowledgement to the sender'}\n${rows.map(([k, v]) => `  ${k.padEnd(13)}${v}`).join('\n')}`;
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
