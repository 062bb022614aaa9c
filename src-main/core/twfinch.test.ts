import { describe, expect, it } from 'vitest';
import { createTwFinch, twFinchHierarchy, twFinchPartition } from './twfinch.ts';
import { bruteHierarchy, brutePartition, firstAppearance, rowsFrom } from './testing/twfinch-reference.ts';

const clusterCount = (labels: Int32Array): number => new Set(labels).size;
describe('twFinchHierarchy', () => {
  it('finds three blocks of identical rows at level 0 and ends with one cluster', () => {
    const features = rowsFrom([0, 0, 0, 1, 1, 1, 2, 2, 2], 10, 0, 3);
    const levels = twFinchHierarchy(features, 9, 10);
    expect(Array.from(levels[0])).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    expect(clusterCount(levels[levels.length - 1])).toBe(1);
  });

  it('matches the brute-force hierarchy on noisy sequences', () => {
    for (const [seed, n, dim, noise] of [
      [1, 40, 16, 0.4],
      [2, 73, 5, 0.2],
      [3, 120, 32, 0.8],
      [4, 25, 300, 0.3],
    ]) {
      const protos = Array.from(
        { length: n },
        (_, i) => Math.floor((i * 5) / n + (seed % 2) * (i % 3 === 0 ? 1 : 0)) % 4,
      );
      const features = rowsFrom(protos, dim, noise, seed);
      const fast = twFinchHierarchy(features, n, dim).map((l) => Array.from(l));
      const brute = bruteHierarchy(features, n, dim).map((l) => Array.from(l));
      expect(fast).toEqual(brute);
    }
  });

  it('has sizes strictly decreasing from fine to coarse, with labels numbered by first appearance', () => {
    const features = rowsFrom(
      Array.from({ length: 200 }, (_, i) => Math.floor(i / 13) % 6),
      24,
      0.6,
      11,
    );
    const tw = createTwFinch(features, 200, 24);
    for (let l = 0; l < tw.levels.length; l++) {
      expect(clusterCount(tw.levels[l])).toBe(tw.levelSizes[l]);
      if (l > 0) expect(tw.levelSizes[l]).toBeLessThan(tw.levelSizes[l - 1]);
      expect(Array.from(tw.levels[l])).toEqual(Array.from(firstAppearance(tw.levels[l])));
    }
  });

  it('handles N = 1 and N = 0', () => {
    expect(twFinchHierarchy(new Float32Array([0.3, 0.4]), 1, 2).map((l) => Array.from(l))).toEqual([[0]]);
    expect(twFinchHierarchy(new Float32Array(0), 0, 4)).toEqual([]);
  });
});

describe('twFinchPartition', () => {
  it('returns exactly K clusters for every K from 1 to N, equal to brute force', () => {
    const n = 30;
    const dim = 6;
    const features = rowsFrom(
      Array.from({ length: n }, (_, i) => [0, 1, 2, 1, 3][Math.floor(i / 6)]),
      dim,
      0.35,
      5,
    );
    const tw = createTwFinch(features, n, dim);
    for (let k = 1; k <= n; k++) {
      const labels = tw.partition(k);
      expect(clusterCount(labels), `k=${k}`).toBe(k);
      expect(Array.from(labels), `k=${k}`).toEqual(Array.from(brutePartition(features, n, dim, k)));
    }
  });

  it('gives the same labels for many K at once as one K at a time', () => {
    const n = 50;
    const features = rowsFrom(
      Array.from({ length: n }, (_, i) => [0, 1, 2, 0, 3, 1][Math.floor(i / 9)]),
      10,
      0.4,
      17,
    );
    const tw = createTwFinch(features, n, 10);
    const ks = Array.from({ length: n }, (_, i) => i + 1);
    const many = tw.partitions(ks);
    for (const k of ks) expect(Array.from(many.get(k) as Int32Array), `k=${k}`).toEqual(Array.from(tw.partition(k)));
  });

  it('returns a level itself when K equals a level size, and merges within a level otherwise', () => {
    const features = rowsFrom(
      Array.from({ length: 64 }, (_, i) => Math.floor(i / 8)),
      12,
      0.5,
      21,
    );
    const tw = createTwFinch(features, 64, 12);
    for (let l = 0; l < tw.levels.length; l++) {
      expect(Array.from(tw.partition(tw.levelSizes[l]))).toEqual(Array.from(tw.levels[l]));
    }
    const between = tw.levelSizes[0] - 1;
    if (between > (tw.levelSizes[1] ?? 0)) {
      // one merge from level 0: every level-0 cluster stays whole
      const merged = tw.partition(between);
      const level0 = tw.levels[0];
      for (let i = 0; i < 64; i++) {
        for (let j = 0; j < 64; j++) {
          if (level0[i] === level0[j]) expect(merged[i]).toBe(merged[j]);
        }
      }
    }
  });

  it('keeps identical rows (all distances zero) in contiguous groups for every K', () => {
    const n = 11;
    const features = new Float32Array(n * 3).fill(0.5);
    for (let k = 1; k <= n; k++) {
      const labels = twFinchPartition(features, n, 3, k);
      expect(clusterCount(labels)).toBe(k);
      for (let i = 1; i < n; i++) expect(labels[i] - labels[i - 1]).toBeGreaterThanOrEqual(0);
    }
  });

  it('handles all-zero features and N = 1', () => {
    expect(clusterCount(twFinchPartition(new Float32Array(20), 10, 2, 4))).toBe(4);
    expect(Array.from(twFinchPartition(new Float32Array([1, 2]), 1, 2, 1))).toEqual([0]);
  });

  it('gives a returning topic the same label (labels are clusters, not segments)', () => {
    const features = rowsFrom([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0], 20, 0, 9);
    expect(Array.from(twFinchPartition(features, 12, 20, 2))).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('rejects K outside 1..N', () => {
    const features = new Float32Array(8);
    expect(() => twFinchPartition(features, 4, 2, 0)).toThrow(RangeError);
    expect(() => twFinchPartition(features, 4, 2, 5)).toThrow(RangeError);
    expect(() => twFinchPartition(features, 4, 2, 1.5)).toThrow(RangeError);
  });
});
