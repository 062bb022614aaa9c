/**
 * Says which page of the attached deck backs a search result ("on slide p. 4"), so a student
 * knows where in the PDF to look (issue 18: search uses the page's own text).
 */
import type { TermMatcher } from './grounding-rerank.ts';

export interface PageShown {
  page: number;
  title: string | null;
  text: string;
}

/**
 * The page that supports a result: the shown page whose text holds most of the question's words
 * (idf-weighted); failing that, when the match came from the slide ('on slide'), the page shown
 * then. Null when no page was shown or none bears on the match.
 */
export function supportingPage(
  why: readonly string[],
  pages: readonly PageShown[],
  matcher: Pick<TermMatcher, 'coverage'>,
): number | null {
  let best: { page: number; coverage: number } | null = null;
  for (const p of pages) {
    const coverage = matcher.coverage(p.title ?? '', p.text);
    if (coverage > 0 && (!best || coverage > best.coverage)) best = { page: p.page, coverage };
  }
  if (best) return best.page;
  return why.includes('on slide') && pages.length > 0 ? pages[0].page : null;
}

/** The result's reasons with the deck page named: 'on slide' becomes 'on slide p. N' (added when absent). */
export function whyWithPage(why: readonly string[], page: number | null): string[] {
  if (page === null) return [...why];
  const named = `on slide p. ${page}`;
  return why.includes('on slide') ? why.map((w) => (w === 'on slide' ? named : w)) : [...why, named];
}
