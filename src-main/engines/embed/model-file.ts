import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../core/user-error.ts';

/** Throws a UserError when a model file the user configured is not there. */
export function requireModelFile(file: string, what: string): void {
  if (!file || !existsSync(file) || !statSync(file).isFile()) {
    throw new UserError(
      'model-missing',
      `The ${what} was not found: ${file || '(no path given)'}`,
      'Install the model with `lectern models install <name>` or import the file with `lectern models import`.',
    );
  }
}

/**
 * A short content fingerprint for a model file: sha256 over its size and its first and last MiB.
 * Cheap even for a 350 MB model, and it changes when the file is replaced by another model.
 */
export async function fingerprintModelFile(file: string): Promise<string> {
  const size = statSync(file).size;
  const chunk = Math.min(size, 1 << 20);
  const handle = await open(file, 'r');
  try {
    const hash = createHash('sha256').update(String(size));
    const head = Buffer.alloc(chunk);
    await handle.read(head, 0, chunk, 0);
    hash.update(head);
    if (size > chunk) {
      const tail = Buffer.alloc(chunk);
      await handle.read(tail, 0, chunk, size - chunk);
      hash.update(tail);
    }
    return `${path.basename(file)}@${hash.digest('hex').slice(0, 12)}`;
  } finally {
    await handle.close();
  }
}
