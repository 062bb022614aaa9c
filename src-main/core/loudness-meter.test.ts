import { describe, expect, it } from 'vitest';
import { LoudnessMeter } from './loudness-meter.ts';

function pcm(samples: number[]): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  samples.forEach((s, i) => view.setInt16(i * 2, s, true));
  return bytes;
}

describe('LoudnessMeter', () => {
  it('measures a full-scale square wave at 0 dBFS and silence at the floor', () => {
    const meter = new LoudnessMeter(4, 1);
    meter.push(pcm([32767, -32768, 32767, -32768, 0, 0, 0, 0]));
    const levels = meter.finish();
    expect(levels).toHaveLength(2);
    expect(levels[0]).toBeCloseTo(0, 1);
    expect(levels[1]).toBe(-100);
  });

  it('gives the same result however the stream is chunked, even mid-sample', () => {
    const samples = Array.from({ length: 50 }, (_, i) => Math.round(10000 * Math.sin(i)));
    const whole = new LoudnessMeter(10, 1);
    whole.push(pcm(samples));
    const chunked = new LoudnessMeter(10, 1);
    const bytes = pcm(samples);
    for (let i = 0; i < bytes.length; i += 7) chunked.push(bytes.subarray(i, i + 7));
    expect(Array.from(chunked.finish())).toEqual(Array.from(whole.finish()));
  });
});
