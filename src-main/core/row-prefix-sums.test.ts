import { describe, expect, it } from 'vitest';
import { RowPrefixSums } from './row-prefix-sums.ts';
import { seededRandom } from './seeded-random.ts';

describe('RowPrefixSums', () => {
  const n = 40;
  const dim = 5;
  const rnd = seededRandom(3);
  const features = Float32Array.from({ length: n * dim }, () => rnd() * 2 - 1);
  const sums = new RowPrefixSums(features, n, dim);

  it('sums any run of rows as a direct sum does', () => {
    for (const [start, end] of [
      [0, n],
      [3, 4],
      [10, 27],
      [5, 5],
    ]) {
      const direct = new Float64Array(dim);
      for (let i = start; i < end; i++) for (let q = 0; q < dim; q++) direct[q] += features[i * dim + q];
      Array.from(sums.sum(start, end)).forEach((v, q) => expect(v).toBeCloseTo(direct[q], 10));
    }
  });

  it('gives the squared error around the run mean, 0 for one row or identical rows', () => {
    const start = 7;
    const end = 19;
    const mean = new Float64Array(dim);
    for (let i = start; i < end; i++) for (let q = 0; q < dim; q++) mean[q] += features[i * dim + q] / (end - start);
    let direct = 0;
    for (let i = start; i < end; i++) for (let q = 0; q < dim; q++) direct += (features[i * dim + q] - mean[q]) ** 2;
    expect(sums.scatter(start, end)).toBeCloseTo(direct, 9);
    expect(sums.scatter(4, 5)).toBe(0);
    const same = new RowPrefixSums(
      Float32Array.from({ length: 6 * 2 }, (_, i) => (i % 2 ? 0.6 : 0.8)),
      6,
      2,
    );
    expect(same.scatter(0, 6)).toBeCloseTo(0, 12);
  });

  it('rejects a matrix smaller than its shape', () => {
    expect(() => new RowPrefixSums(new Float32Array(5), 2, 3)).toThrow(RangeError);
  });
});
