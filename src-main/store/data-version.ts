import type { Db } from './database.ts';

/**
 * A number that changes whenever another connection (another Lectern process on the library, a
 * terminal's `lectern pause`) commits to the library; this connection's own writes leave it as
 * it is. Reading it costs no table access, so it can be polled.
 */
export function libraryDataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}
