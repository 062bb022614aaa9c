/**
 * Brute-force TW-FINCH, written the slow and obvious way (all pairs, every level from scratch),
 * for tests to compare the fast search and hierarchy against.
 */
import type { TimedPoints } from '../twfinch-first-neighbours.ts';
import { seededRandom as random } from '../seeded-random.ts';

/** Rows from a list of prototype ids (-1 = all-zero row), each prototype a random direction, plus noise. */
export function rowsFrom(protos: number[], dim: number, noise: number, seed: number): Float32Array {
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

export interface Means {
  unit: Float32Array;
  zero: Uint8Array;
  time: Float64Array;
  key: Int32Array;
  count: number;
}

export function meansOf(features: Float32Array, n: number, dim: number, labels: Int32Array, count: number): Means {
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

export function bruteDistance(m: Means, dim: number, a: number, b: number): number {
  let c: number;
  if (m.zero[a] || m.zero[b]) c = m.zero[a] && m.zero[b] ? 0 : 1;
  else {
    let dot = 0;
    for (let k = 0; k < dim; k++) dot += m.unit[a * dim + k] * m.unit[b * dim + k];
    c = 1 - dot >= 1e-7 ? 1 - dot : 0;
  }
  return c * Math.abs(m.time[a] - m.time[b]);
}

export function bruteNeighbours(m: Means, dim: number): Int32Array {
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

export function firstAppearance(labels: ArrayLike<number>): Int32Array {
  const map = new Map<number, number>();
  return Int32Array.from(labels, (l) => {
    if (!map.has(l)) map.set(l, map.size);
    return map.get(l) as number;
  });
}

export function components(nn: Int32Array): Int32Array {
  const parent = Int32Array.from({ length: nn.length }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  nn.forEach((b, a) => {
    if (b >= 0) parent[find(a)] = find(b);
  });
  return Int32Array.from({ length: nn.length }, (_, i) => find(i));
}

export function bruteHierarchy(features: Float32Array, n: number, dim: number): Int32Array[] {
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

export function brutePartition(features: Float32Array, n: number, dim: number, k: number): Int32Array {
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

/** Every row as its own point (unit rows, time = row index), as the first level sees them. */
export function pointsOf(features: Float32Array, n: number, dim: number): TimedPoints {
  const m = meansOf(
    features,
    n,
    dim,
    Int32Array.from({ length: n }, (_, i) => i),
    n,
  );
  return { count: n, dim, unit: m.unit, zero: m.zero, time: m.time, key: m.key };
}
