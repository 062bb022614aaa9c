import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../core/user-error.ts';

export const INDEXING_LOCK_FILE = 'indexing.lock';

export interface IndexingLock {
  release(): void;
}

interface Held {
  db: Database.Database;
  holders: number;
}

/** Locks this process holds, by data folder: its indexers share one (the queue runs lectures side by side). */
const held = new Map<string, Held>();

/** Takes the lock if no other process holds it; false when one does. */
function tryTake(dataDir: string): boolean {
  const key = path.resolve(dataDir);
  const mine = held.get(key);
  if (mine) {
    mine.holders++;
    return true;
  }
  mkdirSync(key, { recursive: true });
  const db = new Database(path.join(key, INDEXING_LOCK_FILE), { timeout: 0 });
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw error;
  }
  held.set(key, { db, holders: 1 });
  return true;
}

function release(dataDir: string): void {
  const key = path.resolve(dataDir);
  const mine = held.get(key);
  if (!mine || --mine.holders > 0) return;
  held.delete(key);
  mine.db.exec('ROLLBACK');
  mine.db.close();
}

/**
 * One indexing process per library: a second `lectern index`, or a window's queue, waits until
 * the first is done and then finds its work already stored, instead of doing it all again.
 * The lock is SQLite's exclusive lock on a small file beside the library database, so the
 * operating system drops it when its process ends, however it ends (kill -9 included): there
 * is never a stale lock to clean up. `onWait` is called once if the lock is taken elsewhere.
 */
export async function acquireIndexingLock(
  dataDir: string,
  options: { signal?: AbortSignal; onWait?: () => void; pollMs?: number } = {},
): Promise<IndexingLock> {
  let waited = false;
  while (!tryTake(dataDir)) {
    if (options.signal?.aborted) throw new UserError('cancelled', 'Indexing was cancelled.');
    if (!waited) options.onWait?.();
    waited = true;
    await sleep(options.pollMs ?? 250, undefined, { signal: options.signal }).catch(() => undefined);
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      release(dataDir);
    },
  };
}
