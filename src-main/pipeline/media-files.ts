import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../core/user-error.ts';

export const MEDIA_EXTENSIONS: ReadonlySet<string> = new Set([
  '.mp4',
  '.mkv',
  '.webm',
  '.mov',
  '.m4v',
  '.mp3',
  '.m4a',
  '.wav',
  '.ogg',
  '.opus',
]);

export function isMediaFile(file: string): boolean {
  return MEDIA_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/**
 * Lists media files under `folder`, recursively, in natural order ("lecture 2" before
 * "lecture 10"). Hidden folders and unreadable subfolders are skipped, not fatal.
 */
export async function findMediaFiles(folder: string): Promise<string[]> {
  const root = path.resolve(folder);
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new UserError('folder-missing', `Folder not found: ${root}`);
  }
  if (!info.isDirectory()) {
    if (info.isFile() && isMediaFile(root)) return [root];
    throw new UserError(
      'not-a-folder',
      `Not a folder or a media file: ${root}`,
      `Lectern reads ${[...MEDIA_EXTENSIONS].join(' ')} files.`,
    );
  }
  const found: string[] = [];
  const walk = async (dir: string, isRoot: boolean): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isRoot) throw new UserError('folder-unreadable', `Cannot read folder ${dir}: ${(error as Error).message}`);
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, false);
      else if (entry.isFile() && isMediaFile(entry.name)) found.push(full);
    }
  };
  await walk(root, true);
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  return found.sort(collator.compare);
}
