import { describe, expect, it } from 'vitest';
import { fuseClipFeatures, makeClipGrid } from './clip-features.ts';

const norm = (v: Float32Array, i: number, dim: number): number =>
  Math.sqrt(Array.from(v.subarray(i * dim, (i + 1) * dim)).reduce((s, x) => s + x * x, 0));

describe('makeClipGrid', () => {
  it('covers [0, duration] contiguously with 10 s clips by default', () => {
    const clips = makeClipGrid(35);
    expect(clips).toEqual([
      { start: 0, end: 10 },
      { start: 10, end: 20 },
      { start: 20, end: 30 },
      { start: 30, end: 35 },
    ]);
  });

  it('merges a remainder shorter than half a clip into the last clip', () => {
    expect(makeClipGrid(32, 10).at(-1)).toEqual({ start: 20, end: 32 });
    expect(makeClipGrid(4, 10)).toEqual([{ start: 0, end: 4 }]);
  });

  it('gives no clips for an empty recording', () => {
    expect(makeClipGrid(0)).toEqual([]);
    expect(() => makeClipGrid(10, 0)).toThrow(RangeError);
  });
});

describe('fuseClipFeatures', () => {
  it('normalises each block, weights, concatenates and renormalises', () => {
    const a = new Float32Array([3, 4, 0, 0]); // rows: (3,4), (0,0)
    const b = new Float32Array([0, 2, 5, 0]); // rows: (0,2), (5,0)
    const { features, dim } = fuseClipFeatures(
      [
        { vectors: a, dim: 2, weight: 1 },
        { vectors: b, dim: 2, weight: 1 },
      ],
      2,
    );
    expect(dim).toBe(4);
    const s = 1 / Math.sqrt(2);
    expect(Array.from(features.subarray(0, 4))).toEqual([0.6 * s, 0.8 * s, 0, s].map(Math.fround));
    // Row 1 has no first-block signal: only the second block, still unit length.
    expect(Array.from(features.subarray(4, 8))).toEqual([0, 0, 1, 0]);
  });

  it('keeps rows with no signal in any block all-zero, and honours weights', () => {
    const a = new Float32Array([1, 0, 0, 0]);
    const b = new Float32Array([0, 1, 0, 0]);
    const { features } = fuseClipFeatures(
      [
        { vectors: a, dim: 2, weight: 2 },
        { vectors: b, dim: 2, weight: 1 },
      ],
      2,
    );
    expect(norm(features, 0, 4)).toBeCloseTo(1, 6);
    expect(features[0] / features[3]).toBeCloseTo(2, 6);
    expect(Array.from(features.subarray(4, 8))).toEqual([0, 0, 0, 0]);
  });

  it('rejects a block that is too short', () => {
    expect(() => fuseClipFeatures([{ vectors: new Float32Array(3), dim: 2, weight: 1 }], 2)).toThrow(RangeError);
  });
});
