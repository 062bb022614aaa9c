import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  hitAt1,
  hitAtK,
  pairedDifference,
  recallAt1,
  scoreGrounding,
  temporalIou,
} from './grounding-metrics.ts';
import { seededRandom } from './seeded-random.ts';

describe('grounding metrics', () => {
  it('computes temporal IoU', () => {
    expect(temporalIou({ start: 0, end: 10 }, { start: 5, end: 15 })).toBeCloseTo(5 / 15);
    expect(temporalIou({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(0);
    expect(temporalIou({ start: 2, end: 4 }, { start: 0, end: 10 })).toBeCloseTo(0.2);
  });

  it('hits when the top start lies inside a true span, whatever its end', () => {
    const truth = [{ start: 100, end: 120 }];
    expect(hitAt1([{ start: 110, end: 400 }], truth)).toBe(true);
    expect(hitAt1([{ start: 90, end: 115 }], truth)).toBe(false);
    expect(hitAt1([], truth)).toBe(false);
    expect(recallAt1([{ start: 110, end: 400 }], truth, 0.3)).toBe(false);
    expect(recallAt1([{ start: 100, end: 125 }], truth, 0.7)).toBe(true);
  });

  it('computes average precision with each true span matched once', () => {
    const truth = [
      { start: 0, end: 10 },
      { start: 50, end: 60 },
    ];
    const ranked = [
      { start: 0, end: 10 },
      { start: 1, end: 9 },
      { start: 30, end: 40 },
      { start: 50, end: 61 },
    ];
    // Correct at ranks 1 and 4 (rank 2 repeats the first span): (1/1 + 2/4) / 2.
    expect(averagePrecision(ranked, truth, 0.5)).toBeCloseTo(0.75);
    expect(averagePrecision([], truth, 0.5)).toBe(0);
  });

  it('averages over queries', () => {
    const scores = scoreGrounding([
      { ranked: [{ start: 0, end: 10 }], truth: [{ start: 0, end: 10 }] },
      { ranked: [{ start: 100, end: 110 }], truth: [{ start: 0, end: 10 }] },
    ]);
    expect(scores).toEqual({ queries: 2, hit1: 0.5, r1: { '0.3': 0.5, '0.5': 0.5, '0.7': 0.5 }, map: 0.5 });
  });
});

describe('pairedDifference', () => {
  it('gives the mean difference and an interval that excludes 0 only for a consistent gain', () => {
    const better = Array.from({ length: 60 }, (_, i) => (i % 10 < 8 ? 1 : 0));
    const worse = Array.from({ length: 60 }, (_, i) => (i % 10 < 3 ? 1 : 0));
    const clear = pairedDifference(better, worse, seededRandom(1));
    expect(clear.mean).toBeCloseTo(0.5, 10);
    expect(clear.low).toBeGreaterThan(0.3);
    expect(clear.high).toBeLessThan(0.7);
    // One query apart out of 50: no real difference.
    const a = Array.from({ length: 50 }, (_, i) => (i < 26 ? 1 : 0));
    const b = Array.from({ length: 50 }, (_, i) => (i < 25 ? 1 : 0)).reverse();
    const noise = pairedDifference(a, b, seededRandom(2));
    expect(noise.mean).toBeCloseTo(0.02, 10);
    expect(noise.low).toBeLessThan(0);
    expect(noise.high).toBeGreaterThan(0);
  });

  it('refuses scores of different lengths', () => {
    expect(() => pairedDifference([1], [1, 0], seededRandom(3))).toThrow();
  });
});

describe('hitAtK', () => {
  it('counts a hit when any of the first k moments starts inside a true span', () => {
    const ranked = [
      { start: 0, end: 5 },
      { start: 40, end: 50 },
      { start: 12, end: 20 },
    ];
    const truth = [{ start: 10, end: 15 }];
    expect(hitAtK(ranked, truth, 2)).toBe(false);
    expect(hitAtK(ranked, truth, 3)).toBe(true);
  });
});
