/**
 * Which page of the attached deck each slide span shows: the page whose aligned spans cover
 * most of it, or null when pages cover less than half of it (no page on screen). Pure.
 */
export function pagesOfSlides(
  slides: ReadonlyArray<{ start: number; end: number }>,
  deckSpans: ReadonlyArray<{ start: number; end: number; page: number }>,
): Array<number | null> {
  return slides.map((slide) => {
    const cover = new Map<number, number>();
    for (const span of deckSpans) {
      const overlap = Math.min(slide.end, span.end) - Math.max(slide.start, span.start);
      if (overlap > 0) cover.set(span.page, (cover.get(span.page) ?? 0) + overlap);
    }
    let best: number | null = null;
    let bestCover = 0;
    for (const [page, seconds] of cover) {
      if (seconds > bestCover) {
        best = page;
        bestCover = seconds;
      }
    }
    return bestCover >= (slide.end - slide.start) / 2 ? best : null;
  });
}
