import { contiguousSegments } from './contiguous-segments.ts';
import { RowPrefixSums } from './row-prefix-sums.ts';
import type { TwFinch } from './twfinch.ts';

/**
 * Two views of the clip features at every gap between clips (edge e = between clips e-1 and e):
 *
 * - TW-FINCH persistence: the share of chapter counts k (2..maxK) whose contiguous TW-FINCH
 *   segmentation (its hierarchy brought to exactly k segments) cuts at that edge. A topic change
 *   the clustering keeps at every scale scores 1; one that only appears at fine scales scores low.
 * - Novelty: how different the WINDOW clips after the edge are from the WINDOW clips before it
 *   (1 - cosine of their means), as a rank within the recording (0..1), so it reads the same on
 *   any feature set.
 */

/** Clips on each side of an edge for novelty (3 clips of 10 s: half a minute). */
const NOVELTY_WINDOW = 3;

/** Share of k in 2..maxK whose contiguous TW-FINCH segmentation starts a segment at each edge (index = clip). */
export function twFinchPersistence(tw: TwFinch, features: Float32Array, dim: number, maxK: number): Float64Array {
  const n = tw.n;
  const strength = new Float64Array(n);
  const top = Math.min(n, Math.max(2, Math.floor(maxK)));
  if (n < 2 || top < 2) return strength;
  const ks = Array.from({ length: top - 1 }, (_, i) => i + 2);
  const labels = tw.partitions(ks);
  const sums = new RowPrefixSums(features, n, dim);
  for (const k of ks) {
    for (const s of contiguousSegments(features, n, dim, labels.get(k) as Int32Array, k, sums).slice(1)) {
      strength[s.start] += 1 / ks.length;
    }
  }
  return strength;
}

/** Novelty at each edge as a rank in 0..1 (edge 0 is 0). */
export function featureNovelty(features: Float32Array, n: number, dim: number): Float64Array {
  const raw = new Float64Array(n);
  if (n < 2) return raw;
  const sums = new RowPrefixSums(features, n, dim);
  const left = new Float64Array(dim);
  const right = new Float64Array(dim);
  for (let e = 1; e < n; e++) {
    sums.sum(Math.max(0, e - NOVELTY_WINDOW), e, left);
    sums.sum(e, Math.min(n, e + NOVELTY_WINDOW), right);
    let dot = 0;
    let nl = 0;
    let nr = 0;
    for (let q = 0; q < dim; q++) {
      dot += left[q] * right[q];
      nl += left[q] * left[q];
      nr += right[q] * right[q];
    }
    raw[e] = nl > 0 && nr > 0 ? 1 - dot / Math.sqrt(nl * nr) : nl > 0 || nr > 0 ? 1 : 0;
  }
  const order = Array.from({ length: n - 1 }, (_, i) => i + 1).sort((a, b) => raw[a] - raw[b]);
  const rank = new Float64Array(n);
  order.forEach((e, r) => (rank[e] = order.length > 1 ? r / (order.length - 1) : 1));
  return rank;
}
