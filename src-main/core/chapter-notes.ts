import { keySentences, type TimedText } from './key-sentences.ts';
import { cleanLineText, isNoiseLine } from './slide-title.ts';

/** Everything an export needs to know about one lecture (plain data, read from the library). */
export interface LectureForExport {
  title: string;
  file: string;
  duration: number;
  chapters: ReadonlyArray<{ start: number; end: number; title: string; edited?: boolean }>;
  /** `page`: the 1-based page of the attached deck shown, when there is one. */
  slides: ReadonlyArray<{ start: number; end: number; title: string | null; text: string; page?: number | null }>;
  transcript: ReadonlyArray<TimedText>;
}

export interface SlideNote {
  /** The slide's title, when OCR found one. */
  title: string | null;
  /** The rest of its text, cleaned, each line said once per chapter. */
  lines: string[];
  /** The deck pages shown for it, in order (empty without a deck). */
  pages: number[];
}

export interface ChapterNotes {
  slides: SlideNote[];
  /** A short extractive summary of what was said, in time order. */
  keySentences: TimedText[];
}

/** The slide text shown during a chapter: slides grouped by title, lines cleaned and each said once. */
export function chapterSlideNotes(
  chapter: { start: number; end: number },
  slides: LectureForExport['slides'],
): SlideNote[] {
  const groups: SlideNote[] = [];
  const seen = new Set<string>();
  const key = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  for (const slide of slides) {
    if (!(slide.start < chapter.end && slide.end > chapter.start)) continue;
    // A slide that only grazes the chapter (under a second) belongs to its neighbour.
    if (Math.min(slide.end, chapter.end) - Math.max(slide.start, chapter.start) < 1) continue;
    const title = slide.title ? cleanLineText(slide.title) : null;
    const lines: string[] = [];
    for (const raw of slide.text.split(/\n+/)) {
      const line = cleanLineText(raw);
      if (!line || isNoiseLine(line)) continue;
      const k = key(line);
      if (!k || seen.has(k) || (title && k === key(title))) continue;
      seen.add(k);
      lines.push(line);
    }
    const last = groups.at(-1);
    const pages = slide.page ? [slide.page] : [];
    if (last && title && last.title && key(last.title) === key(title)) {
      last.lines.push(...lines);
      for (const page of pages) if (!last.pages.includes(page)) last.pages.push(page);
    } else if (lines.length > 0 || (title && !groups.some((g) => g.title && key(g.title) === key(title)))) {
      groups.push({ title, lines, pages });
    }
  }
  return groups;
}

/**
 * What the notes say about each chapter: its slide text and its key sentences. The title and
 * slide text also steer which sentences count as central to the chapter.
 */
export function chapterNotes(lecture: LectureForExport): ChapterNotes[] {
  const slides = lecture.chapters.map((chapter) => chapterSlideNotes(chapter, lecture.slides));
  const sentences = keySentences(lecture.transcript, lecture.chapters, {
    context: lecture.chapters.map((chapter, i) =>
      [chapter.title, ...slides[i].flatMap((g) => [g.title ?? '', ...g.lines])].join('\n'),
    ),
  });
  return lecture.chapters.map((_, i) => ({ slides: slides[i], keySentences: sentences[i] }));
}
