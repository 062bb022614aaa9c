import type { Db } from './database.ts';

export interface LibraryHealth {
  /** SQLite's integrity check: 'ok', or what it found wrong. */
  integrity: string;
  lectures: number;
  ready: number;
  failed: number;
  /** Bytes the database takes (its pages). */
  databaseBytes: number;
}

/** What `lectern doctor` reports about the library database. */
export function libraryHealth(db: Db): LibraryHealth {
  const integrity = String(db.pragma('integrity_check', { simple: true }));
  const counts = db
    .prepare("SELECT count(*) AS n, sum(status = 'ready') AS ready, sum(status = 'failed') AS failed FROM lectures")
    .get() as { n: number; ready: number | null; failed: number | null };
  const pages = Number(db.pragma('page_count', { simple: true }));
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  return {
    integrity,
    lectures: counts.n,
    ready: counts.ready ?? 0,
    failed: counts.failed ?? 0,
    databaseBytes: pages * pageSize,
  };
}
