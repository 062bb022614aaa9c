import { describe, expect, it } from 'vitest';
import { rankBoundaries, selectBoundaries } from './boundary-selection.ts';

const candidates = [
  { time: 100, score: 0.9 },
  { time: 110, score: 0.95 }, // beats its neighbour at 100
  { time: 300, score: 0.8 },
  { time: 500, score: 0.3 },
  { time: 700, score: 0.99 }, // too close to the end
];

describe('rankBoundaries', () => {
  it('takes the best first and keeps taken boundaries apart and away from the ends', () => {
    expect(rankBoundaries(candidates, 720, 60).map((c) => c.time)).toEqual([110, 300, 500]);
  });
});

describe('selectBoundaries', () => {
  it('gives exactly the requested count, best evidence first', () => {
    const { boundaries } = selectBoundaries(candidates, {
      duration: 720,
      minGap: 60,
      k: 3,
      threshold: 0.5,
      priorWeight: 0,
    });
    expect(boundaries).toEqual([110, 300]);
  });

  it('keeps the boundaries whose evidence beats the threshold when the prior has no say', () => {
    const { boundaries } = selectBoundaries(candidates, { duration: 720, minGap: 60, threshold: 0.5, priorWeight: 0 });
    expect(boundaries).toEqual([110, 300]);
  });

  it('lets the count prior add a weaker boundary when evidence alone gives too few chapters', () => {
    const weak = selectBoundaries(candidates, { duration: 720, minGap: 60, threshold: 0.5, priorWeight: 0 });
    const withPrior = selectBoundaries(candidates, { duration: 720, minGap: 60, threshold: 0.5, priorWeight: 5 });
    expect(withPrior.boundaries.length).toBeGreaterThan(weak.boundaries.length);
  });

  it('respects limits on the count', () => {
    const { boundaries } = selectBoundaries(candidates, {
      duration: 720,
      minGap: 60,
      threshold: 0.99,
      priorWeight: 0,
      minK: 3,
    });
    expect(boundaries).toHaveLength(2);
  });
});
