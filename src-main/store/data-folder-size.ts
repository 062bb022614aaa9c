import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

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
