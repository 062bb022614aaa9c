import { describe, expect, it } from 'vitest';
import { dot, l2NormaliseInPlace, maskedMeanPool, splitRows } from './vector-pooling.ts';

describe('maskedMeanPool', () => {
  it('averages only the positions the mask marks as real tokens', () => {
    // batch 2, seq 3, dim 2; row 1's last position is padding with a huge value that must not count.
    const hidden = Float32Array.from([1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 1000, 1000]);
    const mask = [1, 1, 1, 1, 1, 0];
    const [a, b] = maskedMeanPool(hidden, mask, 2, 3, 2);
    expect(Array.from(a)).toEqual([3, 4]);
    expect(Array.from(b)).toEqual([20, 30]);
  });

  it('accepts bigint masks as onnxruntime tensors hold them', () => {
    const [v] = maskedMeanPool(Float32Array.from([2, 4, 6, 8]), BigInt64Array.from([1n, 0n]), 1, 2, 2);
    expect(Array.from(v)).toEqual([2, 4]);
  });

  it('gives a zero vector for a row with no real tokens', () => {
    const [v] = maskedMeanPool(Float32Array.from([5, 5]), [0], 1, 1, 2);
    expect(Array.from(v)).toEqual([0, 0]);
  });

  it('rejects a tensor whose size does not match the shape', () => {
    expect(() => maskedMeanPool(new Float32Array(5), [1, 1], 1, 2, 2)).toThrow(/expected 1x2x2/);
  });
});

describe('l2NormaliseInPlace', () => {
  it('scales to unit length and keeps direction', () => {
    const v = l2NormaliseInPlace(Float32Array.from([3, 4]));
    expect(v[0]).toBeCloseTo(0.6, 6);
    expect(v[1]).toBeCloseTo(0.8, 6);
    expect(dot(v, v)).toBeCloseTo(1, 6);
  });

  it('leaves a zero vector at zero instead of NaN', () => {
    expect(Array.from(l2NormaliseInPlace(new Float32Array(3)))).toEqual([0, 0, 0]);
  });
});

describe('splitRows', () => {
  it('copies each row so later writes to the tensor do not leak into the vectors', () => {
    const data = Float32Array.from([1, 2, 3, 4]);
    const rows = splitRows(data, 2, 2);
    data[0] = 99;
    expect(rows.map((r) => Array.from(r))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});
