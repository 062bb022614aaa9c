import { chapterNotes, type LectureForExport } from './chapter-notes.ts';

/** Identifies Lectern's JSON export and its shape; bumped when a field changes meaning. */
export const JSON_EXPORT_FORMAT = { format: 'lectern-export', version: 1 } as const;

export interface TimedTextJson {
  start: number;
  end: number;
  text: string;
}

export interface LectureJson {
  title: string;
  file: string;
  duration: number;
  chapters: Array<{
    start: number;
    end: number;
    title: string;
    /** True when the student's edits made or renamed this chapter. */
    edited: boolean;
    /** The chapter's key sentences (as in the Markdown notes). */
    keySentences: TimedTextJson[];
  }>;
  slides: Array<{ start: number; end: number; title: string | null; text: string }>;
  transcript: TimedTextJson[];
}

/** Times to the millisecond: enough for any player, no floating-point tails. */
const ms = (t: number) => Math.round(t * 1000) / 1000;
const timed = (s: TimedTextJson): TimedTextJson => ({ start: ms(s.start), end: ms(s.end), text: s.text });

/** Everything Lectern knows about a lecture, as plain JSON data. */
export function lectureJson(lecture: LectureForExport): LectureJson {
  const notes = chapterNotes(lecture);
  return {
    title: lecture.title,
    file: lecture.file,
    duration: ms(lecture.duration),
    chapters: lecture.chapters.map((c, i) => ({
      start: ms(c.start),
      end: ms(c.end),
      title: c.title,
      edited: c.edited === true,
      keySentences: notes[i].keySentences.map(timed),
    })),
    slides: lecture.slides.map((s) => ({ start: ms(s.start), end: ms(s.end), title: s.title, text: s.text })),
    transcript: lecture.transcript.map(timed),
  };
}

export function renderLectureJson(lecture: LectureForExport): string {
  return `${JSON.stringify({ ...JSON_EXPORT_FORMAT, lecture: lectureJson(lecture) }, null, 2)}\n`;
}

/** A course folder: its lectures in the order given (natural file order). */
export function renderCourseJson(course: { title: string; lectures: readonly LectureForExport[] }): string {
  const body = { ...JSON_EXPORT_FORMAT, course: { title: course.title, lectures: course.lectures.map(lectureJson) } };
  return `${JSON.stringify(body, null, 2)}\n`;
}
