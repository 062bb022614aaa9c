/**
 * Segmentation quality: boundary precision/recall/F1 within a tolerance, Pk (Beeferman et
 * al. 1999), WindowDiff (Pevzner & Hearst 2002), and over-/under-segmentation counts.
 *
 * A segmentation is given by its inner boundaries: times (or positions) strictly between 0
 * and the total length where one segment ends and the next starts. Pk and WindowDiff are
 * computed on a grid of `unit`-sized cells (1 s by default) with a window of half the mean
 * true segment length (in cells, at least 1), as is customary.
 */

export interface BoundaryMatch {
  precision: number;
  recall: number;
  f1: number;
  /** Predicted boundaries matched one-to-one to a true boundary within the tolerance. */
  matched: number;
  predicted: number;
  truth: number;
}

/** Inner boundaries sorted, deduplicated, strictly inside (0, length). */
function inner(boundaries: number[], length: number): number[] {
  return [...new Set(boundaries.filter((b) => b > 0 && b < length))].sort((a, b) => a - b);
}

/** Which predicted (usedP) and true (usedT) boundaries pair up one-to-one within the tolerance. */
interface BoundaryPairing {
  usedP: Uint8Array;
  usedT: Uint8Array;
  matched: number;
}

/** Greedy one-to-one pairing of sorted boundaries within `tolerance`, closest pairs first (ties: earlier first). */
function matchBoundaries(p: number[], t: number[], tolerance: number): BoundaryPairing {
  const pairs: Array<[number, number, number]> = [];
  for (let i = 0; i < p.length; i++) {
    for (let j = 0; j < t.length; j++) {
      const d = Math.abs(p[i] - t[j]);
      if (d <= tolerance) pairs.push([d, i, j]);
    }
  }
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const usedP = new Uint8Array(p.length);
  const usedT = new Uint8Array(t.length);
  let matched = 0;
  for (const [, i, j] of pairs) {
    if (usedP[i] || usedT[j]) continue;
    usedP[i] = 1;
    usedT[j] = 1;
    matched++;
  }
  return { usedP, usedT, matched };
}

/**
 * One-to-one matching of predicted to true boundaries within `tolerance` (closest pairs
 * first), then precision = matched / predicted, recall = matched / truth. With no
 * predicted boundaries precision is 1; with no true boundaries recall is 1 (nothing to miss).
 */
export function boundaryMatch(predicted: number[], truth: number[], tolerance: number): BoundaryMatch {
  const p = [...predicted].sort((a, b) => a - b);
  const t = [...truth].sort((a, b) => a - b);
  const { matched } = matchBoundaries(p, t, tolerance);
  const precision = p.length ? matched / p.length : 1;
  const recall = t.length ? matched / t.length : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, matched, predicted: p.length, truth: t.length };
}

/** Segment index of each grid cell (cell c covers [c*unit, (c+1)*unit), judged at its middle). */
function cellSegments(boundaries: number[], cells: number, unit: number): Int32Array {
  const out = new Int32Array(cells);
  let s = 0;
  for (let c = 0; c < cells; c++) {
    const t = (c + 0.5) * unit;
    while (s < boundaries.length && boundaries[s] <= t) s++;
    out[c] = s;
  }
  return out;
}

/** Window in cells: half the mean true segment length, at least 1. */
function windowCells(truth: number[], length: number, unit: number): number {
  const segments = truth.length + 1;
  return Math.max(1, Math.round(length / segments / unit / 2));
}

/** Pk: chance that two cells a window apart are misjudged as same/different segment. Lower is better. */
export function pk(predicted: number[], truth: number[], length: number, unit = 1): number {
  const cells = Math.max(1, Math.ceil(length / unit));
  const k = windowCells(inner(truth, length), length, unit);
  if (cells <= k) return 0;
  const ref = cellSegments(inner(truth, length), cells, unit);
  const hyp = cellSegments(inner(predicted, length), cells, unit);
  let errors = 0;
  for (let c = 0; c + k < cells; c++) {
    if ((ref[c] === ref[c + k]) !== (hyp[c] === hyp[c + k])) errors++;
  }
  return errors / (cells - k);
}

/** WindowDiff: share of windows whose number of boundaries differs between truth and prediction. */
export function windowDiff(predicted: number[], truth: number[], length: number, unit = 1): number {
  const cells = Math.max(1, Math.ceil(length / unit));
  const k = windowCells(inner(truth, length), length, unit);
  if (cells <= k) return 0;
  const ref = cellSegments(inner(truth, length), cells, unit);
  const hyp = cellSegments(inner(predicted, length), cells, unit);
  let errors = 0;
  for (let c = 0; c + k < cells; c++) {
    if (ref[c + k] - ref[c] !== hyp[c + k] - hyp[c]) errors++;
  }
  return errors / (cells - k);
}

export interface SegmentationCounts {
  /** Predicted segments minus true segments. */
  segmentDifference: number;
  /** Over-segmentation: predicted boundaries with no true boundary within the tolerance (spurious cuts). */
  spurious: number;
  /** Under-segmentation: true boundaries with no predicted boundary within the tolerance (missed cuts, i.e. merges). */
  missed: number;
  /** True segments that contain an unmatched predicted boundary (a true segment cut in two or more). */
  trueSegmentsSplit: number;
  /** Predicted segments that contain an unmatched true boundary (two true segments joined). */
  predictedSegmentsMerged: number;
}

/**
 * Over-/under-segmentation counts at a tolerance (boundaries matched one-to-one as in
 * {@link boundaryMatch}). `spurious` and `missed` count boundaries; `trueSegmentsSplit`
 * and `predictedSegmentsMerged` count segments affected.
 */
export function segmentationCounts(
  predicted: number[],
  truth: number[],
  length: number,
  tolerance: number,
): SegmentationCounts {
  const p = inner(predicted, length);
  const t = inner(truth, length);
  const { usedP, usedT, matched } = matchBoundaries(p, t, tolerance);
  const segmentOf = (b: number, bounds: number[]): number => bounds.filter((x) => x <= b).length;
  const split = new Set<number>();
  p.forEach((b, i) => {
    if (!usedP[i]) split.add(segmentOf(b, t));
  });
  const merged = new Set<number>();
  t.forEach((b, j) => {
    if (!usedT[j]) merged.add(segmentOf(b, p));
  });
  return {
    segmentDifference: p.length - t.length,
    spurious: p.length - matched,
    missed: t.length - matched,
    trueSegmentsSplit: split.size,
    predictedSegmentsMerged: merged.size,
  };
}

export interface SegmentationScores {
  at3: BoundaryMatch;
  at10: BoundaryMatch;
  pk: number;
  windowDiff: number;
  counts: SegmentationCounts;
}

/** All the scores the bench reports, in seconds: F1 at +-3 s and +-10 s, Pk, WindowDiff (1 s cells), counts at +-10 s. */
export function scoreSegmentation(predicted: number[], truth: number[], length: number): SegmentationScores {
  const p = inner(predicted, length);
  const t = inner(truth, length);
  return {
    at3: boundaryMatch(p, t, 3),
    at10: boundaryMatch(p, t, 10),
    pk: pk(p, t, length),
    windowDiff: windowDiff(p, t, length),
    counts: segmentationCounts(p, t, length, 10),
  };
}
