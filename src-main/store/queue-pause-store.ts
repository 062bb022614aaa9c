import type { Db } from './database.ts';

/** Whether the student paused the library's indexing queue (kept across restarts). */
export function readQueuePaused(db: Db): boolean {
  return db.prepare('SELECT 1 FROM queue_pause WHERE id = 1').get() !== undefined;
}

export function setQueuePaused(db: Db, paused: boolean): void {
  if (paused) db.prepare("INSERT OR IGNORE INTO queue_pause (id, paused_at) VALUES (1, datetime('now'))").run();
  else db.prepare('DELETE FROM queue_pause WHERE id = 1').run();
}
