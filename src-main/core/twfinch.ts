/**
 * TW-FINCH: temporally weighted first-neighbour clustering (Sarfraz et al., CVPR 2021),
 * written from the paper's description.
 *
 * Rows are clips in time order; row i has time t_i = i / N. The distance between two
 * points is their cosine distance multiplied by the gap in time:
 *
 *     d(i, j) = (1 - cos(x_i, x_j)) * |t_i - t_j|
 *
 * Every point is linked to its first (nearest) neighbour under d; i and j end up in one
 * cluster when j is i's first neighbour, i is j's, or they share one. The connected
 * components are one partition. Each cluster is then replaced by the mean of its rows and
 * the mean of their times, and the same step repeats on the means, which gives a hierarchy
 * from fine to coarse, ending with one cluster. Any requested number of clusters K is
 * reached exactly: start from the coarsest level that still has at least K clusters and
 * merge the single closest pair (same distance, on the merged means and times) until K
 * remain.
 *
 * Conventions:
 * - Rows are compared by direction only (they are L2-normalised here). An all-zero row
 *   means "no signal": two zero rows are identical (cosine distance 0), a zero and a
 *   non-zero row are orthogonal (cosine distance 1).
 * - Time is measured in rows (t_i = i rather than i / N): a constant factor that changes no
 *   comparison, and keeps level-0 gaps exact integers so ties in time are real ties.
 * - Ties are broken by the smaller time gap, then by the cluster whose first row comes
 *   earlier, so results never depend on evaluation order.
 * - Labels of every partition are numbered by first appearance in time (row 0 has label 0).
 *
 * The first-neighbour search itself lives in twfinch-first-neighbours.ts.
 */

import {
  cosineDistance,
  ranksBefore,
  timeWeightedFirstNeighbours,
  ZERO_NORM2,
  type TimedPoints,
} from './twfinch-first-neighbours.ts';

/** Per-cluster sums over the original rows, for building means at any level. */
interface ClusterStats {
  clusters: number;
  sum: Float64Array; // clusters x dim
  size: Int32Array;
  timeSum: Float64Array;
  firstRow: Int32Array;
}

function clusterStats(rows: Float32Array, n: number, dim: number, labels: Int32Array, clusters: number): ClusterStats {
  const sum = new Float64Array(clusters * dim);
  const size = new Int32Array(clusters);
  const timeSum = new Float64Array(clusters);
  const firstRow = new Int32Array(clusters).fill(-1);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    size[c]++;
    timeSum[c] += i;
    if (firstRow[c] < 0) firstRow[c] = i;
    const o = i * dim;
    const oc = c * dim;
    for (let k = 0; k < dim; k++) sum[oc + k] += rows[o + k];
  }
  return { clusters, sum, size, timeSum, firstRow };
}

/** Stats of a coarser partition, summing the stats of the clusters it joins. */
function coarsenStats(stats: ClusterStats, dim: number, into: Int32Array, clusters: number): ClusterStats {
  const sum = new Float64Array(clusters * dim);
  const size = new Int32Array(clusters);
  const timeSum = new Float64Array(clusters);
  const firstRow = new Int32Array(clusters).fill(2147483647);
  for (let c = 0; c < stats.clusters; c++) {
    const t = into[c];
    size[t] += stats.size[c];
    timeSum[t] += stats.timeSum[c];
    if (stats.firstRow[c] < firstRow[t]) firstRow[t] = stats.firstRow[c];
    const o = c * dim;
    const ot = t * dim;
    for (let k = 0; k < dim; k++) sum[ot + k] += stats.sum[o + k];
  }
  return { clusters, sum, size, timeSum, firstRow };
}

/** Writes the direction of `sum` (offset `from`) as a unit row into `unit` at `to`; returns 1 if zero. */
function writeUnit(sum: Float64Array, from: number, unit: Float32Array, to: number, dim: number): number {
  let norm2 = 0;
  for (let k = 0; k < dim; k++) norm2 += sum[from + k] * sum[from + k];
  if (norm2 < ZERO_NORM2) {
    unit.fill(0, to, to + dim);
    return 1;
  }
  const inv = 1 / Math.sqrt(norm2);
  for (let k = 0; k < dim; k++) unit[to + k] = sum[from + k] * inv;
  return 0;
}

/** Points for the clusters of one level, sorted by (mean time, first row). */
function pointsFromStats(stats: ClusterStats, dim: number): { points: TimedPoints; clusterAt: Int32Array } {
  const { clusters, sum, size, timeSum, firstRow } = stats;
  const meanTime = new Float64Array(clusters);
  for (let c = 0; c < clusters; c++) meanTime[c] = timeSum[c] / size[c];
  const clusterAt = Int32Array.from({ length: clusters }, (_, c) => c);
  clusterAt.sort((a, b) => meanTime[a] - meanTime[b] || firstRow[a] - firstRow[b]);
  const unit = new Float32Array(clusters * dim);
  const zero = new Uint8Array(clusters);
  const time = new Float64Array(clusters);
  const key = new Int32Array(clusters);
  for (let p = 0; p < clusters; p++) {
    const c = clusterAt[p];
    zero[p] = writeUnit(sum, c * dim, unit, p * dim, dim);
    time[p] = meanTime[c];
    key[p] = firstRow[c];
  }
  return { points: { count: clusters, dim, unit, zero, time, key }, clusterAt };
}

/** Renumbers labels by first appearance; returns the number of distinct labels. */
function relabelByFirstAppearance(labels: Int32Array): number {
  const map = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    let v = map.get(labels[i]);
    if (v === undefined) {
      v = map.size;
      map.set(labels[i], v);
    }
    labels[i] = v;
  }
  return map.size;
}

/** For each cluster of `from`, the cluster of `to` holding it (`to` is coarser). */
function clusterMap(from: Int32Array, to: Int32Array, fromClusters: number): Int32Array {
  const map = new Int32Array(fromClusters);
  for (let i = 0; i < from.length; i++) map[from[i]] = to[i];
  return map;
}

function find(parent: Int32Array, a: number): number {
  while (parent[a] !== a) {
    parent[a] = parent[parent[a]];
    a = parent[a];
  }
  return a;
}

/** A TW-FINCH run over one sequence: its hierarchy and exact-K partitions. */
export interface TwFinch {
  /** Number of rows. */
  readonly n: number;
  /**
   * Labels per level, level 0 finest (the first first-neighbour partition, not the
   * trivial one-row-per-cluster partition), the last level has one cluster (for n >= 1).
   */
  readonly levels: Int32Array[];
  /** Number of clusters of each level. */
  readonly levelSizes: number[];
  /** Labels with exactly k clusters, 1 <= k <= n. */
  partition(k: number): Int32Array;
  /** Labels for several k at once (one merge sequence per starting level): same as partition(k) for each. */
  partitions(ks: number[]): Map<number, Int32Array>;
}

/** Runs TW-FINCH on `n` rows of `dim` features (row-major). Rows need not be normalised. */
export function createTwFinch(features: Float32Array, n: number, dim: number): TwFinch {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(dim) || dim < 0) {
    throw new RangeError(`twfinch: bad shape n=${n} dim=${dim}`);
  }
  if (features.length < n * dim) {
    throw new RangeError(`twfinch: features hold ${features.length} values, need ${n}x${dim}`);
  }
  const rows = new Float32Array(n * dim);
  const rowZero = new Uint8Array(n);
  const rowSum = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < dim; k++) rowSum[k] = features[i * dim + k];
    rowZero[i] = writeUnit(rowSum, 0, rows, i * dim, dim);
  }
  const base: TimedPoints = {
    count: n,
    dim,
    unit: rows,
    zero: rowZero,
    time: Float64Array.from({ length: n }, (_, i) => i),
    key: Int32Array.from({ length: n }, (_, i) => i),
  };

  const levels: Int32Array[] = [];
  const levelSizes: number[] = [];
  if (n === 1) {
    levels.push(new Int32Array(1));
    levelSizes.push(1);
  }
  let points = base;
  let clusterAt: Int32Array = Int32Array.from({ length: n }, (_, i) => i); // position -> cluster id
  let labels = Int32Array.from({ length: n }, (_, i) => i); // row -> cluster id
  let stats: ClusterStats | null = null; // per-cluster sums of the current level (null: the rows)
  let clusters = n;
  while (clusters > 1) {
    const { neighbour } = timeWeightedFirstNeighbours(points);
    const parent = Int32Array.from({ length: clusters }, (_, p) => p);
    for (let p = 0; p < clusters; p++) {
      const a = find(parent, p);
      const b = find(parent, neighbour[p]);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
    const positionOf = new Int32Array(clusters);
    for (let p = 0; p < clusters; p++) positionOf[clusterAt[p]] = p;
    const next = new Int32Array(n);
    for (let i = 0; i < n; i++) next[i] = find(parent, positionOf[labels[i]]);
    const nextClusters = relabelByFirstAppearance(next);
    if (nextClusters >= clusters) break; // cannot happen (every point links somewhere); guards a loop
    levels.push(next);
    levelSizes.push(nextClusters);
    if (nextClusters > 1) {
      stats =
        stats === null
          ? clusterStats(rows, n, dim, next, nextClusters)
          : coarsenStats(stats, dim, clusterMap(labels, next, clusters), nextClusters);
      const built = pointsFromStats(stats, dim);
      points = built.points;
      clusterAt = built.clusterAt;
    }
    labels = next;
    clusters = nextClusters;
  }

  const startLevel = (k: number): { labels: Int32Array; size: number } => {
    if (!Number.isInteger(k) || k < 1 || k > n) {
      throw new RangeError(`twfinch: k must be an integer in 1..${n}, got ${k}`);
    }
    // Coarsest level with at least k clusters; the rows themselves count as the finest.
    let labels: Int32Array = Int32Array.from({ length: n }, (_, i) => i);
    let size = n;
    for (let l = 0; l < levels.length; l++) {
      if (levelSizes[l] >= k) {
        labels = levels[l];
        size = levelSizes[l];
      }
    }
    return { labels, size };
  };

  const partitions = (ks: number[]): Map<number, Int32Array> => {
    const out = new Map<number, Int32Array>();
    const byStart = new Map<Int32Array, { size: number; targets: number[] }>();
    for (const k of ks) {
      const start = startLevel(k);
      if (start.size === k) {
        out.set(k, start.labels.slice());
        continue;
      }
      const group = byStart.get(start.labels) ?? { size: start.size, targets: [] };
      group.targets.push(k);
      byStart.set(start.labels, group);
    }
    for (const [labels, { size, targets }] of byStart) {
      for (const [k, result] of mergeClosestPairs(rows, n, dim, labels, size, targets)) out.set(k, result);
    }
    return out;
  };

  const partition = (k: number): Int32Array => partitions([k]).get(k) as Int32Array;

  return { n, levels, levelSizes, partition, partitions };
}

/**
 * From a partition with `clusters` clusters, merges the single closest pair (time-weighted
 * distance between cluster means) until the smallest target count remains, keeping the
 * labels at every target count on the way. Keeps each cluster's first neighbour cached and
 * recomputes only what a merge invalidates.
 */
function mergeClosestPairs(
  rows: Float32Array,
  n: number,
  dim: number,
  labels: Int32Array,
  clusters: number,
  targets: number[],
): Map<number, Int32Array> {
  const wanted = new Set(targets);
  const k = Math.min(...targets);
  const results = new Map<number, Int32Array>();
  const snapshot = (count: number): void => {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = find(parent, labels[i]);
    relabelByFirstAppearance(out);
    results.set(count, out);
  };
  const stats = clusterStats(rows, n, dim, labels, clusters);
  const { points } = pointsFromStats(stats, dim);
  const { sum, size, timeSum } = stats;
  // Slot = cluster id (not position); rebuild point arrays in cluster-id order.
  const unit = new Float32Array(clusters * dim);
  const zero = new Uint8Array(clusters);
  const time = new Float64Array(clusters);
  const key = new Int32Array(clusters);
  for (let c = 0; c < clusters; c++) {
    zero[c] = writeUnit(sum, c * dim, unit, c * dim, dim);
    time[c] = timeSum[c] / size[c];
    key[c] = stats.firstRow[c];
  }
  const slots: TimedPoints = { count: clusters, dim, unit, zero, time, key };

  // Initial first neighbours through the fast exact search (positions -> cluster ids).
  const first = timeWeightedFirstNeighbours(points);
  const positionKey = points.key;
  const slotOfKey = new Map<number, number>();
  for (let c = 0; c < clusters; c++) slotOfKey.set(key[c], c);
  const nn = new Int32Array(clusters);
  const nd = new Float64Array(clusters);
  const ngap = new Float64Array(clusters);
  for (let p = 0; p < clusters; p++) {
    const c = slotOfKey.get(positionKey[p]) as number;
    const q = slotOfKey.get(positionKey[first.neighbour[p]]) as number;
    nn[c] = q;
    nd[c] = first.distance[p];
    ngap[c] = Math.abs(time[c] - time[q]);
  }

  const active = new Uint8Array(clusters).fill(1);
  const parent = Int32Array.from({ length: clusters }, (_, c) => c);
  const dist = new Float64Array(clusters);

  const recompute = (x: number): void => {
    let bd = Infinity;
    let bg = Infinity;
    let bk = 2147483647;
    let bj = -1;
    for (let y = 0; y < clusters; y++) {
      if (!active[y] || y === x) continue;
      const gap = Math.abs(time[x] - time[y]);
      const d = cosineDistance(slots, x, y) * gap;
      if (ranksBefore(d, gap, key[y], bd, bg, bk)) {
        bd = d;
        bg = gap;
        bk = key[y];
        bj = y;
      }
    }
    nn[x] = bj;
    nd[x] = bd;
    ngap[x] = bg;
  };

  for (let remaining = clusters; remaining > k; remaining--) {
    // Closest pair: ranked by distance, gap, then the pair's keys.
    let a = -1;
    for (let c = 0; c < clusters; c++) {
      if (!active[c]) continue;
      if (a < 0) {
        a = c;
        continue;
      }
      const lo = Math.min(key[c], key[nn[c]]);
      const loA = Math.min(key[a], key[nn[a]]);
      const hi = Math.max(key[c], key[nn[c]]);
      const hiA = Math.max(key[a], key[nn[a]]);
      if (
        nd[c] !== nd[a] ? nd[c] < nd[a] : ngap[c] !== ngap[a] ? ngap[c] < ngap[a] : lo !== loA ? lo < loA : hi < hiA
      ) {
        a = c;
      }
    }
    let b = nn[a];
    if (b < a) [a, b] = [b, a];
    // Merge b into a.
    for (let q = 0; q < dim; q++) sum[a * dim + q] += sum[b * dim + q];
    size[a] += size[b];
    timeSum[a] += timeSum[b];
    key[a] = Math.min(key[a], key[b]);
    zero[a] = writeUnit(sum, a * dim, unit, a * dim, dim);
    time[a] = timeSum[a] / size[a];
    active[b] = 0;
    parent[b] = a;
    if (wanted.has(remaining - 1)) snapshot(remaining - 1);
    if (remaining - 1 === k) break;

    // Distances to the merged cluster; stale neighbours get a full recompute.
    const stale: number[] = [];
    let bd = Infinity;
    let bg = Infinity;
    let bk = 2147483647;
    let bj = -1;
    for (let x = 0; x < clusters; x++) {
      if (!active[x] || x === a) continue;
      const gap = Math.abs(time[x] - time[a]);
      const d = cosineDistance(slots, x, a) * gap;
      dist[x] = d;
      if (ranksBefore(d, gap, key[x], bd, bg, bk)) {
        bd = d;
        bg = gap;
        bk = key[x];
        bj = x;
      }
      if (nn[x] === a || nn[x] === b) stale.push(x);
      else if (ranksBefore(d, gap, key[a], nd[x], ngap[x], key[nn[x]])) {
        nn[x] = a;
        nd[x] = d;
        ngap[x] = gap;
      }
    }
    nn[a] = bj;
    nd[a] = bd;
    ngap[a] = bg;
    for (const x of stale) recompute(x);
  }

  return results;
}

/** Labels per level of the TW-FINCH hierarchy, level 0 finest; see {@link createTwFinch}. */
export function twFinchHierarchy(features: Float32Array, n: number, dim: number): Int32Array[] {
  return createTwFinch(features, n, dim).levels;
}

/** Labels with exactly k clusters (1 <= k <= n), numbered by first appearance in time. */
export function twFinchPartition(features: Float32Array, n: number, dim: number, k: number): Int32Array {
  return createTwFinch(features, n, dim).partition(k);
}
