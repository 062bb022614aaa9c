import { describe, expect, it } from 'vitest';
import { formatClock, formatCueTime, parseCueTime } from './timestamp.ts';

describe('timestamps', () => {
  it('formats clocks and cue times', () => {
    expect(formatClock(3725.9)).toBe('01:02:05');
    expect(formatClock(65, true)).toBe('01:05');
    expect(formatCueTime(3725.5)).toBe('01:02:05.500');
    expect(formatCueTime(1.0005, ',')).toBe('00:00:01,001');
  });

  it('parses cue times and rejects malformed ones', () => {
    expect(parseCueTime('01:02:05.5')).toBe(3725.5);
    expect(parseCueTime('02:05,250')).toBe(125.25);
    expect(parseCueTime('00:61:00.000')).toBeNaN();
    expect(parseCueTime('abc')).toBeNaN();
  });
});
