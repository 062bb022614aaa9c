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
  let lecture = 0;
  /** Events of one lecture's run (a fresh lecture id per test: the bar remembers each lecture's run). */
  const run = () => {
    lecture += 1;
    return (stage: ProgressEvent['stage'], done: number, total: number): ProgressEvent => ({
      ...at(stage, done, total),
      lectureId: lecture,
    });
  };

  it('moves forward through the stages and within a stage', () => {
    const ev = run();
    const steps = [
      ev('probe', 0, 1),
      ev('audio', 0, 1),
      ev('transcript', 1, 2),
      ev('frames', 1, 1),
      ev('segment', 0, 1),
    ];
    const fractions = steps.map(overallFraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBeGreaterThan(fractions[1]);
  });

  it('follows speech recognition, not the picture stages beside it, and never moves back', () => {
    const ev = run();
    overallFraction(ev('probe', 0, 1));
    const asr = (done: number) => overallFraction(ev('transcript', done, 100));
    const picture = [ev('audio', 1, 1), ev('frames', 1, 1), ev('ocr', 0, 60), ev('ocr', 30, 60), ev('ocr', 60, 60)];
    const fractions: number[] = [asr(0)];
    // The picture's stages finish while the transcript is at 10 %: the bar stays with the transcript.
    for (const event of picture) fractions.push(overallFraction(event), asr(10));
    fractions.push(overallFraction(ev('segment', 1, 1))); // provisional chapters: not the tail yet
    fractions.push(asr(50), asr(100), overallFraction(ev('embed', 0, 1)), overallFraction(ev('segment', 0, 1)));
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions[fractions.length - 6]).toBeLessThan(0.2); // 10 % of the transcript, all pictures done
    expect(fractions.at(-1)).toBeGreaterThan(0.9);
  });

  it('is complete when the lecture is done or failed', () => {
    const ev = run();
    expect(overallFraction(ev('done', 1, 1))).toBe(1);
    expect(overallFraction(ev('failed', 1, 1))).toBe(1);
  });

  it('survives a zero total', () => {
    const ev = run();
    expect(overallFraction(ev('audio', 0, 0))).toBe(0.02); // past the probe, nothing of the lanes yet
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
