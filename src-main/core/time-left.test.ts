import { describe, expect, it } from 'vitest';
import type { StageName } from './domain-types.ts';
import { STAGE_ORDER } from './stage-order.ts';
import {
  lectureSeconds,
  lectureSecondsLeftInLanes,
  queueSecondsLeft,
  STAGE_LANES,
  stageRates,
  STARTING_RATES,
  type StageRates,
  type StageUnderWay,
} from './time-left.ts';

// Every stage at 0.01 s per media second, transcription at 0.2: a 1000 s lecture takes 10 s of probe,
// 200 s of transcript beside 30 s of picture stages, then 30 s of tail = 240 s.
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
  const running = (stage: StageName, stageFraction: number, stageElapsed: number): StageUnderWay => ({
    stage,
    stageFraction,
    stageElapsed,
  });

  it('places every stage in exactly one part of the lanes', () => {
    const placed = [...STAGE_LANES.head, ...STAGE_LANES.lanes.flat(), ...STAGE_LANES.tail];
    expect([...placed].sort()).toEqual([...STAGE_ORDER].sort());
  });

  it('is unknown before the length of the recording is known', () => {
    expect(lectureSecondsLeftInLanes(null, [running('probe', 0, 0)], new Set(['probe']), RATES)).toBe(null);
  });

  it('takes the whole lecture as the head, the slower lane and the tail', () => {
    // probe 10, then max(transcript 200, audio + frames + ocr 30), then embed + segment + deck 30.
    expect(lectureSeconds(1000, RATES)).toBeCloseTo(10 + 200 + 30);
    expect(lectureSecondsLeftInLanes(1000, [running('probe', 0, 0)], new Set(['probe']), RATES)).toBeCloseTo(240);
  });

  it('counts speech recognition and the picture stages beside it once, not one after the other', () => {
    // 50 s into the transcript (rate: 200 s) with the frames under way: 150 s, then the tail.
    const left = lectureSecondsLeftInLanes(
      1000,
      [running('transcript', 0, 50), running('frames', 0, 2)],
      new Set<StageName>(['probe', 'transcript', 'audio', 'frames']),
      RATES,
    );
    expect(left).toBeCloseTo(150 + 30);
  });

  it('waits for the slower lane: the picture stages when speech is read from a sidecar', () => {
    const left = lectureSecondsLeftInLanes(
      1000,
      [running('audio', 0, 0)],
      new Set<StageName>(['probe', 'transcript', 'audio']),
      { ...RATES, audio: 0.1 },
    );
    // audio 100 + frames 10 + ocr 10, then the tail.
    expect(left).toBeCloseTo(120 + 30);
  });

  it('extrapolates a stage from its own progress once it is far enough in', () => {
    const left = lectureSecondsLeftInLanes(
      1000,
      [running('transcript', 0.5, 300)],
      new Set<StageName>(['probe', 'transcript', 'audio', 'frames', 'ocr']),
      RATES,
    );
    // Half done in 300 s: 300 s more (not the 200 s the rate says); the picture lane is done.
    expect(left).toBeCloseTo(300 + 30);
  });

  it('keeps provisional chapters made while speech recognition runs in the lanes, not the tail', () => {
    const left = lectureSecondsLeftInLanes(
      1000,
      [running('transcript', 0, 50), running('segment', 0, 0)],
      new Set<StageName>(['probe', 'transcript', 'audio', 'frames', 'segment']),
      RATES,
    );
    // transcript 150 left (the picture lane's ocr, 10, is shorter), then the whole tail.
    expect(left).toBeCloseTo(150 + 30);
  });

  it('counts only the tail once it has started, and never goes below zero', () => {
    const started = new Set<StageName>(['probe', 'transcript', 'audio', 'frames', 'ocr', 'embed']);
    expect(lectureSecondsLeftInLanes(1000, [running('embed', 0, 4)], started, RATES)).toBeCloseTo(6 + 20);
    started.add('segment').add('deck');
    expect(lectureSecondsLeftInLanes(1000, [running('deck', 0, 999)], started, RATES)).toBe(0);
  });

  it('starts from the rough starting rates for stages not timed yet', () => {
    const serial = (stages: StageName[]) => stages.reduce((sum, stage) => sum + STARTING_RATES[stage], 0);
    const lanes = Math.max(...STAGE_LANES.lanes.map(serial));
    expect(lectureSeconds(100, {})).toBeCloseTo(100 * (serial(STAGE_LANES.head) + lanes + serial(STAGE_LANES.tail)));
  });
});

describe('time left for the queue', () => {
  it('adds the waiting lectures at the measured rates to what the running one has left', () => {
    expect(queueSecondsLeft([100], [1000, 2000], RATES)).toBeCloseTo(100 + 240 + 480);
  });

  it('counts a waiting lecture of unknown length as long as the mean known one', () => {
    expect(queueSecondsLeft([0], [1000, null], RATES)).toBeCloseTo(480);
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
