import { describe, expect, it } from 'vitest';
import type { LectureForExport } from './chapter-notes.ts';
import { renderCourseJson, renderLectureJson } from './json-export.ts';

const lecture: LectureForExport = {
  title: 'Lecture 3',
  file: '/course/Lecture 3.mp4',
  duration: 120.0004,
  chapters: [
    { start: 0, end: 60.1234567, title: 'Eigenvalues', edited: false },
    { start: 60.1234567, end: 120.0004, title: 'My own title', edited: true },
  ],
  slides: [{ start: 0, end: 120, title: 'Eigen', text: 'Eigen\nA v = λ v' }],
  transcript: [
    { start: 1, end: 5, text: 'An eigenvector of a matrix is only stretched by the matrix.' },
    { start: 6, end: 9, text: 'The stretch factor of the eigenvector is its eigenvalue.' },
    { start: 70, end: 75, text: 'Renamed chapters keep their own title after re-indexing.' },
  ],
};

describe('JSON export', () => {
  it('holds the lecture, its chapters (with edits and key sentences), slides with text, and the transcript', () => {
    const parsed = JSON.parse(renderLectureJson(lecture));
    expect(parsed).toMatchObject({ format: 'lectern-export', version: 1 });
    const out = parsed.lecture;
    expect(Object.keys(out)).toEqual(['title', 'file', 'duration', 'chapters', 'slides', 'transcript']);
    expect(out.duration).toBe(120);
    expect(out.chapters.map((c: { end: number; edited: boolean }) => [c.end, c.edited])).toEqual([
      [60.123, false],
      [120, true],
    ]);
    expect(out.chapters[0].keySentences.map((s: { start: number }) => s.start)).toEqual([1, 6]);
    expect(out.chapters[1].keySentences[0].text).toMatch(/^Renamed chapters/);
    expect(out.slides).toEqual([{ start: 0, end: 120, title: 'Eigen', text: 'Eigen\nA v = λ v' }]);
    expect(out.transcript).toHaveLength(3);
  });

  it('puts a course’s lectures in one document, in the order given', () => {
    const parsed = JSON.parse(
      renderCourseJson({ title: 'Course', lectures: [lecture, { ...lecture, title: 'Lecture 10' }] }),
    );
    expect(parsed.course.title).toBe('Course');
    expect(parsed.course.lectures.map((l: { title: string }) => l.title)).toEqual(['Lecture 3', 'Lecture 10']);
  });
});
