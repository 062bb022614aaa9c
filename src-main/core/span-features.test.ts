import { describe, expect, it } from 'vitest';
import { spansToClips } from './span-features.ts';

describe('spansToClips', () => {
  it('weights each overlapping span by its overlap and leaves uncovered clips at zero', () => {
    const clips = [
      { start: 0, end: 10 },
      { start: 10, end: 20 },
      { start: 20, end: 30 },
    ];
    const spans = [
      { start: 0, end: 15, vector: Float32Array.from([1, 0]) },
      { start: 15, end: 20, vector: Float32Array.from([0, 1]) },
    ];
    expect(Array.from(spansToClips(clips, spans, 2))).toEqual([10, 0, 5, 5, 0, 0]);
  });

  it('finds spans that started long before a clip (a long slide)', () => {
    const clips = Array.from({ length: 20 }, (_, i) => ({ start: i * 10, end: i * 10 + 10 }));
    const spans = [
      { start: 0, end: 200, vector: Float32Array.from([1]) },
      ...Array.from({ length: 15 }, (_, i) => ({ start: i, end: i + 1, vector: Float32Array.from([0]) })),
    ];
    expect(spansToClips(clips, spans, 1)[19]).toBe(10);
  });
});
