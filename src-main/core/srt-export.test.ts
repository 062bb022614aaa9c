import { parseSync, type NodeCue } from 'subtitle';
import { describe, expect, it } from 'vitest';
import { renderTranscriptSrt } from './srt-export.ts';

describe('renderTranscriptSrt', () => {
  const transcript = [
    { start: 0.5, end: 4.25, text: 'Welcome back.' },
    { start: 4.25, end: 3725.1, text: 'A long\nanswer <i>with</i> a tag-like part.' },
    { start: 3726, end: 3726, text: 'Zero-length.' },
  ];
  const srt = renderTranscriptSrt(transcript);

  it('parses back (with the subtitle package) to the same cues and times', () => {
    const cues = parseSync(srt).filter((n): n is NodeCue => n.type === 'cue');
    expect(cues.map((c) => [c.data.start, c.data.end, c.data.text])).toEqual([
      [500, 4250, 'Welcome back.'],
      [4250, 3725100, 'A long answer <i>with</i> a tag-like part.'],
      [3726000, 3726500, 'Zero-length.'],
    ]);
  });

  it('numbers cues from 1 with SubRip times (comma before the milliseconds)', () => {
    const blocks = srt.trimEnd().split('\n\n');
    expect(blocks.map((b) => b.split('\n')[0])).toEqual(['1', '2', '3']);
    expect(blocks[1].split('\n')[1]).toBe('00:00:04,250 --> 01:02:05,100');
    expect(srt.endsWith('\n')).toBe(true);
    expect(srt).not.toContain('\r');
  });

  it('is empty when nothing was said', () => {
    expect(renderTranscriptSrt([])).toBe('');
  });
});
