import type { AlignmentMoment } from './deck-alignment.ts';

/**
 * The moments a deck is aligned over: the lecture's time cut at every sentence boundary and
 * every visual-span boundary, so each moment has one sentence (or none) and one keyframe (or
 * none). Pure.
 */

export interface TimedText {
  start: number;
  end: number;
  text: string;
}

/** Slivers shorter than this join their neighbour. */
const MIN_MOMENT_SECONDS = 0.5;

/**
 * `visualSpans[i]` is shown from start to end; `keyframe` indexes the evidence rows of that span
 * (-1 when it has no keyframe). Without spans or sentences the whole lecture is one moment.
 */
export function alignmentMoments(
  duration: number,
  sentences: ReadonlyArray<{ start: number; end: number }>,
  visualSpans: ReadonlyArray<{ start: number; end: number; keyframe: number }>,
): AlignmentMoment[] {
  const cuts = new Set<number>([0, duration]);
  for (const s of sentences)
    cuts.add(Math.max(0, Math.min(duration, s.start))).add(Math.max(0, Math.min(duration, s.end)));
  for (const v of visualSpans) cuts.add(Math.max(0, Math.min(duration, v.start)));
  const sorted = [...cuts].sort((a, b) => a - b);
  const bounds: number[] = [sorted[0]];
  for (const t of sorted.slice(1)) {
    if (t - bounds[bounds.length - 1] >= MIN_MOMENT_SECONDS) bounds.push(t);
    else if (t === duration) bounds[bounds.length - 1] = t;
  }
  if (bounds.length < 2) bounds.push(Math.max(duration, bounds[0] + MIN_MOMENT_SECONDS));
  const moments: AlignmentMoment[] = [];
  let span = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i];
    const end = bounds[i + 1];
    const mid = (start + end) / 2;
    while (span + 1 < visualSpans.length && visualSpans[span].end <= mid) span++;
    const visual = visualSpans[span];
    const keyframe = visual && visual.start <= mid && mid < visual.end + 1e-6 ? visual.keyframe : -1;
    moments.push({ start, end, keyframe });
  }
  return moments;
}

/**
 * What is said around each moment: the sentences within `seconds` of its middle, the ones
 * overlapping the moment itself twice (they weigh more).
 */
export function speechAround(
  moments: readonly AlignmentMoment[],
  sentences: readonly TimedText[],
  seconds: number,
): string[] {
  let first = 0;
  return moments.map((m) => {
    const mid = (m.start + m.end) / 2;
    while (first < sentences.length && sentences[first].end < mid - seconds) first++;
    const parts: string[] = [];
    for (let i = first; i < sentences.length && sentences[i].start <= mid + seconds; i++) {
      const s = sentences[i];
      parts.push(s.text);
      if (s.start < m.end && s.end > m.start) parts.push(s.text);
    }
    return parts.join(' ');
  });
}
