import { describe, expect, it } from 'vitest';
import type { LectureReadiness } from '../../../src-main/api/contract.ts';
import { readinessParts, readinessWorthShowing } from './readiness-words.ts';

const midway: LectureReadiness = {
  slides: 'ready',
  transcript: { state: 'working', seconds: 720, source: 'asr' },
  chapters: { state: 'working', kind: 'provisional' },
  search: { state: 'working', words: true },
};

describe('how readiness reads', () => {
  it('says how far the transcript is and that chapters come from the slides for now', () => {
    expect(readinessParts(midway, 3600).map((p) => `${p.part}: ${p.words}`)).toEqual([
      'slides: ready',
      'transcript: 12:00 of 1:00:00 so far',
      'chapters: from the slides for now',
      'search: words only so far',
    ]);
  });

  it('is shown only while a part is not ready', () => {
    expect(readinessWorthShowing(midway)).toBe(true);
    const done: LectureReadiness = {
      slides: 'ready',
      transcript: { state: 'ready', seconds: 3600, source: 'asr' },
      chapters: { state: 'ready', kind: 'final' },
      search: { state: 'ready', words: true },
    };
    expect(readinessWorthShowing(done)).toBe(false);
    expect(readinessWorthShowing(undefined)).toBe(false);
  });
});
