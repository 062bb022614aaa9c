import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import {
  ensureLecture,
  heldLectureIds,
  isLectureHeld,
  nextQueuedLecture,
  queueLecture,
  setLectureHeld,
  setLectureMedia,
  waitingLectureDurations,
} from './lectures-store.ts';

describe('lectures paused on their own, read from the library', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-held-'));
  const db = openDatabase(dir);
  // A second connection to the same file, as another Lectern process (a terminal's `lectern index`) has.
  const other = openDatabase(dir);
  afterAll(() => {
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const a = ensureLecture(db, '/lectures/a.mp4', null, 'a').id;
  const b = ensureLecture(db, '/lectures/b.mp4', null, 'b').id;
  setLectureMedia(db, a, { duration: 60, hasVideo: true, hasAudio: true });
  setLectureMedia(db, b, { duration: 90, hasVideo: true, hasAudio: true });
  queueLecture(db, a);
  queueLecture(db, b);

  it('never picks a held lecture, nor counts it as waiting', () => {
    setLectureHeld(db, a, true);
    expect(isLectureHeld(db, a)).toBe(true);
    expect(isLectureHeld(db, b)).toBe(false);
    expect(heldLectureIds(db)).toEqual([a]);
    expect(nextQueuedLecture(db)?.id).toBe(b);
    expect(nextQueuedLecture(db, [b])).toBeUndefined();
    expect(nextQueuedLecture(db, [], [a])).toBeUndefined();
    expect(waitingLectureDurations(db)).toEqual([90]);
    expect(waitingLectureDurations(db, [b])).toEqual([]);
  });

  it('sees a hold released, or set, through another connection to the library', () => {
    setLectureHeld(other, a, false);
    expect(isLectureHeld(db, a)).toBe(false);
    expect(heldLectureIds(db)).toEqual([]);
    expect(nextQueuedLecture(db, [b])?.id).toBe(a);
    expect(waitingLectureDurations(db)).toEqual([60, 90]);

    setLectureHeld(other, b, true);
    expect(heldLectureIds(db)).toEqual([b]);
    expect(nextQueuedLecture(db, [a])).toBeUndefined();
  });
});
