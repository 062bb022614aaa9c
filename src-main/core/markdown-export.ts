import { chapterNotes, type LectureForExport } from './chapter-notes.ts';
import { HeadingIds } from './markdown-heading-ids.ts';
import { formatClock } from './timestamp.ts';

export type { LectureForExport };

export interface MarkdownOptions {
  /**
   * Where links to a recording point (a time fragment is added for moments). Default: its
   * absolute `file://` URL. A path relative to the notes keeps them working inside a vault
   * or repository that holds the recordings too.
   */
  mediaHref?: (file: string) => string;
  /**
   * Where the picture of a deck page shown in a recording is (a relative link), or null for none:
   * `lectern export --images` copies the pages beside the notes.
   */
  pageImageHref?: (file: string, page: number) => string | null;
}

/** A recording's `file://` URL (any OS path), with every character that could end a Markdown link encoded. */
export function fileUrl(file: string): string {
  const slashed = file.replace(/\\/g, '/');
  const absolute = slashed.startsWith('/') ? slashed : `/${slashed}`;
  const encoded = absolute
    .split('/')
    .map((part, i) => (i === 1 && /^[A-Za-z]:$/.test(part) ? part : encodeURIComponent(part)))
    .join('/');
  return `file://${encoded.replace(/[()!*']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** A relative path as a link target: each segment percent-encoded, `/` between them. */
export function relativeHref(relativePath: string): string {
  return relativePath
    .split(/[\\/]/)
    .map((part) =>
      encodeURIComponent(part).replace(/[()!*']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

/** A W3C media fragment: `#t=90` for a moment, `#t=90,140` for a span (whole seconds). */
export function timeFragment(start: number, end?: number): string {
  const from = Math.max(0, Math.floor(start));
  return end !== undefined && Math.ceil(end) > from ? `#t=${from},${Math.ceil(end)}` : `#t=${from}`;
}

/**
 * Text as literal Markdown, escaping only what would change it: emphasis and code marks, link
 * and HTML brackets, maths (`$`), strikethrough (`~`), an Obsidian tag (`#word`), highlights
 * (`==`), comments (`%%`), entities (`&amp;`), and a list, quote or heading marker at the start.
 * An underscore inside a word (`file_name`) stays as it is: it cannot start emphasis there.
 * Whitespace collapses to single spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*[\]<$~]/g, '\\$&')
    .replace(/_/g, (mark, at: number, all: string) =>
      /[\p{L}\p{N}]/u.test(all[at - 1] ?? '') && /[\p{L}\p{N}]/u.test(all[at + 1] ?? '') ? mark : '\\_',
    )
    .replace(/(^|\s)#/g, '$1\\#')
    .replace(/&(?=#?\w+;)/g, '\\&')
    .replace(/==/g, '\\=\\=')
    .replace(/%%/g, '\\%\\%')
    .replace(/^([-+=>|])(?=\s|$)/, '\\$1')
    .replace(/^>/, '\\>')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}

/** A link destination that survives Markdown: parentheses and spaces encoded. */
function destination(url: string): string {
  return url.replace(/ /g, '%20').replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** A title as a heading shows it: whitespace collapsed, never empty. */
const plain = (title: string, fallback: string) => title.replace(/\s+/g, ' ').trim() || fallback;

function chapterHeading(chapter: { start: number; title: string }): { markdown: string; text: string } {
  const clean = plain(chapter.title, 'Untitled');
  return {
    markdown: `[${formatClock(chapter.start)}] ${escapeMarkdown(clean)}`,
    // What a renderer shows (and slugs): the escapes gone.
    text: `[${formatClock(chapter.start)}] ${clean}`,
  };
}

/** The ids of a lecture's headings (its title, then its chapters), drawn from the document's id counter. */
function lectureHeadingIds(lecture: LectureForExport, ids: HeadingIds): { title: string; chapters: string[] } {
  return {
    title: ids.next(plain(lecture.title, 'Untitled lecture')),
    chapters: lecture.chapters.map((c) => ids.next(chapterHeading(c).text)),
  };
}

function renderLecture(
  lecture: LectureForExport,
  href: (file: string) => string,
  ids: { chapters: string[] },
  pageImageHref?: MarkdownOptions['pageImageHref'],
): string[] {
  /** The group's page pictures as Markdown images, indented under its title when it has one. */
  const pictures = (pages: number[], indent: string): string[] =>
    pages.flatMap((page) => {
      const image = pageImageHref?.(lecture.file, page);
      return image ? [`${indent}![Slide, page ${page}](${destination(image)})`] : [];
    });
  const lines: string[] = [];
  const name = lecture.file.split(/[\\/]/).pop() ?? lecture.file;
  lines.push(`# ${escapeMarkdown(plain(lecture.title, 'Untitled lecture'))}`, '');
  lines.push(`- Source: [${escapeMarkdown(name)}](${destination(href(lecture.file))})`);
  lines.push(`- Duration: ${formatClock(lecture.duration)}`);
  lines.push(`- Chapters: ${lecture.chapters.length}`, '');
  if (lecture.chapters.length === 0) {
    lines.push('_No chapters yet: index this lecture first._', '');
    return lines;
  }

  lines.push('**Contents**', '');
  lecture.chapters.forEach((chapter, i) => {
    const title = escapeMarkdown(plain(chapter.title, 'Untitled'));
    lines.push(`${i + 1}. [${title}](#${ids.chapters[i]}) — ${formatClock(chapter.start)}`);
  });
  lines.push('');

  const notes = chapterNotes(lecture);
  lecture.chapters.forEach((chapter, i) => {
    lines.push(`## ${chapterHeading(chapter).markdown}`, '');
    const span = `${formatClock(chapter.start)}–${formatClock(chapter.end)}`;
    lines.push(`Watch: [${span}](${destination(href(lecture.file) + timeFragment(chapter.start, chapter.end))})`, '');
    const { slides, keySentences } = notes[i];
    if (slides.length > 0) {
      lines.push('**On the slides**', '');
      for (const group of slides) {
        if (group.title) {
          lines.push(`- **${escapeMarkdown(group.title)}**`);
          lines.push(...pictures(group.pages, '  '));
          for (const line of group.lines) lines.push(`  - ${escapeMarkdown(line)}`);
        } else {
          lines.push(...pictures(group.pages, '- '));
          for (const line of group.lines) lines.push(`- ${escapeMarkdown(line)}`);
        }
      }
      lines.push('');
    }
    if (keySentences.length > 0) {
      lines.push('**Key points**', '');
      for (const sentence of keySentences) {
        const at = `[${formatClock(sentence.start)}](${destination(href(lecture.file) + timeFragment(sentence.start))})`;
        lines.push(`- ${at} ${escapeMarkdown(sentence.text)}`);
      }
      lines.push('');
    }
  });
  return lines;
}

function courseLine(lectures: readonly LectureForExport[]): string {
  const total = lectures.reduce((sum, l) => sum + l.duration, 0);
  return `${lectures.length} lecture${lectures.length === 1 ? '' : 's'}, ${formatClock(total)} in all.`;
}

const finish = (lines: string[]) => `${lines.join('\n').trimEnd()}\n`;

/**
 * Markdown notes for one lecture: title, source file and duration, contents, then per chapter
 * a `## [hh:mm:ss] Title` heading, a link to watch it, the slide text, and its key sentences
 * each linked to the moment it was said. Contents links use the heading ids GitHub generates.
 */
export function renderLectureMarkdown(lecture: LectureForExport, options: MarkdownOptions = {}): string {
  const headingIds = lectureHeadingIds(lecture, new HeadingIds());
  return finish(renderLecture(lecture, options.mediaHref ?? fileUrl, headingIds, options.pageImageHref));
}

/**
 * One Markdown file for a course: a list of its lectures (in the order given: natural file
 * order), then each lecture as in `renderLectureMarkdown`, separated by rules.
 */
export function renderCourseMarkdown(
  course: { title: string; lectures: readonly LectureForExport[] },
  options: MarkdownOptions = {},
): string {
  const ids = new HeadingIds();
  ids.next(plain(course.title, 'Course'));
  const perLecture = course.lectures.map((lecture) => lectureHeadingIds(lecture, ids));
  const lines: string[] = [`# ${escapeMarkdown(plain(course.title, 'Course'))}`, '', courseLine(course.lectures), ''];
  course.lectures.forEach((lecture, i) => {
    const title = escapeMarkdown(plain(lecture.title, 'Untitled lecture'));
    lines.push(`${i + 1}. [${title}](#${perLecture[i].title}) — ${formatClock(lecture.duration)}`);
  });
  lines.push('');
  const link = options.mediaHref ?? fileUrl;
  course.lectures.forEach((lecture, i) =>
    lines.push('---', '', ...renderLecture(lecture, link, perLecture[i], options.pageImageHref)),
  );
  return finish(lines);
}

/** The index for a folder exported as one file per lecture: each lecture and its chapters, linked. */
export function renderCourseIndexMarkdown(course: {
  title: string;
  lectures: ReadonlyArray<{ lecture: LectureForExport; href: string }>;
}): string {
  const lectures = course.lectures.map((l) => l.lecture);
  const lines: string[] = [`# ${escapeMarkdown(plain(course.title, 'Course'))}`, '', courseLine(lectures), ''];
  course.lectures.forEach(({ lecture, href }, i) => {
    const target = destination(href);
    const title = escapeMarkdown(plain(lecture.title, 'Untitled lecture'));
    lines.push(`${i + 1}. [${title}](${target}) — ${formatClock(lecture.duration)}`);
    // Each lecture file is its own document: its chapter ids are counted from its own start.
    const ids = lectureHeadingIds(lecture, new HeadingIds());
    lecture.chapters.forEach((chapter, c) => {
      const name = escapeMarkdown(plain(chapter.title, 'Untitled'));
      lines.push(`   - [${name}](${target}#${ids.chapters[c]}) — ${formatClock(chapter.start)}`);
    });
  });
  return finish(lines);
}
