import { describe, expect, it } from 'vitest';
import { firstShowings } from './repeated-slides.ts';

const SIZE = 100 * 60;

function picture(seed: number): Uint8Array {
  const raster = new Uint8Array(SIZE);
  let x = seed * 2654435761;
  for (let i = 0; i < SIZE; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    raster[i] = x >>> 24;
  }
  return raster;
}

function withChanges(raster: Uint8Array, pixels: number, by: number): Uint8Array {
  const copy = Uint8Array.from(raster);
  for (let i = 0; i < pixels; i++) copy[i * 7] = (copy[i * 7] + by) % 256;
  return copy;
}

describe('firstShowings', () => {
  it('points a slide shown again at its first showing and keeps new slides as their own', () => {
    const a = picture(1);
    const b = picture(2);
    expect(firstShowings([a, b, Uint8Array.from(a), picture(3), Uint8Array.from(b), Uint8Array.from(a)])).toEqual([
      0, 1, 0, 3, 1, 0,
    ]);
  });

  it('treats compression-sized noise as the same picture', () => {
    const a = picture(4);
    const noisy = a.map((v) => Math.min(255, v + 6));
    expect(firstShowings([a, noisy])).toEqual([0, 0]);
  });

  it('reads a slide again when a small region changed (one more character, a revealed bullet)', () => {
    const a = picture(5);
    // 0.1% of the pixels changed clearly: above the 0.05% allowance.
    expect(firstShowings([a, withChanges(a, 6, 80)])).toEqual([0, 1]);
    // Only 2 pixels: within the allowance.
    expect(firstShowings([a, withChanges(a, 2, 80)])).toEqual([0, 0]);
  });

  it('never matches rasters of different sizes', () => {
    expect(firstShowings([new Uint8Array(10), new Uint8Array(12)])).toEqual([0, 1]);
  });

  it('handles no rasters', () => {
    expect(firstShowings([])).toEqual([]);
  });
});
