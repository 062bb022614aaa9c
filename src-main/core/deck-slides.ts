import { pagesOfSlides } from './slide-pages.ts';

/**
 * The slide text a lecture's notes carry once a deck is attached: each slide span takes the
 * text and title of the page shown in it (exact, where OCR of a video frame is not); a recording
 * without picture takes its slide spans from the deck. Without a deck, the slides as they are.
 */
export function slidesWithDeckText(
  slides: ReadonlyArray<{ start: number; end: number; title: string | null; text: string }>,
  deckSpans: ReadonlyArray<{ start: number; end: number; page: number }>,
  deckPages: ReadonlyArray<{ page: number; title: string | null; text: string }>,
  hasVideo: boolean,
): Array<{ start: number; end: number; title: string | null; text: string }> {
  if (deckSpans.length === 0) return [...slides];
  const byPage = new Map(deckPages.map((p) => [p.page, p]));
  const spans = hasVideo ? slides : deckSpans;
  const pages = pagesOfSlides(spans, deckSpans);
  return spans.map((span, i) => {
    const page = pages[i] === null ? undefined : byPage.get(pages[i]!);
    const own = 'text' in span ? { title: span.title, text: span.text } : { title: null, text: '' };
    return {
      start: span.start,
      end: span.end,
      title: page?.title ?? own.title,
      text: page && page.text.trim() ? page.text : own.text,
    };
  });
}
