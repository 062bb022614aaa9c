import { parseCueTime } from './timestamp.ts';

export interface Cue {
  start: number;
  end: number;
  text: string;
}

export interface ParsedSubtitles {
  cues: Cue[];
  /** Blocks that could not be read, with their line number, so callers can report them. */
  problems: string[];
}

const TIMING = /^\s*(\S+)\s+-->\s+(\S+)/;

/**
 * Parses WebVTT or SRT text into cues in time order. Tolerant: a malformed block is
 * reported in `problems` and skipped; the rest is kept.
 */
export function parseSubtitles(source: string): ParsedSubtitles {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const blocks = text.split(/\n{2,}/);
  const cues: Cue[] = [];
  const problems: string[] = [];
  let line = 1;
  for (const block of blocks) {
    const lines = block.split('\n');
    const blockLine = line;
    line += lines.length + 1;
    const timingIndex = lines.findIndex((l) => l.includes('-->'));
    if (timingIndex < 0) {
      const head = lines[0]?.trim() ?? '';
      const isHeader = /^(WEBVTT|NOTE|STYLE|REGION)\b/.test(head) || head === '';
      const isBareNumber = /^\d+$/.test(head) && lines.length === 1;
      if (!isHeader && !isBareNumber) problems.push(`line ${blockLine}: no timing line`);
      continue;
    }
    const match = TIMING.exec(lines[timingIndex]);
    const start = match ? parseCueTime(match[1]) : Number.NaN;
    const end = match ? parseCueTime(match[2]) : Number.NaN;
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) {
      problems.push(`line ${blockLine + timingIndex}: unreadable timing "${lines[timingIndex].trim()}"`);
      continue;
    }
    const body = lines
      .slice(timingIndex + 1)
      .join(' ')
      .replace(/<[^>]*>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&nbsp;/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (body) cues.push({ start, end, text: body });
  }
  cues.sort((a, b) => a.start - b.start || a.end - b.end);
  return { cues, problems };
}
