import { chapterCountLogPrior } from './chapter-count-prior.ts';

/**
 * Which candidates become chapter starts. Candidates are taken best score first, skipping any
 * closer than `minGap` seconds to one already taken or to either end of the recording (non-maximum
 * suppression), which ranks them. With a requested count the first k - 1 are the boundaries.
 * Otherwise the count maximises
 *
 *     sum over taken boundaries of (score - threshold) + priorWeight * log prior(count)
 *
 * (the prior from chapter-count-prior): a boundary earns its place by evidence above the
 * threshold, and the prior pulls the count toward what people give a recording this long.
 */

export interface ScoredCandidate {
  time: number;
  score: number;
}

export interface SelectionOptions {
  duration: number;
  minGap: number;
  /** Exact number of chapters (boundaries = k - 1), when asked for. */
  k?: number;
  threshold: number;
  priorWeight: number;
  /** A chapter length the user asked for: centres the count prior instead of the published statistics. */
  preferredChapterSeconds?: number;
  /** Inclusive limits on the chapter count (from the user's chapter-length setting). */
  minK?: number;
  maxK?: number;
}

/** Candidates in the order they are taken (best first, each at least minGap from those before and the ends). */
export function rankBoundaries(
  candidates: readonly ScoredCandidate[],
  duration: number,
  minGap: number,
): ScoredCandidate[] {
  const order = [...candidates]
    .filter((c) => c.time >= minGap && c.time <= duration - minGap)
    .sort((a, b) => b.score - a.score || a.time - b.time);
  const taken: ScoredCandidate[] = [];
  for (const c of order) if (taken.every((t) => Math.abs(t.time - c.time) >= minGap)) taken.push(c);
  return taken;
}

/** Boundary times (sorted) and why that many. */
export function selectBoundaries(
  candidates: readonly ScoredCandidate[],
  options: SelectionOptions,
): { boundaries: number[]; why: string } {
  const ranked = rankBoundaries(candidates, options.duration, options.minGap);
  const lo = Math.max(1, options.minK ?? 1);
  const hi = Math.min(ranked.length + 1, Math.max(lo, options.maxK ?? Infinity));
  let count: number;
  let why: string;
  if (options.k !== undefined) {
    count = Math.min(ranked.length + 1, Math.max(1, options.k));
    why = `${count} chapters as requested`;
  } else {
    let best = -Infinity;
    count = Math.min(lo, ranked.length + 1);
    let gain = 0;
    for (let k = 1; k <= hi; k++) {
      if (k > 1) gain += ranked[k - 2].score - options.threshold;
      const objective =
        gain + options.priorWeight * chapterCountLogPrior(k, options.duration, options.preferredChapterSeconds);
      if (k >= lo && objective > best) {
        best = objective;
        count = k;
      }
    }
    why = `${count} chapters: evidence above ${options.threshold.toFixed(2)} weighed against ${
      options.preferredChapterSeconds
        ? `the chapter length asked for (${Math.round(options.preferredChapterSeconds)} s)`
        : `the count people give ${Math.round(options.duration / 60)} minutes`
    }`;
  }
  return {
    boundaries: ranked
      .slice(0, count - 1)
      .map((c) => c.time)
      .sort((a, b) => a - b),
    why,
  };
}
