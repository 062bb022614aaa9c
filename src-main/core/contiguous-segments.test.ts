import { describe, expect, it } from 'vitest';
import { contiguousSegments, labelRuns, segmentsToK } from './contiguous-segments.ts';

/** One-hot-ish rows: row i has a 1 in coordinate topics[i] (dim = number of topics). */
function oneHot(topics: number[], dim: number): Float32Array {
  const out = new Float32Array(topics.length * dim);
  topics.forEach((t, i) => (out[i * dim + t] = 1));
  return out;
}

const covers = (segments: Array<{ start: number; end: number }>, n: number): boolean =>
  segments[0].start === 0 &&
  segments[segments.length - 1].end === n &&
  segments.every((s, i) => s.end > s.start && (i === 0 || s.start === segments[i - 1].end));

describe('labelRuns', () => {
  it('turns labels into maximal runs', () => {
    expect(labelRuns([0, 0, 1, 1, 1, 0, 2])).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 5 },
      { start: 5, end: 6 },
      { start: 6, end: 7 },
    ]);
    expect(labelRuns([])).toEqual([]);
  });
});

describe('contiguousSegments', () => {
  it('splits a returning topic into two chapters', () => {
    const topics = [0, 0, 0, 1, 1, 1, 0, 0, 0];
    const segments = contiguousSegments(oneHot(topics, 2), 9, 2, topics, 3);
    expect(segments).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
      { start: 6, end: 9 },
    ]);
  });

  it('reaches exactly K for every K by merging the adjacent pair that adds least squared error', () => {
    const topics = [0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 3];
    const features = oneHot(topics, 4);
    for (let k = 1; k <= topics.length; k++) {
      const segments = contiguousSegments(features, topics.length, 4, topics, k);
      expect(segments).toHaveLength(k);
      expect(covers(segments, topics.length)).toBe(true);
    }
    // From 4 runs to 3: the single-row run at the end is cheapest to absorb (Ward cost 5/6 vs 4/3).
    expect(contiguousSegments(features, 12, 4, topics, 3).map((s) => s.start)).toEqual([0, 4, 6]);
  });

  it('splits at the best cut when there are fewer runs than K', () => {
    const topics = [0, 0, 0, 1, 1, 1];
    const segments = segmentsToK(oneHot(topics, 2), 6, 2, [{ start: 0, end: 6 }], 2);
    expect(segments).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
    ]);
  });

  it('handles identical rows (every merge costs zero) and rejects K outside 1..N', () => {
    const features = new Float32Array(8).fill(1);
    const segments = segmentsToK(features, 8, 1, labelRuns([0, 1, 2, 3, 4, 5, 6, 7]), 3);
    expect(segments).toHaveLength(3);
    expect(covers(segments, 8)).toBe(true);
    expect(() => segmentsToK(features, 8, 1, [{ start: 0, end: 8 }], 9)).toThrow(RangeError);
    expect(() => segmentsToK(features, 8, 1, [{ start: 0, end: 8 }], 0)).toThrow(RangeError);
  });
});
