import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../src-main/api/contract.ts';
import { isFinal, overallFraction, stageWords } from './index-progress.ts';

const at = (stage: ProgressEvent['stage'], done: number, total: number): ProgressEvent => ({
  lectureId: 1,
  file: '/x.mp4',
  stage,
  done,
  total,
});

describe('overallFraction', () => {
  it('moves forward through the stages and within a stage', () => {
    const steps = [
      at('probe', 0, 1),
      at('audio', 0, 1),
      at('transcript', 1, 2),
      at('frames', 1, 1),
      at('segment', 0, 1),
    ];
    const fractions = steps.map(overallFraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1]);
    expect(fractions[0]).toBe(0);
  });
  it('is complete when the lecture is done or failed', () => {
    expect(overallFraction(at('done', 1, 1))).toBe(1);
    expect(overallFraction(at('failed', 1, 1))).toBe(1);
  });
  it('survives a zero total', () => {
    expect(overallFraction(at('audio', 0, 0))).toBeCloseTo(1 / 8);
  });
});

describe('stage words', () => {
  it('names stages for people and knows which events end the work', () => {
    expect(stageWords('transcript')).toBe('Transcribing');
    expect(isFinal(at('done', 1, 1))).toBe(true);
    expect(isFinal(at('frames', 0, 1))).toBe(false);
  });
});
