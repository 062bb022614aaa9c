import { describe, expect, it } from 'vitest';
import { pauseScores } from './pause-evidence.ts';

describe('pauseScores', () => {
  it('scores a quiet stretch just before a time, relative to how loud the recording is', () => {
    const step = 0.1;
    const levels = new Float32Array(300).fill(-20); // 30 s of speech at -20 dBFS
    for (let w = 140; w < 160; w++) levels[w] = -60; // a 2 s pause from 14 s to 16 s
    const [atPause, elsewhere, before] = pauseScores({ step, levels }, [16.2, 25, 13]);
    expect(atPause).toBe(1);
    expect(elsewhere).toBe(0);
    expect(before).toBe(0);
  });

  it('scores a short pause in proportion and gives 0 without an envelope', () => {
    const levels = new Float32Array(100).fill(-25);
    for (let w = 40; w < 46; w++) levels[w] = -70; // 0.6 s
    expect(pauseScores({ step: 0.1, levels }, [4.7])[0]).toBeCloseTo(0.4, 5);
    expect(pauseScores(null, [1, 2])).toEqual([0, 0]);
  });
});
