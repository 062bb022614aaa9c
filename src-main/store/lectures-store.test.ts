import { afterAll, describe, expect, it } from 'vitest';
import { twoConnections } from '../../test/fixtures/two-connections.ts';
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
  const { db, other, close } = twoConnections('lectern-held-');
  afterAll(close);

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
