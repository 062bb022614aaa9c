import { readdir, realpath, stat } from 'node:fs/promises';
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

/** A file or folder Lectern met in a folder and left out, with the reason in words. */
export interface SkippedEntry {
  path: string;
  reason: string;
}

export interface MediaScan {
  /** Media files in natural order ("lecture 2" before "lecture 10"). */
  files: string[];
  skipped: SkippedEntry[];
}

const isHiddenWithin = (root: string, file: string) =>
  path
    .relative(root, file)
    .split(path.sep)
    .some((part) => part.startsWith('.'));

const isInside = (root: string, file: string) => {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
};

/**
 * What Lectern does with a link it meets in a folder; `lectern index` and the folder watcher
 * both ask here, so they agree. A link to a recording is followed, wherever the recording is
 * (the lecture keeps the link's path), unless the recording is in the folder already (it is
 * indexed once). Links to folders are not followed: that is what keeps `up -> ..` from looping.
 * A dangling link is skipped. Each skip says why; `report` is false for links that are not
 * named like a recording and lead to no folder (as uninteresting as any other such file).
 * `realRoot` is the folder's real path.
 */
export async function followLink(
  link: string,
  realRoot: string,
): Promise<{ target: string; skipped?: undefined } | { skipped: string; report: boolean }> {
  const named = isMediaFile(link);
  let info;
  let target;
  try {
    info = await stat(link);
    target = await realpath(link);
  } catch {
    return { skipped: 'a link to nothing (its target is gone)', report: named };
  }
  if (info.isDirectory()) {
    return { skipped: `a link to a folder (${target}): Lectern does not follow folder links`, report: true };
  }
  if (!info.isFile() || !named) return { skipped: 'a link to something that is not a recording', report: named };
  if (isMediaFile(target) && isInside(realRoot, target) && !isHiddenWithin(realRoot, target)) {
    return { skipped: `the same recording as ${path.relative(realRoot, target)}, which is indexed once`, report: true };
  }
  return { target };
}

/**
 * Finds media files under `folder`, recursively, in natural order, following the link policy
 * of `followLink`. Hidden files and folders are left out quietly; unreadable subfolders and
 * links are reported in `skipped`.
 */
export async function scanMediaFiles(folder: string): Promise<MediaScan> {
  const root = path.resolve(folder);
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new UserError('folder-missing', `Folder not found: ${root}`);
  }
  if (!info.isDirectory()) {
    if (info.isFile() && isMediaFile(root)) return { files: [root], skipped: [] };
    throw new UserError(
      'not-a-folder',
      `Not a folder or a media file: ${root}`,
      `Lectern reads ${[...MEDIA_EXTENSIONS].join(' ')} files.`,
    );
  }
  const realRoot = await realpath(root);
  const found: string[] = [];
  const skipped: SkippedEntry[] = [];
  const linkedTargets = new Map<string, string>();
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const walk = async (dir: string, isRoot: boolean): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isRoot) throw new UserError('folder-unreadable', `Cannot read folder ${dir}: ${(error as Error).message}`);
      skipped.push({ path: dir, reason: `an unreadable folder (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    // In name order, so that of two links to one recording the same one is always kept.
    for (const entry of entries.sort((a, b) => collator.compare(a.name, b.name))) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, false);
      else if (entry.isFile() && isMediaFile(entry.name)) found.push(full);
      else if (entry.isSymbolicLink()) {
        const followed = await followLink(full, realRoot);
        if (followed.skipped !== undefined) {
          if (followed.report) skipped.push({ path: full, reason: followed.skipped });
        } else if (linkedTargets.has(followed.target)) {
          skipped.push({ path: full, reason: `the same recording as ${linkedTargets.get(followed.target)}` });
        } else {
          linkedTargets.set(followed.target, full);
          found.push(full);
        }
      }
    }
  };
  await walk(root, true);
  return { files: found.sort(collator.compare), skipped };
}

/** The media files `scanMediaFiles` finds, without the report of what it left out. */
export async function findMediaFiles(folder: string): Promise<string[]> {
  return (await scanMediaFiles(folder)).files;
}
