import { lstat, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The folder Lectern keeps its database, caches and models in: `--home`, then LECTERN_HOME,
 * then the platform's app-data folder.
 */
export function resolveDataDir(explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  if (process.env.LECTERN_HOME) return path.resolve(process.env.LECTERN_HOME);
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Lectern');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Lectern');
    default:
      return path.join(process.env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'lectern');
  }
}

/** The library database's file in a data folder. */
export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'lectern.db');
}

export function modelsDir(dataDir: string): string {
  return path.join(dataDir, 'models');
}

export function cacheDir(dataDir: string): string {
  return path.join(dataDir, 'cache');
}

/**
 * Bytes the data folder takes: every file under it (database, models, keyframe caches). Links
 * are counted as links, never followed, so a link out of the folder cannot inflate the figure.
 */
export async function folderSizeBytes(dir: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0; // not created yet, or removed while counting
  }
  let total = 0;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderSizeBytes(full);
    else
      total += await lstat(full).then(
        (info) => info.size,
        () => 0,
      );
  }
  return total;
}
