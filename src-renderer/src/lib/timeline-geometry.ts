// Where things sit on a lecture's time axis: which span is playing, where a time falls on the
// timeline, and where `j` / `k` go. Plain data in, plain data out.

export interface TimeSpan {
  start: number;
  end: number;
}

/** Index of the span playing at `t` (the last one starting at or before it), or -1 before the first. */
export function spanIndexAt(spans: ReadonlyArray<TimeSpan>, t: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Position of `t` along a timeline of `duration` seconds, in percent, clamped to 0..100. */
export function percentAlong(t: number, duration: number): number {
  if (!(duration > 0)) return 0;
  return Math.min(100, Math.max(0, (t / duration) * 100));
}

/** Where `j` goes: the start of the chapter after the one playing, or null at the last. */
export function nextChapterStart(chapters: ReadonlyArray<TimeSpan>, t: number): number | null {
  const next = spanIndexAt(chapters, t) + 1;
  return next < chapters.length ? chapters[next].start : null;
}

/**
 * Where `k` goes: back to the start of the chapter playing when more than `grace` seconds in
 * (like a music player), otherwise to the start of the one before.
 */
export function previousChapterStart(chapters: ReadonlyArray<TimeSpan>, t: number, grace = 2): number | null {
  if (chapters.length === 0) return null;
  const i = spanIndexAt(chapters, t);
  if (i < 0) return chapters[0].start;
  if (t - chapters[i].start > grace || i === 0) return chapters[i].start;
  return chapters[i - 1].start;
}

/** The slide that best shows a chapter: the first with a thumbnail that starts inside it, else the one on screen at its start. */
export function chapterThumbnail<S extends TimeSpan & SlidePictures>(
  chapter: TimeSpan,
  slides: ReadonlyArray<S>,
): string | null {
  const inside = slides.find((s) => slideThumbnail(s) && s.start >= chapter.start - 0.5 && s.start < chapter.end);
  if (inside) return slideThumbnail(inside);
  const atStart = slides[spanIndexAt(slides, chapter.start)];
  return atStart ? slideThumbnail(atStart) : null;
}

interface SlidePictures {
  thumbnailUrl: string | null;
  pageThumbnailUrl?: string | null;
}

/** A slide's small picture: its deck page when a deck is attached (the crisp original), else its keyframe. */
export function slideThumbnail(slide: SlidePictures): string | null {
  return slide.pageThumbnailUrl ?? slide.thumbnailUrl;
}

/**
 * The transcript line to highlight at `t`: the one being spoken, or, in a pause, the next one
 * when it starts within `lookahead` seconds (so a jump to a chapter start lands on its first line).
 */
export function spokenIndexAt(segments: ReadonlyArray<TimeSpan>, t: number, lookahead = 1.5): number {
  const i = spanIndexAt(segments, t);
  const next = i + 1;
  const inPause = i < 0 || t >= segments[i].end;
  if (inPause && next < segments.length && segments[next].start - t <= lookahead) return next;
  return i;
}
