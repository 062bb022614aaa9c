import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../core/user-error.ts';

const HINT = 'Choose another --out (a folder you can write to).';

const reasonOf = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EROFS') return 'it is on a read-only disk';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
};

/**
 * Checks, before any work, that `file` can be written: it is not a folder, and either it is
 * writable or the nearest folder that exists on its way is (missing folders are made later).
 * A path that runs through a file ("notes.md/chapters.md") is refused too.
 */
export async function assertWritableOutput(file: string): Promise<void> {
  const target = path.resolve(file);
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new UserError('out-not-writable', `Cannot write ${target}: it is a folder.`, HINT);
  if (existing) {
    await access(target, constants.W_OK).catch((error: unknown) => {
      throw new UserError('out-not-writable', `Cannot write ${target}: ${reasonOf(error)}.`, HINT);
    });
    return;
  }
  let dir = path.dirname(target);
  for (;;) {
    const info = await stat(dir).catch(() => null);
    if (info) {
      if (!info.isDirectory()) {
        throw new UserError('out-not-writable', `Cannot write ${target}: ${dir} is a file, not a folder.`, HINT);
      }
      await access(dir, constants.W_OK | constants.X_OK).catch((error: unknown) => {
        throw new UserError('out-not-writable', `Cannot write ${target}: ${reasonOf(error)} in ${dir}.`, HINT);
      });
      return;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}
