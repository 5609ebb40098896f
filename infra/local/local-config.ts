/**
 * What `npm start` is on this machine, declared once: its ports (RAADSPOST_*_PORT), its fixed resource names and its
 * demo griffie, and the environment the functions get from them. The local stack (stack.ts, start.ts) starts from
 * these, and the CLI's `--local` (shared/cli/local-option.ts) finds the running stack by the same declarations, so
 * nothing else needs to be set or copied.
 *
 * No emulator is imported here: the CLI loads this without starting anything.
 */
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { ENV } from '../../shared/config.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** The ports of `npm start`, each with the variable that moves it and what listens there. */
export const LOCAL_PORTS = {
  smtp: { variable: 'RAADSPOST_SMTP_PORT', fallback: 2525, service: 'the SMTP intake' },
  approval: { variable: 'RAADSPOST_APPROVAL_PORT', fallback: 3000, service: 'the approval page' },
  register: { variable: 'RAADSPOST_REGISTER_PORT', fallback: 3001, service: 'the register pages (daily overview links, the list)' },
  s3: { variable: 'RAADSPOST_S3_PORT', fallback: 4569, service: 'the S3 emulator' },
  dynamodb: { variable: 'RAADSPOST_DYNAMODB_PORT', fallback: 4567, service: 'the DynamoDB emulator' },
  ses: { variable: 'RAADSPOST_SES_PORT', fallback: 8005, service: 'the SES emulator' },
  lambda: { variable: 'RAADSPOST_LAMBDA_PORT', fallback: 4574, service: 'the Lambda API stand-in' },
} as const;

export type LocalPortName = keyof typeof LOCAL_PORTS;
export type LocalPorts = Readonly<Record<LocalPortName, number>>;

/** The variable that moves `npm start`'s data folder. */
export const DATA_DIR_VARIABLE = 'RAADSPOST_DATA_DIR';

/** The data folder's default: `local-data/` in the checkout (git-ignored). */
export const DEFAULT_DATA_DIR = resolve(import.meta.dirname, '../../local-data');

/** Where `npm start` keeps DynamoDB's and S3's data: RAADSPOST_DATA_DIR (relative to the working directory) or local-data/. */
export const localDataDir = (env: Env): string => {
  const value = env[DATA_DIR_VARIABLE]?.trim();
  return value ? resolve(value) : DEFAULT_DATA_DIR;
};

/** Where everything listens: loopback only (the emulators have no authentication). */
export const LOCAL_HOST = '127.0.0.1';

/** A RAADSPOST_* setting that is not usable; the message names the variable. */
export class LocalConfigError extends Error {}

/** The port of one service from its variable (0 = any free port), or its fixed default. */
export function localPort(name: LocalPortName, env: Env): number {
  const { variable, fallback } = LOCAL_PORTS[name];
  const value = env[variable]?.trim();
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new LocalConfigError(`${variable} must be a port number (0 to 65535), got "${value}"`);
  return n;
}

/** Every port from RAADSPOST_*_PORT. @throws LocalConfigError naming the variable */
export const localPorts = (env: Env): LocalPorts =>
  Object.fromEntries((Object.keys(LOCAL_PORTS) as LocalPortName[]).map((name) => [name, localPort(name, env)])) as Record<LocalPortName, number>;

/** The settings the approval mail and the forward need (the functions' MUNICIPALITY_NAME, GRIFFIE_ADDRESS, ...). */
export interface ApprovalSettings {
  /** MUNICIPALITY_NAME. */
  readonly municipality: string;
  /** GRIFFIE_ADDRESS: the approval mail and the forwards come from it. */
  readonly griffieAddress: string;
  /** APPROVERS: who gets the approval mail. */
  readonly approvers: readonly string[];
  /** COUNCIL_LIST: the raadsleden. */
  readonly councilList: readonly string[];
}

/** The demo griffie of Heemstede (fictional people; nothing leaves this machine: SES is the emulator). */
export const HEEMSTEDE_DEMO: ApprovalSettings = {
  municipality: 'Heemstede',
  griffieAddress: 'griffie@heemstede.nl',
  approvers: ['griffier@heemstede.nl'],
  councilList: [
    'raadslid.bakker@heemstede.nl',
    'raadslid.de-jong@heemstede.nl',
    'raadslid.el-amrani@heemstede.nl',
    'raadslid.jansen@heemstede.nl',
    'raadslid.van-dijk@heemstede.nl',
  ],
};

/** The forward function's name, as the approval function's trigger invokes it. */
export const LOCAL_FORWARD_FUNCTION = 'raadspost-local-forward-letter';

/** The acknowledgement function's name, as the forward function's trigger invokes it (acknowledgements are on locally). */
export const LOCAL_ACKNOWLEDGE_FUNCTION = 'raadspost-local-acknowledge';

/** `npm start`'s resources: fixed names, so its data folder and a second look (`--local`, the AWS CLI) find them. */
export const LOCAL_STACK = {
  region: 'eu-west-1',
  bucket: 'raadspost-local-raw-mail',
  table: 'raadspost-local-letters',
  rawMailPrefix: 'inbound/',
  ownDomains: ['heemstede.nl'],
  approval: HEEMSTEDE_DEMO,
} as const;

export interface LocalFunctionEnvironmentInput {
  readonly region: string;
  readonly bucket: string;
  readonly table: string;
  readonly rawMailPrefix: string;
  readonly ownDomains: readonly string[];
  readonly approval: ApprovalSettings;
  /** The approval page's URL (APPROVAL_BASE_URL: the links in approval mails start with it). */
  readonly approvalBaseUrl: string;
  /** The register pages' URL (REGISTER_BASE_URL: the daily overview's links start with it). */
  readonly registerBaseUrl: string;
  readonly endpoints: { readonly s3: string; readonly dynamodb: string; readonly ses: string; readonly lambda: string };
}

/** The functions' environment on the local stack: what the CDK stack sets in AWS, plus the emulators' endpoints. */
export const localFunctionEnvironment = (input: LocalFunctionEnvironmentInput): Record<string, string> => ({
  [ENV.region]: input.region,
  [ENV.rawMailBucket]: input.bucket,
  [ENV.rawMailPrefix]: input.rawMailPrefix,
  [ENV.lettersTable]: input.table,
  [ENV.ownDomains]: input.ownDomains.join(','),
  [ENV.municipality]: input.approval.municipality,
  [ENV.griffieAddress]: input.approval.griffieAddress,
  [ENV.approvers]: input.approval.approvers.join(','),
  [ENV.councilList]: input.approval.councilList.join(','),
  [ENV.approvalBaseUrl]: input.approvalBaseUrl,
  [ENV.registerBaseUrl]: input.registerBaseUrl,
  [ENV.forwardFunctionName]: LOCAL_FORWARD_FUNCTION,
  [ENV.acknowledgeFunctionName]: LOCAL_ACKNOWLEDGE_FUNCTION,
  [ENV.s3Endpoint]: input.endpoints.s3,
  [ENV.dynamodbEndpoint]: input.endpoints.dynamodb,
  [ENV.sesEndpoint]: input.endpoints.ses,
  [ENV.lambdaEndpoint]: input.endpoints.lambda,
});

const url = (port: number, path = '') => `http://${LOCAL_HOST}:${port}${path}`;

/**
 * The functions' environment of the `npm start` that these RAADSPOST_*_PORT settings describe (the defaults when
 * unset). It does not check that the stack runs: see `findLocalStack`.
 * @throws LocalConfigError for a bad port, or a port of 0 (a stack on "any free port" cannot be found again)
 */
export function localEnvironment(env: Env): Record<string, string> {
  const ports = localPorts(env);
  for (const name of ['s3', 'dynamodb', 'ses', 'lambda', 'approval', 'register'] as const) {
    if (ports[name] === 0) throw new LocalConfigError(`${LOCAL_PORTS[name].variable}=0 (any free port) cannot be found again: give the port npm start printed`);
  }
  return localFunctionEnvironment({
    ...LOCAL_STACK,
    approvalBaseUrl: url(ports.approval, '/'),
    registerBaseUrl: url(ports.register, '/'),
    endpoints: { s3: url(ports.s3), dynamodb: url(ports.dynamodb), ses: url(ports.ses), lambda: url(ports.lambda) },
  });
}

/** Nothing listens where the settings say `npm start` runs. */
export class LocalStackNotRunningError extends Error {}

/**
 * The running local stack's environment, for a command's `--local`: `localEnvironment(env)` after checking that the
 * DynamoDB and S3 emulators answer on their ports, so a stopped stack is one clear message, not five SDK retries.
 * @example
 * const config = loadIngestConfig(await findLocalStack(process.env));
 * @throws LocalConfigError, LocalStackNotRunningError
 */
export async function findLocalStack(env: Env): Promise<Record<string, string>> {
  const environment = localEnvironment(env);
  const ports = localPorts(env);
  for (const name of ['dynamodb', 's3'] as const) {
    if (!(await answers(ports[name]))) {
      throw new LocalStackNotRunningError(
        `no local stack: nothing listens on ${LOCAL_HOST}:${ports[name]}, where ${LOCAL_PORTS[name].variable} puts ${LOCAL_PORTS[name].service}. ` +
          'Start it with `npm start`, and give this command the same RAADSPOST_*_PORT variables.',
      );
    }
  }
  return environment;
}

/** True when a TCP connection to the port opens within a second. */
const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: LOCAL_HOST, port, timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
