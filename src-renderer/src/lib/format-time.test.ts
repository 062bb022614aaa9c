import { describe, expect, it } from 'vitest';
import { formatClock, formatLength, spokenTime } from './format-time.ts';

describe('formatClock', () => {
  it('shows minutes and seconds under an hour', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(75.9)).toBe('1:15');
  });
  it('adds hours with padded minutes past an hour', () => {
    expect(formatClock(3725)).toBe('1:02:05');
  });
  it('treats negative and non-finite times as zero', () => {
    expect(formatClock(-3)).toBe('0:00');
    expect(formatClock(Number.NaN)).toBe('0:00');
  });
});

describe('formatLength', () => {
  it('uses seconds, minutes, then hours', () => {
    expect(formatLength(42)).toBe('42 s');
    expect(formatLength(125)).toBe('2 min');
    expect(formatLength(3900)).toBe('1 h 05 min');
  });
  it('shows a dash for an unknown length', () => {
    expect(formatLength(null)).toBe('—');
  });
});

describe('spokenTime', () => {
  it('names each unit with its plural', () => {
    expect(spokenTime(61)).toBe('1 minute 1 second');
    expect(spokenTime(3600)).toBe('1 hour');
    expect(spokenTime(0)).toBe('0 seconds');
  });
});
