/**
 * Moment-grounding quality for one query: a ranked list of predicted spans against one or more
 * true spans (seconds).
 *  - hit@1: the top prediction's start lies inside a true span (you land on the answer);
 *  - R@1 at IoU t: the top prediction overlaps a true span with temporal IoU >= t;
 *  - AP at IoU t: average precision of the ranked list, a prediction counting as correct when
 *    its IoU with a not yet matched true span is >= t; mAP averages AP over the thresholds.
 */

export interface Span {
  start: number;
  end: number;
}

export const IOU_THRESHOLDS = [0.3, 0.5, 0.7] as const;

/** Temporal intersection over union (0 when either span is empty and they do not coincide). */
export function temporalIou(a: Span, b: Span): number {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return union > 0 ? inter / union : a.start === b.start ? 1 : 0;
}

export function hitAt1(ranked: readonly Span[], truth: readonly Span[]): boolean {
  const top = ranked[0];
  return top !== undefined && truth.some((t) => top.start >= t.start && top.start <= t.end);
}

/** True when one of the first `k` moments starts inside a true span. */
export function hitAtK(ranked: readonly Span[], truth: readonly Span[], k: number): boolean {
  return ranked.slice(0, k).some((p) => truth.some((t) => p.start >= t.start && p.start <= t.end));
}

export function recallAt1(ranked: readonly Span[], truth: readonly Span[], threshold: number): boolean {
  const top = ranked[0];
  return top !== undefined && truth.some((t) => temporalIou(top, t) >= threshold);
}

export function averagePrecision(ranked: readonly Span[], truth: readonly Span[], threshold: number): number {
  if (truth.length === 0) return 0;
  const matched = new Set<number>();
  let correct = 0;
  let sum = 0;
  ranked.forEach((p, k) => {
    let best = -1;
    let bestIou = threshold;
    truth.forEach((t, j) => {
      const iou = temporalIou(p, t);
      if (!matched.has(j) && iou >= bestIou) {
        best = j;
        bestIou = iou;
      }
    });
    if (best >= 0) {
      matched.add(best);
      correct++;
      sum += correct / (k + 1);
    }
  });
  return sum / truth.length;
}

export interface GroundingScores {
  queries: number;
  hit1: number;
  r1: Record<string, number>;
  /** Mean over queries of the mean AP over IOU_THRESHOLDS. */
  map: number;
}

/** Averages over queries: each item is one query's ranked predictions and true spans. */
export function scoreGrounding(
  items: ReadonlyArray<{ ranked: readonly Span[]; truth: readonly Span[] }>,
): GroundingScores {
  const n = Math.max(1, items.length);
  const r1: Record<string, number> = {};
  for (const t of IOU_THRESHOLDS) r1[t.toFixed(1)] = items.filter((i) => recallAt1(i.ranked, i.truth, t)).length / n;
  const ap = (i: { ranked: readonly Span[]; truth: readonly Span[] }) =>
    IOU_THRESHOLDS.reduce((s, t) => s + averagePrecision(i.ranked, i.truth, t), 0) / IOU_THRESHOLDS.length;
  return {
    queries: items.length,
    hit1: items.filter((i) => hitAt1(i.ranked, i.truth)).length / n,
    r1,
    map: items.reduce((s, i) => s + ap(i), 0) / n,
  };
}

export interface PairedDifference {
  /** Mean of a - b over the queries. */
  mean: number;
  /** 95 % bootstrap interval of that mean (queries resampled with replacement). */
  low: number;
  high: number;
}

/**
 * How much better method A does than method B on the same queries (per-query scores, e.g. hit@1
 * as 0/1), with a paired bootstrap interval: with a few dozen queries a difference of one or two
 * hits is often noise, and the interval says so.
 */
export function pairedDifference(
  a: readonly number[],
  b: readonly number[],
  random: () => number,
  rounds = 2000,
): PairedDifference {
  if (a.length !== b.length) throw new Error('paired scores must cover the same queries');
  const n = a.length;
  const diffs = a.map((x, i) => x - b[i]);
  const mean = n ? diffs.reduce((s, d) => s + d, 0) / n : 0;
  if (n === 0) return { mean, low: 0, high: 0 };
  const means: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += diffs[Math.floor(random() * n)];
    means.push(sum / n);
  }
  means.sort((x, y) => x - y);
  return { mean, low: means[Math.floor(0.025 * rounds)], high: means[Math.ceil(0.975 * rounds) - 1] };
}
