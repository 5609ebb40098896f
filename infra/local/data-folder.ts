/**
 * The folder where `npm start` keeps DynamoDB's and S3's data between runs, held by one process at a time.
 *
 * Two emulators on one LevelDB folder would crash the second (dynalite does not report LevelDB's lock, it throws),
 * so the folder has its own lock file with the holder's pid. A lock whose process is gone (kill -9, a crash) is
 * taken over; nothing else is needed to recover: what the emulators had answered is on disk.
 */
import { mkdir, open, readFile, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Another running process holds the folder. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly path: string,
    readonly pid: number,
  ) {
    super(`the data folder ${path} is in use by another npm start (process ${pid})`);
    this.name = 'DataFolderInUseError';
  }
}

export interface DataFolder {
  readonly path: string;
  /** True when it held data from an earlier run (false when new or started with `fresh`). */
  readonly kept: boolean;
  /** Gives the folder up (removes our lock). */
  release(): Promise<void>;
}

/** The emulators' parts of the folder (emulators.ts); `fresh` empties exactly these. */
const DATA_PARTS = ['dynamodb', 's3'] as const;
const LOCK = 'lock';

/**
 * Takes the folder (creating it when needed) for this process; with `fresh`, after taking it, deletes its data.
 * @throws DataFolderInUseError when a running process holds it
 */
export async function openDataFolder(path: string, { fresh = false }: { fresh?: boolean } = {}): Promise<DataFolder> {
  await mkdir(path, { recursive: true });
  const lock = join(path, LOCK);
  await takeLock(lock, path);
  try {
    if (fresh) for (const part of DATA_PARTS) await rm(join(path, part), { recursive: true, force: true });
    const kept = !fresh && (await exists(join(path, 'dynamodb')));
    return {
      path,
      kept,
      release: async () => {
        if ((await holderOf(lock)) === process.pid) await unlink(lock).catch(() => undefined);
      },
    };
  } catch (err) {
    await unlink(lock).catch(() => undefined);
    throw err;
  }
}

async function takeLock(lock: string, path: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const file = await open(lock, 'wx'); // atomic: fails when the file exists
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await holderOf(lock);
    if (holder !== undefined && holder !== process.pid && isRunning(holder)) throw new DataFolderInUseError(path, holder);
    await unlink(lock).catch(() => undefined); // left by a process that is gone: take it over
  }
  const holder = await holderOf(lock);
  throw new DataFolderInUseError(path, holder ?? 0);
}

const holderOf = async (lock: string): Promise<number | undefined> => {
  const text = await readFile(lock, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
};

/** Signal 0 checks that the process exists; EPERM means it does, as another user's. */
const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);
