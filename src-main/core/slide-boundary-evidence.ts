import { contentTerms } from './lexical-terms.ts';

/**
 * What the slides say about where a chapter starts, at each slide change:
 * - title change: the new slide's title differs from the last one's (a title that continues,
 *   the same words or "(cont.)", says the topic goes on);
 * - section divider: a slide with a title and hardly anything else ("Part 2: Search");
 * - agenda item: the new title matches an item of an earlier agenda/outline slide;
 * - slide return: the new slide was already shown earlier (back to the outline, back to a
 *   question), not just the one before.
 * Each is 0..1 per slide change; a chapter candidate takes the values of a slide change near it.
 */

export interface EvidenceSlide {
  start: number;
  end: number;
  title: string | null;
  text: string;
}

export interface SlideChangeEvidence {
  /** When the new slide appears (seconds). */
  time: number;
  titleChange: number;
  divider: number;
  agendaItem: number;
  slideReturn: number;
}

/** Words on a slide at most this many (title included) make it a section divider. */
const DIVIDER_MAX_WORDS = 8;
/** A title continues the previous one at this word overlap (Jaccard) or more. */
const CONTINUES_AT = 0.6;
const CONTINUED = /\(?\b(?:cont(?:'d|inued|\.)?|ctd)\b\)?\.?\s*$|\bpart\s+(?:[2-9]|ii+)\b/i;
const AGENDA_TITLE = /\b(?:outline|agenda|overview|contents|roadmap|plan|topics|today|this (?:lecture|class|week))\b/i;
/** An agenda item names a slide when this share of the item's content words are in its title. */
export const ITEM_MATCH = 0.6;

export function termSet(text: string | null): Set<string> {
  return new Set(text ? contentTerms(text) : []);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

const wordCount = (text: string): number => text.split(/\s+/).filter((w) => /[a-z0-9]/i.test(w)).length;

/** Item lines of agenda/outline slides: the slide's lines after the title, each with 1+ content words. */
export function agendaItems(
  slides: readonly EvidenceSlide[],
): Array<{ shownAt: number; text: string; terms: Set<string> }> {
  const items: Array<{ shownAt: number; text: string; terms: Set<string> }> = [];
  for (const slide of slides) {
    const lines = slide.text
      .split(/\n+/)
      .map((l) => l.replace(/^[\s\-*•·\d.)]+/, '').trim())
      .filter(Boolean);
    if (!(slide.title && AGENDA_TITLE.test(slide.title)) && !AGENDA_TITLE.test(lines[0] ?? '')) continue;
    const titleTerms = termSet(slide.title);
    for (const line of lines.slice(1)) {
      const terms = termSet(line);
      if (terms.size === 0 || jaccard(terms, titleTerms) === 1) continue;
      items.push({ shownAt: slide.start, text: line, terms });
    }
  }
  return items;
}

/** Evidence at every slide change (every slide but the first), in time order. */
export function slideChangeEvidence(slides: readonly EvidenceSlide[]): SlideChangeEvidence[] {
  const ordered = [...slides].sort((a, b) => a.start - b.start);
  const items = agendaItems(ordered);
  const out: SlideChangeEvidence[] = [];
  const seen: Array<{ title: Set<string>; text: Set<string> }> = [];
  for (let i = 0; i < ordered.length; i++) {
    const slide = ordered[i];
    const title = termSet(slide.title);
    const text = termSet(slide.text);
    if (i > 0) {
      const before = ordered[i - 1];
      let titleChange: number;
      if (!slide.title || !before.title) titleChange = 0.5;
      else if (CONTINUED.test(slide.title)) titleChange = 0;
      else titleChange = jaccard(title, termSet(before.title)) >= CONTINUES_AT ? 0 : 1;
      const divider = slide.title && wordCount(slide.text || slide.title) <= DIVIDER_MAX_WORDS ? 1 : 0;
      let agendaItem = 0;
      for (const item of items) {
        if (item.shownAt >= slide.start || title.size === 0) continue;
        let shared = 0;
        for (const t of item.terms) if (title.has(t)) shared++;
        if (shared / item.terms.size >= ITEM_MATCH) agendaItem = 1;
      }
      // Shown before, but not as the slide just before: a return.
      const earlier = seen.slice(0, -1);
      const slideReturn =
        text.size > 0 && earlier.some((s) => jaccard(s.text, text) >= 0.9 && jaccard(s.title, title) >= 0.9) ? 1 : 0;
      out.push({ time: slide.start, titleChange, divider, agendaItem, slideReturn });
    }
    seen.push({ title, text });
  }
  return out;
}
