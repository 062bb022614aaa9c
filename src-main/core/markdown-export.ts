import { formatClock } from './timestamp.ts';

export interface LectureForExport {
  title: string;
  file: string;
  duration: number;
  chapters: ReadonlyArray<{ start: number; end: number; title: string }>;
  slides: ReadonlyArray<{ start: number; end: number; title: string | null; text: string }>;
  transcript: ReadonlyArray<{ start: number; end: number; text: string }>;
}

const escapeInline = (text: string) => text.replace(/([\\`*_[\]<>|])/g, '\\$1');

/** A link back into the recording at a time (media fragment `#t=`, understood by browsers and many players). */
function timeLink(file: string, seconds: number): string {
  const url = `file://${encodeURI(file.replace(/\\/g, '/'))}#t=${Math.floor(seconds)}`;
  return `[${formatClock(seconds)}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}

const anchorOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');

/** Markdown notes for one lecture: title, source, contents, then each chapter with what was shown and said. */
export function renderLectureMarkdown(lecture: LectureForExport): string {
  const lines: string[] = [];
  lines.push(`# ${escapeInline(lecture.title)}`, '');
  lines.push(`- Source: \`${lecture.file}\``, `- Duration: ${formatClock(lecture.duration)}`, '');
  lines.push('## Contents', '');
  const headings = lecture.chapters.map((c) => `[${formatClock(c.start)}] ${c.title}`);
  lecture.chapters.forEach((_, i) => lines.push(`${i + 1}. [${escapeInline(headings[i])}](#${anchorOf(headings[i])})`));
  lines.push('');
  for (const chapter of lecture.chapters) {
    lines.push(`## [${formatClock(chapter.start)}] ${escapeInline(chapter.title)}`, '');
    lines.push(`${timeLink(lecture.file, chapter.start)} – ${formatClock(chapter.end)}`, '');
    const slideText = lecture.slides
      .filter((s) => s.start < chapter.end && s.end > chapter.start && s.text.trim())
      .map((s) => s.text.trim());
    if (slideText.length > 0) {
      lines.push('**On the slides**', '');
      for (const text of [...new Set(slideText)]) lines.push(`> ${escapeInline(text).replace(/\n+/g, ' ')}`, '>');
      lines.pop();
      lines.push('');
    }
    const said = lecture.transcript.filter((s) => s.start >= chapter.start && s.start < chapter.end);
    if (said.length > 0) {
      lines.push('**What was said**', '');
      for (const segment of said)
        lines.push(`- ${timeLink(lecture.file, segment.start)} ${escapeInline(segment.text)}`);
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
