import type { ExportFormat } from './domain-types.ts';
import type { LectureForExport } from './chapter-notes.ts';
import { renderLectureJson } from './json-export.ts';
import { renderLectureMarkdown, type MarkdownOptions } from './markdown-export.ts';
import { renderTranscriptSrt } from './srt-export.ts';
import { UserError } from './user-error.ts';
import { renderChaptersVtt, renderTranscriptVtt } from './webvtt-export.ts';

export interface ExportFileType {
  /** File name ending, dot included (never a sidecar name Lectern reads: `.transcript.vtt`, not `.vtt`). */
  extension: string;
  mime: string;
  /** What the file is, in words. */
  label: string;
}

export const EXPORT_FILE_TYPES: Readonly<Record<ExportFormat, ExportFileType>> = {
  md: { extension: '.md', mime: 'text/markdown', label: 'Markdown notes' },
  'chapters-vtt': { extension: '.chapters.vtt', mime: 'text/vtt', label: 'WebVTT chapters' },
  vtt: { extension: '.transcript.vtt', mime: 'text/vtt', label: 'transcript (WebVTT)' },
  srt: { extension: '.transcript.srt', mime: 'application/x-subrip', label: 'transcript (SRT)' },
  json: { extension: '.json', mime: 'application/json', label: 'everything as JSON' },
};

export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FILE_TYPES) as ExportFormat[];

/** A format name from a user or a request, checked. */
export function parseExportFormat(value: unknown): ExportFormat {
  if (typeof value === 'string' && Object.hasOwn(EXPORT_FILE_TYPES, value)) return value as ExportFormat;
  throw new UserError(
    'bad-format',
    `Unknown export format: ${String(value)}`,
    `Supported: ${EXPORT_FORMAT_NAMES.join(', ')}`,
  );
}

/** The format a file name asks for by its ending (`x.chapters.vtt`, `x.srt`, `x.md`), or null. */
export function formatForFileName(name: string): ExportFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.chapters.vtt')) return 'chapters-vtt';
  if (lower.endsWith('.vtt')) return 'vtt';
  if (lower.endsWith('.srt')) return 'srt';
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'md';
  if (lower.endsWith('.json')) return 'json';
  return null;
}

/** One lecture in one export format. */
export function renderLectureExport(
  lecture: LectureForExport,
  format: ExportFormat,
  options: MarkdownOptions = {},
): string {
  switch (format) {
    case 'md':
      return renderLectureMarkdown(lecture, options);
    case 'chapters-vtt':
      return renderChaptersVtt(lecture.chapters);
    case 'vtt':
      return renderTranscriptVtt(lecture.transcript);
    case 'srt':
      return renderTranscriptSrt(lecture.transcript);
    case 'json':
      return renderLectureJson(lecture);
  }
}
