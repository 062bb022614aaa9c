import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { readQueuePaused, setQueuePaused } from './queue-pause-store.ts';

describe('the queue-wide pause, read from the library', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-pause-'));
  const db = openDatabase(dir);
  // A second connection to the same file, as another Lectern process (a terminal's `lectern index`) has.
  const other = openDatabase(dir);
  afterAll(() => {
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is off in a new library, and pausing twice or resuming twice is harmless', () => {
    expect(readQueuePaused(db)).toBe(false);
    setQueuePaused(db, true);
    setQueuePaused(db, true);
    expect(readQueuePaused(db)).toBe(true);
    setQueuePaused(db, false);
    setQueuePaused(db, false);
    expect(readQueuePaused(db)).toBe(false);
  });

  it('sees a pause set, or lifted, through another connection to the library', () => {
    setQueuePaused(other, true);
    expect(readQueuePaused(db)).toBe(true);
    setQueuePaused(other, false);
    expect(readQueuePaused(db)).toBe(false);
  });
});
