import { describe, expect, it } from 'vitest';
import { SlideChangeDetector, spansFromStarts } from './slide-changes.ts';

const frame = (value: number, noise = 0, seed = 1) => {
  const pixels = new Uint8Array(64 * 36);
  let s = seed;
  for (let i = 0; i < pixels.length; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    pixels[i] = Math.max(0, Math.min(255, value + ((s % (2 * noise + 1)) - noise)));
  }
  return pixels;
};

describe('SlideChangeDetector', () => {
  it('finds each slide change in a sequence of stable slides, ignoring sensor noise', () => {
    const detector = new SlideChangeDetector({ step: 1 });
    const slides = [40, 120, 200, 90];
    for (const [i, value] of slides.entries()) {
      for (let t = 0; t < 10; t++) detector.push(frame(value, 6, i * 100 + t));
    }
    const spans = detector.finish(40);
    expect(spans.map((s) => [s.start, s.end])).toEqual([
      [0, 10],
      [10, 20],
      [20, 30],
      [30, 40],
    ]);
    for (const span of spans) expect(span.keyTime).toBeGreaterThan(span.start);
  });

  it('catches a slow fade that never changes much between two samples', () => {
    const detector = new SlideChangeDetector({ step: 1 });
    for (let t = 0; t < 10; t++) detector.push(frame(50));
    for (let t = 0; t < 12; t++) detector.push(frame(50 + t * 12)); // 12 levels per second
    for (let t = 0; t < 10; t++) detector.push(frame(194));
    expect(detector.finish(32).length).toBeGreaterThan(1);
  });

  it('starts no new span while the picture keeps moving (a speaker walking, a video on a slide)', () => {
    const detector = new SlideChangeDetector({ step: 1 });
    for (let t = 0; t < 10; t++) detector.push(frame(60));
    for (let t = 0; t < 20; t++) {
      const moving = frame(60);
      const x = (t * 7) % 50;
      for (let row = 5; row < 30; row++) moving.fill(t % 2 ? 230 : 10, row * 64 + x, row * 64 + x + 14);
      detector.push(moving);
    }
    for (let t = 0; t < 10; t++) detector.push(frame(200));
    expect(detector.finish(40).map((s) => s.start)).toEqual([0, 30]);
  });

  it('gives one span for a talking head without slides', () => {
    const detector = new SlideChangeDetector({ step: 1 });
    for (let t = 0; t < 30; t++) detector.push(frame(100, 8, t));
    expect(detector.finish(30)).toEqual([{ start: 0, end: 30, keyTime: 22.5 }]);
  });
});

describe('spansFromStarts', () => {
  it('covers the whole duration contiguously and folds transitions shorter than the minimum', () => {
    const spans = spansFromStarts([0, 10, 10.5, 11, 25, 39.5], 40, 2);
    expect(spans.map((s) => [s.start, s.end])).toEqual([
      [0, 11],
      [11, 25],
      [25, 40],
    ]);
  });

  it('returns one span when nothing changes', () => {
    expect(spansFromStarts([], 12, 2).map((s) => [s.start, s.end])).toEqual([[0, 12]]);
  });
});
