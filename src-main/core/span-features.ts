export interface TimedVector {
  start: number;
  end: number;
  vector: Float32Array;
}

/**
 * Spreads vectors of time spans (transcript windows, slides) onto a clip grid: each clip
 * gets the overlap-weighted mean of the spans it overlaps, or zeros when none does.
 */
export function spansToClips(
  clips: ReadonlyArray<{ start: number; end: number }>,
  spans: readonly TimedVector[],
  dim: number,
): Float32Array {
  const out = new Float32Array(clips.length * dim);
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let first = 0;
  for (let c = 0; c < clips.length; c++) {
    const clip = clips[c];
    // Spans are sorted by start; skip the leading ones that ended. A long span blocks the
    // skipping, which keeps it (correct) at the cost of scanning a few finished ones.
    while (first < sorted.length && sorted[first].end <= clip.start) first++;
    for (let s = first; s < sorted.length && sorted[s].start < clip.end; s++) {
      const span = sorted[s];
      const overlap = Math.min(clip.end, span.end) - Math.max(clip.start, span.start);
      if (overlap <= 0) continue;
      for (let q = 0; q < dim; q++) out[c * dim + q] += overlap * span.vector[q];
    }
  }
  return out;
}
