import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../src-main/api/contract.ts';
import {
  compactTimeLeft,
  isFinal,
  overallFraction,
  skippedNotice,
  stageWords,
  timeLeftWords,
} from './index-progress.ts';

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

describe('a link or folder the indexer skipped', () => {
  const skipped: ProgressEvent = {
    lectureId: null,
    file: '/home/s/Course/shared-drive',
    stage: 'skipped',
    done: 1,
    total: 1,
    message: 'a link to a folder (Lectern does not follow folder links)',
  };

  it('reads as a notice with the file and the reason, never as "Unchanged"', () => {
    expect(skippedNotice(skipped)).toBe(
      'Not indexed: shared-drive — a link to a folder (Lectern does not follow folder links)',
    );
    expect(stageWords('skipped')).not.toMatch(/unchanged/i);
  });

  it('leaves other events alone', () => {
    expect(skippedNotice(at('done', 1, 1))).toBe(null);
    expect(skippedNotice({ ...skipped, lectureId: 4 })).toBe(null);
  });
});

describe('time left in words', () => {
  it('rounds to minutes and hours, and says nothing while unknown', () => {
    expect(timeLeftWords(null)).toBe('');
    expect(timeLeftWords(undefined)).toBe('');
    expect(timeLeftWords(20)).toBe('under a minute left');
    expect(timeLeftWords(185)).toBe('about 3 min left');
    expect(timeLeftWords(3600 + 25 * 60)).toBe('about 1 h 25 min left');
    expect(timeLeftWords(7200)).toBe('about 2 h left');
    expect(compactTimeLeft(185)).toBe('3 min');
    expect(compactTimeLeft(30)).toBe('<1 min');
  });
});
