import { describe, expect, it } from 'vitest';
import { renderLectureMarkdown } from './markdown-export.ts';

describe('renderLectureMarkdown', () => {
  const markdown = renderLectureMarkdown({
    title: 'Lecture 2: Cholesky',
    file: '/home/s/course/lecture 2.mp4',
    duration: 610,
    chapters: [
      { start: 0, end: 300, title: 'Why factor [once]' },
      { start: 300, end: 610, title: 'Triangular solves' },
    ],
    slides: [{ start: 0, end: 300, title: 'Why', text: 'A = L L^T' }],
    transcript: [
      { start: 5, end: 9, text: 'We factor once.' },
      { start: 320, end: 330, text: 'Then solve twice.' },
    ],
  });

  it('has a title, the source, a contents list and one timestamped heading per chapter', () => {
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('# Lecture 2: Cholesky');
    expect(markdown).toContain('- Duration: 00:10:10');
    expect(lines.filter((l) => l.startsWith('## ['))).toEqual([
      '## [00:00:00] Why factor \\[once\\]',
      '## [00:05:00] Triangular solves',
    ]);
    expect(markdown).toMatch(/^1\. \[.*\]\(#000000-why-factor-once\)$/m);
  });

  it('links each spoken line back to its moment with a media fragment', () => {
    expect(markdown).toContain('[00:05:20](file:///home/s/course/lecture%202.mp4#t=320) Then solve twice.');
    expect(markdown).toContain('> A = L L^T');
  });
});
