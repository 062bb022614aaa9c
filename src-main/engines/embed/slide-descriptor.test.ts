import { describe, expect, it } from 'vitest';
import { decodeRgb } from './image-decode.ts';
import { DESCRIPTOR_DIM, DESCRIPTOR_HEIGHT, DESCRIPTOR_WIDTH, slideDescriptor } from './slide-descriptor.ts';
import { degrade, renderSlide, SAMPLE_LAYOUTS, solidImage } from './testing/synthetic-slides.ts';
import { dot } from './vector-pooling.ts';

const describeImage = async (image: Buffer) =>
  slideDescriptor(await decodeRgb(image, DESCRIPTOR_WIDTH, DESCRIPTOR_HEIGHT, 'fill'));

describe('slideDescriptor', () => {
  it('is a finite unit vector of the declared size, the same every time', async () => {
    const png = await renderSlide(SAMPLE_LAYOUTS[0]);
    const a = await describeImage(png);
    const b = await describeImage(png);
    expect(a.length).toBe(DESCRIPTOR_DIM);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(dot(a, a)).toBeCloseTo(1, 5);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('finds each degraded slide closest to its own original among different slides', async () => {
    const originals = await Promise.all(SAMPLE_LAYOUTS.map((l) => renderSlide(l)));
    const gallery = await Promise.all(originals.map(describeImage));
    for (let i = 0; i < originals.length; i++) {
      const query = await describeImage(await degrade(originals[i]));
      const sims = gallery.map((g) => dot(query, g));
      const best = sims.indexOf(Math.max(...sims));
      expect(best, `slide ${i}: similarities ${sims.map((s) => s.toFixed(3)).join(' ')}`).toBe(i);
    }
  });

  it('puts a slide with one extra bullet closer to its predecessor than to an unrelated layout', async () => {
    const base = SAMPLE_LAYOUTS[0];
    const next = { ...base, lines: [...base.lines, [140, 440, 600] as [number, number, number]] };
    const [a, b, c] = await Promise.all([renderSlide(base), renderSlide(next), renderSlide(SAMPLE_LAYOUTS[3])]).then(
      (imgs) => Promise.all(imgs.map(describeImage)),
    );
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
  });

  it('handles a blank single-colour frame without NaN', async () => {
    const v = await describeImage(await solidImage(0, 0, 0));
    expect(v.every(Number.isFinite)).toBe(true);
    expect(dot(v, v)).toBeCloseTo(1, 5);
  });

  it('rejects pixel data of the wrong size', () => {
    expect(() => slideDescriptor(new Uint8Array(10))).toThrow(/RGB bytes/);
  });
});
