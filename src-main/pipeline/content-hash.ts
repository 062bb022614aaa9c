import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const EDGE_BYTES = 1024 * 1024;

/**
 * Identifies a file's content cheaply: size plus a hash of its first and last MiB. The
 * name and modification time are left out on purpose, so a renamed or moved lecture keeps
 * its identity.
 */
export async function contentHash(file: string): Promise<{ hash: string; size: number; mtimeMs: number }> {
  const handle = await open(file, 'r');
  try {
    const info = await handle.stat();
    const hash = createHash('sha256');
    hash.update(String(info.size));
    const head = Buffer.alloc(Math.min(EDGE_BYTES, info.size));
    await handle.read(head, 0, head.length, 0);
    hash.update(head);
    if (info.size > EDGE_BYTES) {
      const tailLength = Math.min(EDGE_BYTES, info.size - EDGE_BYTES);
      const tail = Buffer.alloc(tailLength);
      await handle.read(tail, 0, tailLength, info.size - tailLength);
      hash.update(tail);
    }
    return { hash: hash.digest('hex').slice(0, 32), size: info.size, mtimeMs: info.mtimeMs };
  } finally {
    await handle.close();
  }
}
