import { describe, expect, it } from 'vitest';
import { boundaryMatch, pk, scoreSegmentation, segmentationCounts, windowDiff } from './segmentation-metrics.ts';

describe('boundaryMatch', () => {
  it('scores a perfect prediction 1', () => {
    expect(boundaryMatch([100, 200], [100, 200], 3)).toMatchObject({ precision: 1, recall: 1, f1: 1, matched: 2 });
  });

  it('matches within the tolerance, one-to-one', () => {
    const m = boundaryMatch([98, 101, 300], [100, 200], 3);
    expect(m.matched).toBe(1); // 98 and 101 both near 100: only one counts
    expect(m.precision).toBeCloseTo(1 / 3, 10);
    expect(m.recall).toBeCloseTo(1 / 2, 10);
    expect(m.f1).toBeCloseTo(0.4, 10);
    expect(boundaryMatch([108], [100], 10).matched).toBe(1);
    expect(boundaryMatch([108], [100], 3).matched).toBe(0);
  });

  it('treats empty sides sensibly', () => {
    expect(boundaryMatch([], [], 3)).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(boundaryMatch([], [50], 3)).toMatchObject({ precision: 1, recall: 0, f1: 0 });
  });
});

describe('Pk and WindowDiff', () => {
  it('are 0 for a perfect segmentation', () => {
    expect(pk([40, 80], [40, 80], 120)).toBe(0);
    expect(windowDiff([40, 80], [40, 80], 120)).toBe(0);
  });

  it('count windows that disagree (hand-computed)', () => {
    // Truth: one boundary at 10 in 20 s: segments of 10 s, window k = 5 cells, 15 windows.
    // Prediction: boundary at 12. Windows from cells 5-9 straddle the truth, 7-11 the prediction:
    // they disagree for windows 5, 6 (truth only) and 10, 11 (prediction only).
    expect(pk([12], [10], 20)).toBeCloseTo(4 / 15, 10);
    expect(windowDiff([12], [10], 20)).toBeCloseTo(4 / 15, 10);
  });

  it('penalise a missing boundary more than a near miss', () => {
    expect(pk([], [50], 100)).toBeGreaterThan(pk([53], [50], 100));
  });
});

describe('segmentationCounts', () => {
  it('counts spurious and missed boundaries, split and merged segments', () => {
    const c = segmentationCounts([30, 55, 300], [50, 200], 400, 10);
    expect(c).toEqual({
      segmentDifference: 1,
      spurious: 2, // 30 and 300
      missed: 1, // 200
      trueSegmentsSplit: 2, // [0,50) cut at 30, [200,400) cut at 300
      predictedSegmentsMerged: 1, // [55,300) holds the true boundary at 200
    });
  });
});

describe('scoreSegmentation', () => {
  it('ignores boundaries at the ends', () => {
    const s = scoreSegmentation([0, 60, 120], [60], 120);
    expect(s.at3.f1).toBe(1);
    expect(s.pk).toBe(0);
  });
});
