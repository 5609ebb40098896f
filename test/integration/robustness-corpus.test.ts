import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/ingest-mail/handler.js';
import { buildSesEvent } from '../../infra/local/ses-event.js';
import { makeDocumentClient, makeS3Client } from '../../shared/adapters/aws-clients.js';
import { DynamoDbLetterRepository } from '../../shared/adapters/dynamodb-letter-repository.js';
import { S3RawMailStore } from '../../shared/adapters/s3-raw-mail-store.js';
import { buildIngestDeps } from '../../shared/adapters/ingest-wiring.js';
import { makeIngestMail } from '../../shared/application/ingest-mail.js';
import { logger } from '../../shared/logger.js';
import { provisionTestResources } from '../support/resources.js';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const CORPUS = resolve(REPO_ROOT, '..', 'shared', 'corpus', 'robustness');
const present = existsSync(CORPUS);
if (!present) console.warn(`robustness corpus skipped: ${CORPUS} is not there (it lives beside the repository, in ../shared)`);

/** Every file, any extension: README and LICENSE files included, since the pipeline must survive them too. */
const listFiles = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { withFileTypes: true, recursive: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();

const files = present ? await listFiles(CORPUS) : [];
const PER_MESSAGE_MS = 20_000;

let handler: ReturnType<typeof createHandler>;
let rawMail: S3RawMailStore;
let letters: DynamoDbLetterRepository;
const tally = new Map<string, number>();

beforeAll(async () => {
  if (!present) return;
  const config = await provisionTestResources('corpus');
  handler = createHandler({ ingestMail: makeIngestMail(buildIngestDeps(config)), logger, rawMailPrefix: config.rawMailPrefix });
  rawMail = new S3RawMailStore(makeS3Client(config), config.rawMailBucket);
  letters = new DynamoDbLetterRepository(makeDocumentClient(config), config.lettersTable);
});

afterAll(() => {
  if (tally.size) console.info(`robustness corpus: ${files.length} files -> ${[...tally].map(([k, n]) => `${k} ${n}`).join(', ')}`);
});

describe.skipIf(!present)('robustness corpus through the ingest handler', () => {
  it('finds the corpus files', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.concurrent.for(files.map((f) => relative(CORPUS, f)))('ingests %s and leaves a record', async (name, { expect }) => {
    // Prepare
    const raw = await readFile(join(CORPUS, name));
    const messageId = `corpus-${createHash('sha256').update(name).digest('hex').slice(0, 24)}`;
    await rawMail.put(`inbound/${messageId}`, raw);
    const event = buildSesEvent({ messageId, raw, source: 'sender@example.org', recipients: ['griffie@heemstede.nl'] });

    // Act
    const result = await withTimeout(handler(event), PER_MESSAGE_MS, name);

    // Assess
    const letter = await letters.get(messageId);
    expect(letter, `no record for ${name}`).toBeDefined();
    // Mail libraries' test suites reuse Message-IDs: such a message is recorded as a copy of the first.
    expect(result.outcomes[0]?.kind).toMatch(/^(stored|quarantined|copy)$/);
    if (letter?.status === 'quarantined') expect(letter.quarantine?.code).toBeTruthy();
    const key = letter?.status === 'quarantined' ? `quarantined:${letter.quarantine?.code}` : letter?.status === 'duplicate' ? 'copy' : `${letter?.category}`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
  });
});

async function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: ingest did not finish within ${ms} ms (hang?)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
