import { describe, expect, it } from 'vitest';
import {
  createTwFinch,
  timeWeightedFirstNeighbours,
  twFinchHierarchy,
  twFinchPartition,
  type TimedPoints,
} from './twfinch.ts';
import { seededRandom as random } from './seeded-random.ts';

/** Rows from a list of prototype ids (-1 = all-zero row), each prototype a random direction, plus noise. */
function rowsFrom(protos: number[], dim: number, noise: number, seed: number): Float32Array {
  const rnd = random(seed);
  const centres = new Map<number, Float64Array>();
  const out = new Float32Array(protos.length * dim);
  protos.forEach((p, i) => {
    if (p < 0) return;
    if (!centres.has(p))
      centres.set(
        p,
        Float64Array.from({ length: dim }, () => rnd() * 2 - 1),
      );
    const c = centres.get(p) as Float64Array;
    for (let k = 0; k < dim; k++) out[i * dim + k] = c[k] + noise * (rnd() * 2 - 1);
  });
  return out;
}

/* ---------- an independent brute-force TW-FINCH (full distance matrices) as the oracle ---------- */

interface Means {
  unit: Float32Array;
  zero: Uint8Array;
  time: Float64Array;
  key: Int32Array;
  count: number;
}

function meansOf(features: Float32Array, n: number, dim: number, labels: Int32Array, count: number): Means {
  const rows = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += features[i * dim + k] * features[i * dim + k];
    if (s < 1e-24) continue;
    for (let k = 0; k < dim; k++) rows[i * dim + k] = features[i * dim + k] / Math.sqrt(s);
  }
  const sum = new Float64Array(count * dim);
  const tsum = new Float64Array(count);
  const size = new Int32Array(count);
  const key = new Int32Array(count).fill(-1);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    for (let k = 0; k < dim; k++) sum[c * dim + k] += rows[i * dim + k];
    tsum[c] += i;
    size[c]++;
    if (key[c] < 0) key[c] = i;
  }
  const unit = new Float32Array(count * dim);
  const zero = new Uint8Array(count);
  const time = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += sum[c * dim + k] * sum[c * dim + k];
    time[c] = tsum[c] / size[c];
    if (s < 1e-24) {
      zero[c] = 1;
      continue;
    }
    for (let k = 0; k < dim; k++) unit[c * dim + k] = sum[c * dim + k] / Math.sqrt(s);
  }
  return { unit, zero, time, key, count };
}

function bruteDistance(m: Means, dim: number, a: number, b: number): number {
  let c: number;
  if (m.zero[a] || m.zero[b]) c = m.zero[a] && m.zero[b] ? 0 : 1;
  else {
    let dot = 0;
    for (let k = 0; k < dim; k++) dot += m.unit[a * dim + k] * m.unit[b * dim + k];
    c = 1 - dot >= 1e-7 ? 1 - dot : 0;
  }
  return c * Math.abs(m.time[a] - m.time[b]);
}

function bruteNeighbours(m: Means, dim: number): Int32Array {
  const nn = new Int32Array(m.count).fill(-1);
  for (let a = 0; a < m.count; a++) {
    let best: [number, number, number] | null = null;
    for (let b = 0; b < m.count; b++) {
      if (a === b) continue;
      const cand: [number, number, number] = [bruteDistance(m, dim, a, b), Math.abs(m.time[a] - m.time[b]), m.key[b]];
      if (
        !best ||
        cand[0] < best[0] ||
        (cand[0] === best[0] && (cand[1] < best[1] || (cand[1] === best[1] && cand[2] < best[2])))
      ) {
        best = cand;
        nn[a] = b;
      }
    }
  }
  return nn;
}

function firstAppearance(labels: ArrayLike<number>): Int32Array {
  const map = new Map<number, number>();
  return Int32Array.from(labels, (l) => {
    if (!map.has(l)) map.set(l, map.size);
    return map.get(l) as number;
  });
}

function components(nn: Int32Array): Int32Array {
  const parent = Int32Array.from({ length: nn.length }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  nn.forEach((b, a) => {
    if (b >= 0) parent[find(a)] = find(b);
  });
  return Int32Array.from({ length: nn.length }, (_, i) => find(i));
}

function bruteHierarchy(features: Float32Array, n: number, dim: number): Int32Array[] {
  const levels: Int32Array[] = [];
  let labels: Int32Array = Int32Array.from({ length: n }, (_, i) => i);
  let count = n;
  if (n === 1) return [new Int32Array(1)];
  while (count > 1) {
    const m = meansOf(features, n, dim, labels, count);
    const comp = components(bruteNeighbours(m, dim));
    labels = firstAppearance(Array.from(labels, (c) => comp[c]));
    count = new Set(labels).size;
    levels.push(labels);
  }
  return levels;
}

function brutePartition(features: Float32Array, n: number, dim: number, k: number): Int32Array {
  const levels = bruteHierarchy(features, n, dim);
  let labels: Int32Array = Int32Array.from({ length: n }, (_, i) => i);
  for (const l of levels) if (new Set(l).size >= k) labels = l;
  let count = new Set(labels).size;
  while (count > k) {
    const m = meansOf(features, n, dim, labels, count);
    let best: number[] | null = null;
    for (let a = 0; a < count; a++) {
      for (let b = a + 1; b < count; b++) {
        const cand = [
          bruteDistance(m, dim, a, b),
          Math.abs(m.time[a] - m.time[b]),
          Math.min(m.key[a], m.key[b]),
          Math.max(m.key[a], m.key[b]),
          a,
          b,
        ];
        const better =
          !best ||
          cand[0] < best[0] ||
          (cand[0] === best[0] &&
            (cand[1] < best[1] ||
              (cand[1] === best[1] && (cand[2] < best[2] || (cand[2] === best[2] && cand[3] < best[3])))));
        if (better) best = cand;
      }
    }
    const [, , , , a, b] = best as number[];
    labels = firstAppearance(Array.from(labels, (c) => (c === b ? a : c)));
    count--;
  }
  return labels;
}

/* ------------------------------------------------------------------------------------------------- */

function pointsOf(features: Float32Array, n: number, dim: number): TimedPoints {
  const m = meansOf(
    features,
    n,
    dim,
    Int32Array.from({ length: n }, (_, i) => i),
    n,
  );
  return { count: n, dim, unit: m.unit, zero: m.zero, time: m.time, key: m.key };
}

const clusterCount = (labels: Int32Array): number => new Set(labels).size;

describe('timeWeightedFirstNeighbours', () => {
  it('matches a brute-force search on noisy piecewise sequences, with ties and zero rows', () => {
    const cases: Array<{ protos: number[]; dim: number; noise: number }> = [
      { protos: [0, 0, 0, 1, 1, 1, 1, 2, 2, 0, 0, 3, 3, 3, 1, 1], dim: 8, noise: 0.3 },
      { protos: [0, 0, 0, 1, 1, 1, 1, 2, 2, 0, 0, 3, 3, 3, 1, 1], dim: 40, noise: 0.0 }, // identical rows
      { protos: [0, -1, -1, 1, 1, -1, 2, 2, -1, -1, -1, 0, 0, 0, 1, -1, 2], dim: 6, noise: 0.0 }, // zero rows
      { protos: Array.from({ length: 60 }, (_, i) => Math.floor(i / 7) % 4), dim: 64, noise: 0.5 },
      { protos: Array.from({ length: 90 }, (_, i) => (i * 7919) % 5), dim: 3, noise: 0.05 },
      { protos: [0, 1], dim: 5, noise: 0.1 },
      { protos: [0, 0, 0], dim: 5, noise: 0 },
    ];
    cases.forEach(({ protos, dim, noise }, c) => {
      const features = rowsFrom(protos, dim, noise, 100 + c);
      const points = pointsOf(features, protos.length, dim);
      const fast = timeWeightedFirstNeighbours(points);
      const brute = bruteNeighbours(points, dim);
      expect(Array.from(fast.neighbour), `case ${c}`).toEqual(Array.from(brute));
    });
  });

  it('finds a far identical row before a near different one (distance 0 beats any time gap)', () => {
    const protos = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0];
    const features = rowsFrom(protos, 16, 0, 7);
    const { neighbour, distance } = timeWeightedFirstNeighbours(pointsOf(features, protos.length, 16));
    expect(neighbour[0]).toBe(12);
    expect(neighbour[12]).toBe(0);
    expect(distance[0]).toBe(0);
  });

  it('breaks ties by the smaller time gap, then the earlier row', () => {
    const features = new Float32Array(5 * 2).fill(0); // five zero rows: all distances 0
    const { neighbour } = timeWeightedFirstNeighbours(pointsOf(features, 5, 2));
    expect(Array.from(neighbour)).toEqual([1, 0, 1, 2, 3]);
  });
});

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
