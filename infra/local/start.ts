/**
 * `npm start`: Raadspost on this machine. Starts the emulators and the SMTP intake, sends the demo letters
 * through it and prints what the real ingest handler stored; then keeps running and prints every new message.
 *
 * Environment (all optional): RAADSPOST_S3_PORT (4569), RAADSPOST_DYNAMODB_PORT (4567), RAADSPOST_SES_PORT (8005),
 * RAADSPOST_SMTP_PORT (2525), RAADSPOST_EXIT_AFTER_DEMO=1 to stop after the demo (smoke test).
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTransport } from 'nodemailer';
import type { Letter } from '../../shared/domain/letter.js';
import { buildDemoLetterEml, buildSeedEml, type DemoMail } from './demo-letter.js';
import { PortInUseError } from './emulators.js';
import { startLocalStack, type IngestedMail, type LocalStack } from './stack.js';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const SEED_DIR = resolve(REPO_ROOT, '..', 'shared', 'seed');
const DEMO_DIR = join(tmpdir(), 'raadspost-demo');

const PORT_VARS = {
  s3: ['RAADSPOST_S3_PORT', 4569],
  dynamodb: ['RAADSPOST_DYNAMODB_PORT', 4567],
  ses: ['RAADSPOST_SES_PORT', 8005],
  smtp: ['RAADSPOST_SMTP_PORT', 2525],
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
  };

  let stack: LocalStack;
  try {
    stack = await startLocalStack({ ports, ...LOCAL, onIngested: (mail) => console.log(formatIngested(mail)) });
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
  SES mailbox    ${stack.endpoints.ses}  (web view of mail Raadspost sends)
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
    await stack.stop();
    console.log('Demo done (RAADSPOST_EXIT_AFTER_DEMO=1): stopped.');
    return 0;
  }

  console.log(`
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
function formatIngested({ messageId, envelope, outcomes, letter }: IngestedMail): string {
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
  return `\n● ${outcome}\n${rows.map(([k, v]) => `  ${k.padEnd(13)}${v}`).join('\n')}`;
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
