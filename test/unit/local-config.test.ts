/** What `npm start` is (ports, names, environment), its data folder's lock, and the README that documents them. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFolderInUseError, openDataFolder } from '../../infra/local/data-folder.js';
import {
  DATA_DIR_VARIABLE,
  DEFAULT_DATA_DIR,
  LOCAL_PORTS,
  LOCAL_STACK,
  LocalConfigError,
  localDataDir,
  localEnvironment,
  localPorts,
} from '../../infra/local/local-config.js';
import { loadAcknowledgeConfig, loadCorrectionsConfig, loadForwardConfig, loadIngestConfig, loadListConfig, loadOverviewConfig, loadRegisterConfig } from '../../shared/config.js';
import { sendCommand } from '../../shared/cli/send-command.js';

describe('local ports and environment', () => {
  it('uses the fixed ports unless a RAADSPOST_*_PORT variable moves one', () => {
    expect(localPorts({})).toEqual({ smtp: 2525, approval: 3000, register: 3001, s3: 4569, dynamodb: 4567, ses: 8005, lambda: 4574 });
    expect(localPorts({ RAADSPOST_SMTP_PORT: '2600', RAADSPOST_S3_PORT: ' 0 ' })).toMatchObject({ smtp: 2600, s3: 0, dynamodb: 4567 });
  });

  it.each(['abc', '-1', '70000', '25.5'])('refuses RAADSPOST_DYNAMODB_PORT=%j, naming the variable', (value) => {
    expect(() => localPorts({ RAADSPOST_DYNAMODB_PORT: value })).toThrow(new LocalConfigError(`RAADSPOST_DYNAMODB_PORT must be a port number (0 to 65535), got "${value}"`));
  });

  it('gives the functions’ environment of the stack those ports describe, which every loader accepts', () => {
    // Act
    const env = localEnvironment({ RAADSPOST_DYNAMODB_PORT: '5000', RAADSPOST_APPROVAL_PORT: '3100' });

    // Assess
    const ingest = loadIngestConfig(env);
    expect(ingest).toMatchObject({ lettersTable: LOCAL_STACK.table, rawMailBucket: LOCAL_STACK.bucket, rawMailPrefix: 'inbound/' });
    expect(ingest.endpoints).toEqual({ s3: 'http://127.0.0.1:4569', dynamodb: 'http://127.0.0.1:5000', ses: 'http://127.0.0.1:8005', lambda: 'http://127.0.0.1:4574' });
    expect(ingest.approval.baseUrl).toBe('http://127.0.0.1:3100/');
    expect(loadForwardConfig(env).councilList).toHaveLength(5);
    // Acknowledgements are on locally; the overview, the register pages and the list find what they need.
    expect(loadForwardConfig(env).acknowledgeFunctionName).toBe('raadspost-local-acknowledge');
    expect(loadAcknowledgeConfig(env).griffieAddress).toBe('griffie@heemstede.nl');
    expect(loadOverviewConfig(env).registerBaseUrl).toBe('http://127.0.0.1:3001/');
    expect(loadRegisterConfig(env).approval.baseUrl).toBe('http://127.0.0.1:3100/');
    expect(loadListConfig(env).lettersTable).toBe(LOCAL_STACK.table);
    expect(loadCorrectionsConfig(env).rawMailBucket).toBe(LOCAL_STACK.bucket);
  });

  it('cannot find a stack on "any free port"', () => {
    expect(() => localEnvironment({ RAADSPOST_S3_PORT: '0' })).toThrow(/RAADSPOST_S3_PORT=0 \(any free port\) cannot be found again/);
  });

  it('keeps the data in local-data/ of the checkout unless RAADSPOST_DATA_DIR says otherwise', () => {
    expect(DEFAULT_DATA_DIR).toBe(resolve(import.meta.dirname, '../../local-data'));
    expect(localDataDir({})).toBe(DEFAULT_DATA_DIR);
    expect(localDataDir({ [DATA_DIR_VARIABLE]: 'elders' })).toBe(resolve('elders'));
  });

  it('documents every port variable, the data folder and its place in .gitignore', async () => {
    const readme = await readFile(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    for (const { variable, fallback } of Object.values(LOCAL_PORTS)) expect(readme).toMatch(new RegExp(`\\| \`${variable}\` \\| ${fallback} \\|`));
    expect(readme).toContain(`\`${DATA_DIR_VARIABLE}\``);
    expect(await readFile(resolve(import.meta.dirname, '../../.gitignore'), 'utf8')).toMatch(/^\/local-data\/$/m);
  });

  it('refuses a bad RAADSPOST_SMTP_PORT in `raadspost send` with the usage (exit 2)', async () => {
    expect(await sendCommand(['x.eml'], { RAADSPOST_SMTP_PORT: 'smtp' })).toBe(2);
  });
});

describe('openDataFolder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'raadspost-data-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('holds the folder for one process and gives it up again', async () => {
    // Act
    const data = await openDataFolder(join(dir, 'data'));

    // Assess
    expect(data.kept).toBe(false);
    expect(await readFile(join(dir, 'data', 'lock'), 'utf8')).toBe(`${process.pid}\n`);
    await data.release();
    expect(existsSync(join(dir, 'data', 'lock'))).toBe(false);
  });

  it('refuses a folder a running process holds, naming it', async () => {
    await writeFile(join(dir, 'lock'), `${process.ppid}\n`);
    await expect(openDataFolder(dir)).rejects.toThrow(new DataFolderInUseError(dir, process.ppid));
  });

  it('takes over the lock of a process that is gone (a crash), and keeps its data', async () => {
    await writeFile(join(dir, 'lock'), '99999999\n');
    await writeFile(join(dir, 'dynamodb'), 'kept');
    const data = await openDataFolder(dir);
    expect(data.kept).toBe(true);
    expect(await readFile(join(dir, 'lock'), 'utf8')).toBe(`${process.pid}\n`);
    await data.release();
  });

  it('empties the emulators’ data with fresh, and only that', async () => {
    await writeFile(join(dir, 'dynamodb'), 'old');
    await writeFile(join(dir, 's3'), 'old');
    await writeFile(join(dir, 'notes.txt'), 'mine');
    const data = await openDataFolder(dir, { fresh: true });
    expect(data.kept).toBe(false);
    expect([existsSync(join(dir, 'dynamodb')), existsSync(join(dir, 's3')), existsSync(join(dir, 'notes.txt'))]).toEqual([false, false, true]);
    await data.release();
  });
});
