import { afterAll, describe, expect, it } from 'vitest';
import { twoConnections } from '../../test/fixtures/two-connections.ts';
import { libraryDataVersion } from './data-version.ts';
import { setQueuePaused } from './queue-pause-store.ts';

describe("the library's data version, what a connection polls for another process's writes", () => {
  const { db, other, close } = twoConnections('lectern-data-version-');
  afterAll(close);

  it('stays as it is for the connection’s own writes, and moves with each commit through another connection', () => {
    const first = libraryDataVersion(db);
    setQueuePaused(db, true);
    expect(libraryDataVersion(db)).toBe(first);
    setQueuePaused(other, false);
    const second = libraryDataVersion(db);
    expect(second).not.toBe(first);
    expect(libraryDataVersion(db)).toBe(second);
    setQueuePaused(other, true);
    expect(libraryDataVersion(db)).not.toBe(second);
  });
});
