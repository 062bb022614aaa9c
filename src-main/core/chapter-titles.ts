import { isContentToken, stem } from './lexical-terms.ts';
import { agendaItems, ITEM_MATCH, termSet } from './slide-boundary-evidence.ts';

/**
 * Chapter titles a student would write: the slide title that names the chapter (on screen for a
 * good share of it), in the agenda's own words when an agenda/outline slide announced it, and
 * never the same as the chapter before (the next slide title of the chapter is taken then);
 * otherwise key phrases of what was said in the chapter that set it apart from the rest of the
 * lecture. Titles are short (at most MAX_TITLE characters), unique within the lecture, and never
 * empty ("Part 3" as the last resort).
 */

export interface TitleContext {
  transcript: Array<{ start: number; end: number; text: string }>;
  /** Slides; `text` (all the slide says) lets agenda/outline slides name chapters. */
  slides: Array<{ start: number; end: number; title: string | null; text?: string }>;
}

export const MAX_TITLE = 60;
/** A slide title names a chapter when it is on screen for at least this share of it. */
const SLIDE_TITLE_SHARE = 0.25;
/** A later slide title may name a chapter whose first title repeats the chapter before, from this share. */
const NEXT_TITLE_SHARE = 0.1;
const SMALL_WORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'by',
  'for',
  'in',
  'of',
  'on',
  'or',
  'the',
  'to',
  'vs',
  'via',
  'with',
]);

export function titleChapters(chapters: Array<{ start: number; end: number }>, ctx: TitleContext): string[] {
  const phrases = keyPhrases(chapters, ctx.transcript);
  const items = agendaItems(ctx.slides.map((s) => ({ ...s, text: s.text ?? s.title ?? '' })));
  let previous = '';
  const titles = chapters.map((chapter, i) => {
    // A title the chapter before already has is kept only when the chapter has no other.
    const onScreen = slideTitles(chapter, ctx.slides);
    const slide = onScreen.find((t) => t.toLowerCase() !== previous.toLowerCase()) ?? onScreen[0];
    let title = '';
    if (slide) title = agendaWording(slide, items) ?? slide;
    else if (phrases[i].length) {
      // The best phrase of 2+ words, else the two best single words joined.
      const top = phrases[i];
      title = top.find((p) => p.split(' ').length >= 2) ?? top[0];
      if (title.split(' ').length < 2 && top.length > 1) title = `${top[0]} and ${top[1]}`;
      title = shorten(titleCase(title));
    }
    previous = title;
    return title;
  });
  return uniqueTitles(
    titles.map((t, i) => t || `Part ${i + 1}`),
    phrases.map((p) => p.map((x) => shorten(titleCase(x)))),
  );
}

/** The agenda item that announced this slide title, when it says it in fewer words. */
function agendaWording(title: string, items: ReturnType<typeof agendaItems>): string | null {
  const terms = termSet(title);
  for (const item of items) {
    let shared = 0;
    for (const t of item.terms) if (terms.has(t)) shared++;
    const text = cleanSlideTitle(item.text);
    if (text && shared / item.terms.size >= ITEM_MATCH && text.length < title.length) return shorten(text);
  }
  return null;
}

/**
 * Slide titles that could name the chapter, best first: those on screen for a large share of it
 * in the order they appear, then those on screen for a smaller share.
 */
function slideTitles(chapter: { start: number; end: number }, slides: TitleContext['slides']): string[] {
  const length = chapter.end - chapter.start;
  const shares = slideShares(chapter, slides);
  const major = shares.filter((e) => e.seconds >= SLIDE_TITLE_SHARE * length).map((e) => e.text);
  const minor = shares.filter((e) => e.seconds >= NEXT_TITLE_SHARE * length).map((e) => e.text);
  return [...new Set([...major, ...minor])].map(shorten);
}

/** Seconds each distinct slide title is on screen within the chapter, in order of first appearance. */
function slideShares(
  chapter: { start: number; end: number },
  slides: TitleContext['slides'],
): Array<{ seconds: number; text: string }> {
  const overlap = new Map<string, { seconds: number; text: string }>();
  if (!(chapter.end > chapter.start)) return [];
  for (const slide of slides) {
    const text = cleanSlideTitle(slide.title);
    if (!text) continue;
    const seconds = Math.min(chapter.end, slide.end) - Math.max(chapter.start, slide.start);
    if (seconds <= 0) continue;
    const key = text.toLowerCase();
    const entry = overlap.get(key) ?? { seconds: 0, text };
    entry.seconds += seconds;
    overlap.set(key, entry);
  }
  return [...overlap.values()];
}

/**
 * The title of the first slide that is on screen for a large enough share of the chapter: a
 * chapter usually opens on the slide that names its topic, and the share keeps a previous
 * slide's short tail out.
 */
export function dominantSlideTitle(
  chapter: { start: number; end: number },
  slides: TitleContext['slides'],
): string | null {
  const length = chapter.end - chapter.start;
  const entry = slideShares(chapter, slides).find((e) => e.seconds >= SLIDE_TITLE_SHARE * length);
  return entry ? shorten(entry.text) : null;
}

/** A course code or lecture number ("18.404/6.840 Lecture 2", "Lecture 3", "CS 101"): not a topic. */
const NOT_A_TOPIC =
  /^(?:[\p{Lu}]{0,4}\s?[\d./-]{2,}\s*)+(?:lecture|class|week|unit|session|part)?\s*\d*$|^(?:lecture|class|week|unit|session)\s*\d*$/iu;

/** A slide title cleaned for use as a chapter title, or null when it says nothing about the topic. */
function cleanSlideTitle(title: string | null): string | null {
  if (!title) return null;
  let text = title
    .replace(/\s+/g, ' ')
    .replace(/[\s\-–—:;,.|•]+$/u, '')
    .replace(/\s+\d{1,3}$/, '') // a trailing page number
    .trim();
  // A lead-in before an ellipsis ("Before we begin... Review of Readings"): the rest names the topic.
  const lead = /^[^.…]{1,40}(?:\.{3}|…)\s*(.+)$/u.exec(text);
  if (lead && lead[1].split(' ').length >= 2) text = lead[1];
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  return letters >= 3 && !NOT_A_TOPIC.test(text) ? text : null;
}

/** At most MAX_TITLE characters, cut at a word boundary with an ellipsis. */
function shorten(text: string): string {
  if (text.length <= MAX_TITLE) return text;
  const cut = text.slice(0, MAX_TITLE - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_TITLE / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/u, '')}…`;
}

/** Title Case, keeping acronyms and words with digits as they are, small words lower-case inside. */
export function titleCase(text: string): string {
  return text
    .split(' ')
    .map((word, i) => {
      if (/\d/.test(word) || (word.length > 1 && word === word.toUpperCase() && /\p{L}/u.test(word))) return word;
      const lower = word.toLowerCase();
      if (i > 0 && SMALL_WORDS.has(lower)) return lower;
      return lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join(' ');
}

interface Candidate {
  stems: string[];
  surfaces: Map<string, number>;
  count: number;
}

/**
 * Key phrases per chapter, best first: runs of 1-3 content words between stopwords and
 * punctuation, scored by the TF-IDF of their stems with chapters as documents (distinctive
 * for this chapter against the rest of the lecture), favouring phrases said more than once.
 */
export function keyPhrases(
  chapters: Array<{ start: number; end: number }>,
  transcript: TitleContext['transcript'],
): string[][] {
  const perChapter = chapters.map(() => new Map<string, Candidate>());
  const stemCounts = chapters.map(() => new Map<string, number>());
  for (const item of transcript) {
    const middle = (item.start + item.end) / 2;
    const c = chapters.findIndex((ch) => middle >= ch.start && middle < ch.end);
    const chapter = c >= 0 ? c : middle >= (chapters[chapters.length - 1]?.end ?? 0) ? chapters.length - 1 : -1;
    if (chapter < 0) continue;
    for (const run of contentRuns(item.text)) {
      for (const w of run) stemCounts[chapter].set(w.stem, (stemCounts[chapter].get(w.stem) ?? 0) + 1);
      for (let len = 1; len <= 3; len++) {
        for (let s = 0; s + len <= run.length; s++) {
          const words = run.slice(s, s + len);
          const key = words.map((w) => w.stem).join(' ');
          const cand = perChapter[chapter].get(key) ?? {
            stems: words.map((w) => w.stem),
            surfaces: new Map(),
            count: 0,
          };
          const surface = words.map((w) => w.surface).join(' ');
          cand.surfaces.set(surface, (cand.surfaces.get(surface) ?? 0) + 1);
          cand.count++;
          perChapter[chapter].set(key, cand);
        }
      }
    }
  }
  const df = new Map<string, number>();
  for (const counts of stemCounts) for (const s of counts.keys()) df.set(s, (df.get(s) ?? 0) + 1);
  const chaptersCount = chapters.length;
  return perChapter.map((cands, c) => {
    const total = [...stemCounts[c].values()].reduce((a, b) => a + b, 0) || 1;
    const weight = (s: string): number =>
      ((stemCounts[c].get(s) ?? 0) / total) * Math.log(1 + chaptersCount / (df.get(s) ?? 1));
    const scored = [...cands.values()]
      .filter((cand) => cand.stems.every((s) => s.length >= 3 || /\d/.test(s)))
      .map((cand) => {
        const mean = cand.stems.reduce((a, s) => a + weight(s), 0) / cand.stems.length;
        const lengthBonus = 1 + 0.35 * (cand.stems.length - 1);
        const repeated = Math.log(1 + cand.count);
        return { cand, score: mean * lengthBonus * repeated };
      })
      .sort((a, b) => b.score - a.score || a.cand.stems.join(' ').localeCompare(b.cand.stems.join(' ')));
    // Best phrases whose stems do not overlap an earlier pick.
    const picked: string[] = [];
    const used = new Set<string>();
    for (const { cand } of scored) {
      if (picked.length >= 3) break;
      if (cand.stems.some((s) => used.has(s))) continue;
      cand.stems.forEach((s) => used.add(s));
      const surface = [...cand.surfaces.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
      picked.push(surface);
    }
    return picked;
  });
}

/** Runs of content words (surface form and stem), split at stopwords and punctuation. */
function contentRuns(text: string): Array<Array<{ surface: string; stem: string }>> {
  const runs: Array<Array<{ surface: string; stem: string }>> = [];
  for (const clause of text.split(/[.,;:!?()[\]{}"“”…/\\|–—]+|\s-\s/u)) {
    let run: Array<{ surface: string; stem: string }> = [];
    for (const raw of clause.split(/\s+/)) {
      const surface = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      const token = surface.toLowerCase().replace(/’/g, "'");
      if (surface && /^[\p{L}\p{N}]+(?:['’][\p{L}]+)*$/u.test(surface) && isContentToken(token)) {
        run.push({
          surface: surface === surface.toUpperCase() && surface.length > 1 ? surface : token,
          stem: stem(token),
        });
      } else if (run.length) {
        runs.push(run);
        run = [];
      }
    }
    if (run.length) runs.push(run);
  }
  return runs;
}

/** Makes titles unique (case-insensitively): a distinguishing key phrase first, else a number. */
function uniqueTitles(titles: string[], phrases: string[][]): string[] {
  const out = [...titles];
  const seen = new Map<string, number>();
  out.forEach((t, i) => {
    const key = t.toLowerCase();
    if (!seen.has(key)) {
      seen.set(key, i);
      return;
    }
    const taken = new Set(out.map((x) => x.toLowerCase()));
    const extra = phrases[i].find(
      (p) => p && !t.toLowerCase().includes(p.toLowerCase()) && !taken.has(`${t}: ${p}`.toLowerCase()),
    );
    let candidate = extra ? `${t}: ${extra}` : '';
    if (!candidate || candidate.length > MAX_TITLE) {
      for (let n = 2; ; n++) {
        const suffix = ` (${n})`;
        const base =
          t.length + suffix.length > MAX_TITLE
            ? shorten(t)
                .slice(0, MAX_TITLE - suffix.length)
                .trimEnd()
            : t;
        candidate = `${base}${suffix}`;
        if (!taken.has(candidate.toLowerCase())) break;
      }
    }
    out[i] = candidate;
    seen.set(candidate.toLowerCase(), i);
  });
  return out;
}
