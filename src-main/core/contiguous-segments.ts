/**
 * From cluster labels to contiguous segments. Clustering labels are clusters, not
 * segments: a topic that returns later carries the same label as its first appearance.
 * Lecture chapters must be contiguous, so every maximal run of equal labels becomes its own
 * segment, and the runs are brought to exactly K segments by Ward's criterion restricted to
 * neighbours in time: merge the adjacent pair whose merge adds the least within-segment
 * squared error, (n_a n_b / (n_a + n_b)) |mean_a - mean_b|^2, or, when there are fewer runs
 * than K, split the segment whose best cut removes the most squared error.
 */
import { RowPrefixSums } from './row-prefix-sums.ts';

/** Half-open index range [start, end) of rows. */
export interface IndexSegment {
  start: number;
  end: number;
}

/** Maximal runs of equal labels, in order. */
export function labelRuns(labels: ArrayLike<number>): IndexSegment[] {
  const runs: IndexSegment[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (i === 0 || labels[i] !== labels[i - 1]) runs.push({ start: i, end: i + 1 });
    else runs[runs.length - 1].end = i + 1;
  }
  return runs;
}

/**
 * Exactly k contiguous segments (1 <= k <= n) from cluster labels over n rows. Pass `sums` (of
 * the same features) when segmenting the same rows many times.
 */
export function contiguousSegments(
  features: Float32Array,
  n: number,
  dim: number,
  labels: ArrayLike<number>,
  k: number,
  sums?: RowPrefixSums,
): IndexSegment[] {
  if (labels.length !== n) throw new RangeError(`contiguousSegments: ${labels.length} labels for ${n} rows`);
  return segmentsToK(features, n, dim, labelRuns(labels), k, sums);
}

/** Brings contiguous segments covering [0, n) to exactly k by adjacent Ward merges or best splits. */
export function segmentsToK(
  features: Float32Array,
  n: number,
  dim: number,
  segments: IndexSegment[],
  k: number,
  sums = new RowPrefixSums(features, n, dim),
): IndexSegment[] {
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`segmentsToK: k must be in 1..${n}, got ${k}`);
  let out = segments.map((s) => ({ ...s }));
  if (out.length > k) out = mergeAdjacent(sums, out, k);
  while (out.length < k) out = splitBest(features, sums, out);
  return out;
}

/** Increase of within-segment squared error when merging two segments with these sums and sizes. */
export function wardCost(sumA: Float64Array, na: number, sumB: Float64Array, nb: number): number {
  let d2 = 0;
  for (let q = 0; q < sumA.length; q++) {
    const diff = sumA[q] / na - sumB[q] / nb;
    d2 += diff * diff;
  }
  return ((na * nb) / (na + nb)) * d2;
}

function mergeAdjacent(rows: RowPrefixSums, segments: IndexSegment[], k: number): IndexSegment[] {
  const m = segments.length;
  const dim = rows.dim;
  const sums = segments.map((s) => rows.sum(s.start, s.end));
  const size = segments.map((s) => s.end - s.start);
  const next = Int32Array.from({ length: m }, (_, i) => (i + 1 < m ? i + 1 : -1));
  const prev = Int32Array.from({ length: m }, (_, i) => i - 1);
  const alive = new Uint8Array(m).fill(1);
  const cost = new Float64Array(m).fill(Infinity); // cost[i]: merging i with next[i]
  const version = new Int32Array(m);
  const heap = new CostHeap();
  const refresh = (i: number): void => {
    const j = next[i];
    cost[i] = j < 0 ? Infinity : wardCost(sums[i], size[i], sums[j], size[j]);
    version[i]++;
    if (j >= 0) heap.push(cost[i], segments[i].start, i, version[i]);
  };
  for (let i = 0; i < m; i++) refresh(i);
  for (let count = m; count > k; count--) {
    let top = heap.pop();
    while (top && !(alive[top.item] && version[top.item] === top.version)) top = heap.pop();
    if (!top) throw new Error('contiguous segments: heap ran empty'); // cannot happen
    const i = top.item;
    const j = next[i];
    for (let q = 0; q < dim; q++) sums[i][q] += sums[j][q];
    size[i] += size[j];
    segments[i] = { start: segments[i].start, end: segments[j].end };
    alive[j] = 0;
    next[i] = next[j];
    if (next[j] >= 0) prev[next[j]] = i;
    refresh(i);
    if (prev[i] >= 0) refresh(prev[i]);
  }
  const out: IndexSegment[] = [];
  for (let i = 0; i >= 0; i = next[i]) out.push(segments[i]);
  return out;
}

/** Splits the one segment whose best single cut removes the most squared error. */
function splitBest(features: Float32Array, rows: RowPrefixSums, segments: IndexSegment[]): IndexSegment[] {
  const dim = rows.dim;
  let best = { gain: -1, segment: -1, cut: -1 };
  segments.forEach((s, index) => {
    if (s.end - s.start < 2) return;
    const total = rows.sum(s.start, s.end);
    const left = new Float64Array(dim);
    const right = new Float64Array(dim);
    for (let cut = s.start + 1; cut < s.end; cut++) {
      for (let q = 0; q < dim; q++) {
        left[q] += features[(cut - 1) * dim + q];
        right[q] = total[q] - left[q];
      }
      const gain = wardCost(left, cut - s.start, right, s.end - cut);
      if (gain > best.gain) best = { gain, segment: index, cut };
    }
  });
  if (best.segment < 0) throw new Error('contiguous segments: nothing left to split'); // k <= n prevents this
  const s = segments[best.segment];
  return [
    ...segments.slice(0, best.segment),
    { start: s.start, end: best.cut },
    { start: best.cut, end: s.end },
    ...segments.slice(best.segment + 1),
  ];
}

/** Min-heap of (cost, tie, item, version); ties go to the earlier segment. */
class CostHeap {
  private readonly items: Array<{ cost: number; tie: number; item: number; version: number }> = [];

  push(cost: number, tie: number, item: number, version: number): void {
    const a = this.items;
    a.push({ cost, tie, item, version });
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }

  pop(): { cost: number; tie: number; item: number; version: number } | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop() as (typeof a)[number];
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m])) m = l;
        if (r < a.length && this.less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }

  private less(x: { cost: number; tie: number }, y: { cost: number; tie: number }): boolean {
    return x.cost !== y.cost ? x.cost < y.cost : x.tie < y.tie;
  }
}
