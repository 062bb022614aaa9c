import { describe, expect, it } from 'vitest';
import type { LiveUpdate, ProgressEvent } from '../../../src-main/api/contract.ts';
import { refreshesLecture } from './lecture-live-updates.ts';

const progress = (event: Partial<ProgressEvent>): LiveUpdate => ({
  kind: 'progress',
  event: { lectureId: 3, file: '/l.mp4', stage: 'ocr', done: 0, total: 1, ...event },
});

describe('which live updates reload the open lecture', () => {
  it('reloads when its transcript advances, not another lecture’s', () => {
    expect(refreshesLecture({ kind: 'transcript', lectureId: 3, seconds: 240 }, 3)).toBe(true);
    expect(refreshesLecture({ kind: 'transcript', lectureId: 4, seconds: 240 }, 3)).toBe(false);
  });

  it('reloads when a stage of it stored its result (provisional chapters, slides) and when it ends', () => {
    expect(refreshesLecture(progress({ stage: 'segment', done: 1, total: 1 }), 3)).toBe(true);
    expect(refreshesLecture(progress({ stage: 'done', done: 1, total: 1 }), 3)).toBe(true);
    expect(refreshesLecture(progress({ stage: 'ocr', done: 3, total: 40 }), 3)).toBe(false);
    expect(refreshesLecture(progress({ stage: 'segment', done: 1, total: 1, lectureId: 9 }), 3)).toBe(false);
  });

  it('ignores speech progress (the transcript update says when text is stored) and queue changes', () => {
    expect(refreshesLecture(progress({ stage: 'transcript', done: 1, total: 1 }), 3)).toBe(false);
    expect(
      refreshesLecture(
        {
          kind: 'jobs',
          state: { running: true, paused: false, queued: 0, current: null, secondsLeft: null, heldLectures: [] },
        },
        3,
      ),
    ).toBe(false);
  });
});
