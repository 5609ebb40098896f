import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './fixtures.js';

/**
 * The team's read-only material (/work/shared) sits next to the repository as ../shared on developer machines.
 * Tests that use it skip, with a visible note, where it is absent (CI, a fresh clone).
 */
export const SHARED_ROOT = path.resolve(REPO_ROOT, '..', 'shared');

/** The absolute path of something under ../shared, or null when it is not there. */
export function sharedMaterial(...segments: string[]): string | null {
  const full = path.resolve(SHARED_ROOT, ...segments);
  return existsSync(full) ? full : null;
}
