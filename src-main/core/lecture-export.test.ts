import { describe, expect, it } from 'vitest';
import { EXPORT_FILE_TYPES, formatForFileName, parseExportFormat, renderLectureExport } from './lecture-export.ts';

const lecture = {
  title: 'L',
  file: '/c/L.mp4',
  duration: 10,
  chapters: [{ start: 0, end: 10, title: 'Only chapter' }],
  slides: [],
  transcript: [{ start: 1, end: 2, text: 'Hello there, this is a lecture about matrices.' }],
};

describe('export formats', () => {
  it('accepts the five format names and explains a wrong one', () => {
    for (const name of ['md', 'chapters-vtt', 'vtt', 'srt', 'json']) expect(parseExportFormat(name)).toBe(name);
    expect(() => parseExportFormat('docx')).toThrow(/Unknown export format: docx/);
    try {
      parseExportFormat('toString');
      expect.unreachable();
    } catch (error) {
      expect((error as { hint?: string }).hint).toBe('Supported: md, chapters-vtt, vtt, srt, json');
    }
  });

  it('never names an export like a sidecar transcript Lectern would read back', () => {
    expect(EXPORT_FILE_TYPES.vtt.extension).toBe('.transcript.vtt');
    expect(EXPORT_FILE_TYPES.srt.extension).toBe('.transcript.srt');
    expect(EXPORT_FILE_TYPES['chapters-vtt'].extension).toBe('.chapters.vtt');
  });

  it('reads the format from a file name ending', () => {
    expect(formatForFileName('x.chapters.vtt')).toBe('chapters-vtt');
    expect(formatForFileName('x.transcript.vtt')).toBe('vtt');
    expect(formatForFileName('.srt')).toBe('srt');
    expect(formatForFileName('notes.MD')).toBe('md');
    expect(formatForFileName('x.json')).toBe('json');
    expect(formatForFileName('x.docx')).toBeNull();
  });

  it('renders each format', () => {
    expect(renderLectureExport(lecture, 'md')).toMatch(/^# L\n/);
    expect(renderLectureExport(lecture, 'chapters-vtt')).toContain('\nOnly chapter\n');
    expect(renderLectureExport(lecture, 'vtt')).toMatch(/^WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHello/);
    expect(renderLectureExport(lecture, 'srt')).toMatch(/^1\n00:00:01,000 --> 00:00:02,000\nHello/);
    expect(JSON.parse(renderLectureExport(lecture, 'json')).lecture.title).toBe('L');
  });
});
