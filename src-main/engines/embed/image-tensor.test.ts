import { describe, expect, it } from 'vitest';
import { CLIP_NORM, writeChwTensor } from './image-tensor.ts';

describe('writeChwTensor', () => {
  it('writes planar channels normalised with the model mean and std at the batch index', () => {
    // 2x1 image: pixel 0 = (255, 0, 51), pixel 1 = (0, 255, 102)
    const rgb = Uint8Array.from([255, 0, 51, 0, 255, 102]);
    const norm = { mean: [0.5, 0.5, 0.5], std: [0.5, 0.25, 0.1] } as const;
    const target = new Float32Array(2 * 3 * 2).fill(-7);
    writeChwTensor(rgb, 2, 1, norm, target, 1);
    expect(Array.from(target.slice(0, 6))).toEqual([-7, -7, -7, -7, -7, -7]);
    const got = Array.from(target.slice(6));
    const want = [
      (1 - 0.5) / 0.5,
      (0 - 0.5) / 0.5,
      (0 - 0.5) / 0.25,
      (1 - 0.5) / 0.25,
      (0.2 - 0.5) / 0.1,
      (0.4 - 0.5) / 0.1,
    ];
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 5));
  });

  it('maps mid-grey near zero under CLIP normalisation', () => {
    const target = new Float32Array(3);
    writeChwTensor(Uint8Array.from([123, 117, 104]), 1, 1, CLIP_NORM, target, 0);
    for (const v of target) expect(Math.abs(v)).toBeLessThan(0.02);
  });

  it('rejects pixel data of the wrong size and an index outside the batch', () => {
    expect(() => writeChwTensor(new Uint8Array(5), 2, 1, CLIP_NORM, new Float32Array(6), 0)).toThrow(
      /expected 6 RGB bytes/,
    );
    expect(() => writeChwTensor(new Uint8Array(6), 2, 1, CLIP_NORM, new Float32Array(6), 1)).toThrow(/outside/);
  });
});
