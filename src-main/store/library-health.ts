import type { Db } from './database.ts';

export interface LibraryHealth {
  /** SQLite's integrity check: 'ok', or what it found wrong. */
  integrity: string;
  lectures: number;
  ready: number;
  failed: number;
}

/** What `lectern doctor` reports about the library database. */
export function libraryHealth(db: Db): LibraryHealth {
  const integrity = String(db.pragma('integrity_check', { simple: true }));
  const counts = db
    .prepare("SELECT count(*) AS n, sum(status = 'ready') AS ready, sum(status = 'failed') AS failed FROM lectures")
    .get() as { n: number; ready: number | null; failed: number | null };
  return { integrity, lectures: counts.n, ready: counts.ready ?? 0, failed: counts.failed ?? 0 };
}
