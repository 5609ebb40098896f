import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The repository root, for tests that resolve files relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Reads a hand-made mail fixture from test/fixtures/mail. */
export const mailFixture = async (name: string): Promise<Uint8Array> =>
  new Uint8Array(await readFile(new URL(`../fixtures/mail/${name}`, import.meta.url)));
