import { afterAll, describe, expect, it } from 'vitest';
import { twoConnections } from '../../test/fixtures/two-connections.ts';
import { readQueuePaused, setQueuePaused } from './queue-pause-store.ts';

describe('the queue-wide pause, read from the library', () => {
  const { db, other, close } = twoConnections('lectern-pause-');
  afterAll(close);

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
