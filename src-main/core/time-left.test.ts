import { describe, expect, it } from 'vitest';
import {
  lectureSeconds,
  lectureSecondsLeft,
  queueSecondsLeft,
  stageRates,
  STARTING_RATES,
  type StageRates,
} from './time-left.ts';

// Every stage at 0.01 s per media second, transcription at 0.2: a 1000 s lecture takes 2 + 7 * 10 = 270 s.
const RATES: StageRates = {
  probe: 0.01,
  audio: 0.01,
  transcript: 0.2,
  frames: 0.01,
  ocr: 0.01,
  embed: 0.01,
  segment: 0.01,
  deck: 0.01,
};

describe('stage rates', () => {
  it('divides the time a stage took by the media it covered', () => {
    const rates = stageRates([
      { stage: 'transcript', seconds: 20, mediaSeconds: 100 },
      { stage: 'ocr', seconds: 5, mediaSeconds: 50 },
    ]);
    expect(rates.transcript).toBeCloseTo(0.2);
    expect(rates.ocr).toBeCloseTo(0.1);
    expect(rates.frames).toBeUndefined();
  });

  it('counts the latest runs of a stage most, so a slow first run (engines starting) fades', () => {
    const rates = stageRates([
      { stage: 'ocr', seconds: 40, mediaSeconds: 100 }, // cold start
      { stage: 'ocr', seconds: 10, mediaSeconds: 100 },
      { stage: 'ocr', seconds: 10, mediaSeconds: 100 },
    ]);
    // Weights 1, 1/2, 1/4 from the latest: (10 + 5 + 10) / (100 + 50 + 25).
    expect(rates.ocr).toBeCloseTo(25 / 175);
    expect(rates.ocr!).toBeLessThan(0.2); // the plain mean of the three
  });

  it('ignores runs with no media length', () => {
    expect(stageRates([{ stage: 'ocr', seconds: 5, mediaSeconds: 0 }])).toEqual({});
  });
});

describe('time left for one lecture', () => {
  it('is unknown before the length of the recording is known', () => {
    expect(lectureSecondsLeft({ mediaSeconds: null, stage: 'probe', stageFraction: 0, stageElapsed: 0 }, RATES)).toBe(
      null,
    );
  });

  it('counts the current stage at its rate early on, and every later stage at theirs', () => {
    const left = lectureSecondsLeft(
      { mediaSeconds: 1000, stage: 'transcript', stageFraction: 0, stageElapsed: 50 },
      RATES,
    );
    // transcript 200 - 50 elapsed, then frames..deck 5 * 10
    expect(left).toBeCloseTo(150 + 50);
  });

  it('extrapolates the current stage from its own progress once it is far enough in', () => {
    const left = lectureSecondsLeft(
      { mediaSeconds: 1000, stage: 'transcript', stageFraction: 0.5, stageElapsed: 300 },
      RATES,
    );
    // Half done in 300 s: 300 s more (not the 200 s the rate says), then 50 s of later stages.
    expect(left).toBeCloseTo(300 + 50);
  });

  it('never goes below zero when a stage overruns its rate', () => {
    const left = lectureSecondsLeft({ mediaSeconds: 1000, stage: 'deck', stageFraction: 0, stageElapsed: 999 }, RATES);
    expect(left).toBe(0);
  });

  it('starts from the rough starting rates for stages not timed yet', () => {
    expect(lectureSeconds(100, {})).toBeCloseTo(100 * Object.values(STARTING_RATES).reduce((a, b) => a + b, 0));
  });
});

describe('time left for the queue', () => {
  it('adds the waiting lectures at the measured rates to what the running one has left', () => {
    expect(queueSecondsLeft([100], [1000, 2000], RATES)).toBeCloseTo(100 + 270 + 540);
  });

  it('counts a waiting lecture of unknown length as long as the mean known one', () => {
    expect(queueSecondsLeft([0], [1000, null], RATES)).toBeCloseTo(540);
  });

  it('is unknown when no length is known at all', () => {
    expect(queueSecondsLeft([], [null], RATES)).toBe(null);
    expect(queueSecondsLeft([null], [], RATES)).toBe(null);
  });

  it('shares the work among parallel workers but never ends before the longest running lecture', () => {
    expect(queueSecondsLeft([100, 100], [], RATES, 2)).toBeCloseTo(100);
    expect(queueSecondsLeft([500, 10], [], RATES, 2)).toBeCloseTo(500);
  });

  it('is zero with nothing to do', () => {
    expect(queueSecondsLeft([], [], RATES)).toBe(0);
  });
});
