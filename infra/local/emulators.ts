/**
 * The three AWS emulators Raadspost runs against locally, in-process and on loopback only (STYLE 6.8):
 * dynalite (DynamoDB), s3rver (S3) and aws-ses-v2-local (SES v2, with a web view of sent mail and GET /store).
 * Used by `npm start` (fixed ports) and by the integration tests' globalSetup (port 0 = any free port).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sesLocalModule from 'aws-ses-v2-local';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { EMULATOR_CREDENTIALS } from '../../shared/adapters/aws-clients.js';
import { withTransactWriteItems } from './dynalite-transactions.js';

export type EmulatorName = 's3' | 'dynamodb' | 'ses';

export interface EmulatorEndpoints {
  readonly s3: string;
  readonly dynamodb: string;
  readonly ses: string;
}

export interface StartEmulatorsOptions {
  /** @default '127.0.0.1' - the emulators have no authentication, so they never listen beyond loopback */
  readonly host?: string;
  /** Port per emulator; 0 picks a free one. */
  readonly ports: Readonly<Record<EmulatorName, number>>;
  /**
   * Keep DynamoDB's and S3's data in this folder (`dynamodb/`: dynalite's LevelDB, `s3/`: s3rver's files), to be found
   * again by the next start. One process at a time (see infra/local/data-folder.ts).
   * @default in memory and a temporary folder, both gone after stop
   */
  readonly dataDir?: string;
}

export interface Emulators {
  readonly endpoints: EmulatorEndpoints;
  /** Closes the servers (and the data folder's database); removes s3rver's temporary directory, never a data folder. */
  stop(): Promise<void>;
}

/**
 * The dummy credentials local runs put in the environment (the clients sign with them anyway when they have an
 * endpoint override): a guard that nothing local, a test's own client included, signs with real keys.
 */
export const LOCAL_AWS_ENV = {
  AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
  // Local runs are on Node 20; the functions run on nodejs22.x, so the SDK's Node 20 notice is noise here.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;

/** A fixed port is taken (another `npm start`, or another program). */
export class PortInUseError extends Error {
  constructor(
    readonly service: string,
    readonly host: string,
    readonly port: number,
    options?: ErrorOptions,
  ) {
    super(`${service}: port ${port} on ${host} is already in use`, options);
    this.name = 'PortInUseError';
  }
}

/** Starts dynalite, s3rver and aws-ses-v2-local; if one fails, the ones already running are stopped again. */
export async function startEmulators({ host = '127.0.0.1', ports, dataDir }: StartEmulatorsOptions): Promise<Emulators> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    // DynamoDB: no artificial CREATING delays; in memory, or LevelDB in the data folder (its log is written on every
    // change, so a killed process loses nothing the emulator had answered).
    // dynalite has no transactions; the approval decision needs TransactWriteItems (see dynalite-transactions.ts).
    const ddb = withTransactWriteItems(
      dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dataDir && { path: join(dataDir, 'dynamodb') }) }),
    );
    const ddbPort = await listen(ddb, 'dynamodb emulator (dynalite)', host, ports.dynamodb);
    stops.push(() => closeServer(ddb));

    // S3: s3rver is a Koa app; we serve its callback from our own server so a busy port is a clean error.
    let directory: string;
    if (dataDir) {
      directory = join(dataDir, 's3');
      await mkdir(directory, { recursive: true });
    } else {
      const temporary = await mkdtemp(join(tmpdir(), 'raadspost-s3rver-'));
      stops.push(() => rm(temporary, { recursive: true, force: true }));
      directory = temporary;
    }
    const s3rver = new S3rver({ directory, silent: true });
    const s3 = createServer(s3rver.callback());
    const s3Port = await listen(s3, 's3 emulator (s3rver)', host, ports.s3);
    stops.push(() => closeServer(s3));

    // SES: aws-ses-v2-local resolves even when listen fails (express passes the error to a callback it ignores).
    const ses = await startSesLocal({ host, port: ports.ses });
    if (!ses.listening) throw new PortInUseError('ses emulator (aws-ses-v2-local)', host, ports.ses);
    stops.push(() => closeServer(ses));

    const url = (port: number) => `http://${host}:${port}`;
    return {
      endpoints: { s3: url(s3Port), dynamodb: url(ddbPort), ses: url((ses.address() as AddressInfo).port) },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

// CommonJS module with `exports.default`: under Node's ESM loader the default import is module.exports.
type SesLocalStart = typeof sesLocalModule.default;
const startSesLocal: SesLocalStart =
  typeof sesLocalModule === 'function' ? (sesLocalModule as SesLocalStart) : sesLocalModule.default;

/** Listens on host:port and resolves the actual port; EADDRINUSE becomes PortInUseError. */
export const listen = (server: Server, service: string, host: string, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(service, host, port, { cause: err }) : err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });

/** Closes a server without waiting for idle keep-alive connections of SDK clients. */
export const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve, reject) => {
    server.close((err) => (err && (err as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING' ? reject(err) : resolve()));
    server.closeAllConnections();
  });
