import { describe, expect, it } from 'vitest';
import { transcriptWindows } from './transcript-windows.ts';

const cues = Array.from({ length: 7 }, (_, i) => ({ start: i * 5, end: i * 5 + 4, text: `s${i}.` }));

describe('transcriptWindows', () => {
  it('makes overlapping windows of consecutive sentences that reach the last sentence', () => {
    const windows = transcriptWindows(cues, { size: 3, stride: 2 });
    expect(windows.map((w) => w.text)).toEqual(['s0. s1. s2.', 's2. s3. s4.', 's4. s5. s6.']);
    expect(windows[1]).toMatchObject({ start: 10, end: 24 });
  });

  it('never lets a window span more than the time limit', () => {
    const windows = transcriptWindows(cues, { size: 5, stride: 5, maxSeconds: 12 });
    for (const w of windows) expect(w.end - w.start).toBeLessThanOrEqual(12);
    expect(windows[0].text).toBe('s0. s1.');
  });

  it('handles no sentences and one sentence', () => {
    expect(transcriptWindows([])).toEqual([]);
    expect(transcriptWindows(cues.slice(0, 1))).toEqual([{ start: 0, end: 4, text: 's0.' }]);
  });
});
