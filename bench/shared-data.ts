import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared real-data folder (`../shared` beside the repo, or LECTERN_SHARED), or null when absent. */
export function sharedDir(): string | null {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = process.env.LECTERN_SHARED ?? path.resolve(root, '../shared');
  return existsSync(dir) ? dir : null;
}
