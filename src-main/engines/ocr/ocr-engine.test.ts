import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../core/user-error.ts';
import { characterErrorRate } from './character-error-rate.ts';
import { createOcrEngine, type OcrEngine } from './ocr-engine.ts';
import { renderSlide, toJpeg, type SlideSpec } from './testing/test-slide-images.ts';
import { isAbortError } from './worker-pool.ts';

/** Slides with known text: a big bold title and smaller body lines, one dark, one small, one wrapped title. */
const slides: Record<string, { spec: SlideSpec; title: string; body: string[] }> = {
  light: {
    title: 'Gradient Descent Basics',
    body: [
      'Minimise the loss by stepping downhill',
      'The learning rate sets the step size',
      'Momentum smooths noisy gradients',
    ],
    spec: {
      width: 1280,
      height: 720,
      background: 'white',
      texts: [
        { text: 'Gradient Descent Basics', x: 80, y: 60, size: 64, bold: true },
        { text: 'Minimise the loss by stepping downhill', x: 100, y: 220, size: 36 },
        { text: 'The learning rate sets the step size', x: 100, y: 300, size: 36 },
        { text: 'Momentum smooths noisy gradients', x: 100, y: 380, size: 36 },
        { text: '12', x: 1200, y: 670, size: 24, color: '0x666666' },
      ],
    },
  },
  dark: {
    title: 'Convolutional Networks',
    body: ['Filters slide across the image', 'Pooling shrinks the feature maps'],
    spec: {
      width: 1280,
      height: 720,
      background: '0x101830',
      texts: [
        { text: 'Convolutional Networks', x: 80, y: 60, size: 64, bold: true, color: 'white' },
        { text: 'Filters slide across the image', x: 100, y: 230, size: 36, color: 'white' },
        { text: 'Pooling shrinks the feature maps', x: 100, y: 310, size: 36, color: '0xdddddd' },
      ],
    },
  },
  small: {
    title: 'Sorting Algorithms',
    body: ['Merge sort splits the list in half', 'Quicksort partitions around a pivot'],
    spec: {
      width: 640,
      height: 360,
      background: '0xf4f1e8',
      texts: [
        { text: 'Sorting Algorithms', x: 40, y: 30, size: 34, bold: true, color: '0x202020' },
        { text: 'Merge sort splits the list in half', x: 50, y: 120, size: 20, color: '0x202020' },
        { text: 'Quicksort partitions around a pivot', x: 50, y: 165, size: 20, color: '0x202020' },
      ],
    },
  },
  wrapped: {
    title: 'Understanding Physical Combat Skills of Professional Players',
    body: ['Eunji Park and Byungjoo Lee'],
    spec: {
      width: 1280,
      height: 720,
      background: 'white',
      texts: [
        { text: 'Understanding Physical Combat Skills', x: 90, y: 200, size: 46, bold: true },
        { text: 'of Professional Players', x: 330, y: 262, size: 46, bold: true },
        { text: 'Eunji Park and Byungjoo Lee', x: 380, y: 450, size: 32 },
      ],
    },
  },
};

const expectedText = (name: string) => [slides[name].title, ...slides[name].body].join('\n');

let dir: string;
const files: Record<string, string> = {};
let engine: OcrEngine;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-ocr-engine-'));
  for (const [name, { spec }] of Object.entries(slides)) files[name] = await renderSlide(dir, name, spec);
  files.lightJpeg = await toJpeg(files.light);
  engine = await createOcrEngine({ workers: 2 });
});

afterAll(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('OCR engine on rendered slides', () => {
  it('reads a light slide: text, title, boxes and size', async () => {
    const result = await engine.recognize(files.light);
    expect(characterErrorRate(result.text, expectedText('light'))).toBeLessThan(0.05);
    expect(result.title).toBe('Gradient Descent Basics');
    expect(result).toMatchObject({ width: 1280, height: 720 });
    const title = result.lines.find((line) => line.text.includes('Gradient'))!;
    expect(title.confidence).toBeGreaterThan(0.8);
    expect(title.confidence).toBeLessThanOrEqual(1);
    // drawtext puts the glyph tops a little below y; the box must sit around the rendered title.
    expect(title.box.x).toBeGreaterThanOrEqual(70);
    expect(title.box.x).toBeLessThan(100);
    expect(title.box.y).toBeGreaterThanOrEqual(55);
    expect(title.box.y).toBeLessThan(80);
    expect(title.box.height).toBeGreaterThan(40);
    expect(title.box.width).toBeGreaterThan(700);
    // The page number is read as a line but kept out of the text and the title.
    expect(result.text).not.toMatch(/\b12\b/);
  });

  it('reads light text on a dark slide', async () => {
    const result = await engine.recognize(files.dark);
    expect(characterErrorRate(result.text, expectedText('dark'))).toBeLessThan(0.05);
    expect(result.title).toBe('Convolutional Networks');
  });

  it('reads a small frame and reports boxes in its own pixels', async () => {
    const result = await engine.recognize(files.small);
    expect(characterErrorRate(result.text, expectedText('small'))).toBeLessThan(0.08);
    expect(result.title).toBe('Sorting Algorithms');
    expect(result).toMatchObject({ width: 640, height: 360 });
    for (const line of result.lines) {
      expect(line.box.x + line.box.width).toBeLessThanOrEqual(640);
      expect(line.box.y + line.box.height).toBeLessThanOrEqual(360);
    }
    const title = result.lines.find((line) => line.text.includes('Sorting'))!;
    expect(title.box.y).toBeGreaterThanOrEqual(25);
    expect(title.box.y).toBeLessThan(45);
  });

  it('joins a title wrapped over two lines', async () => {
    const result = await engine.recognize(files.wrapped);
    expect(result.title).toBe(slides.wrapped.title);
    expect(characterErrorRate(result.text, expectedText('wrapped'))).toBeLessThan(0.05);
  });

  it('reads JPEG bytes passed as a Buffer', async () => {
    const result = await engine.recognize(await readFile(files.lightJpeg));
    expect(result.title).toBe('Gradient Descent Basics');
    expect(characterErrorRate(result.text, expectedText('light'))).toBeLessThan(0.05);
  });
});

describe('OCR engine pool', () => {
  it('recognises several images concurrently, in input order, reporting progress per image', async () => {
    const names = ['light', 'dark', 'small', 'wrapped', 'dark', 'light'];
    const progress: Array<[number, number]> = [];
    const results = await engine.recognizeMany(
      names.map((name) => files[name]),
      { onProgress: (done, total) => progress.push([done, total]) },
    );
    expect(results.map((r) => r.title)).toEqual(names.map((name) => slides[name].title));
    expect(progress).toEqual([1, 2, 3, 4, 5, 6].map((done) => [done, 6]));
  });

  it('keeps to the concurrency asked (one image at a time beside speech recognition), in input order', async () => {
    const names = ['dark', 'light', 'small'];
    const progress: number[] = [];
    const results = await engine.recognizeMany(
      names.map((name) => files[name]),
      { concurrency: 1, onProgress: (done) => progress.push(done) },
    );
    expect(results.map((r) => r.title)).toEqual(names.map((name) => slides[name].title));
    expect(progress).toEqual([1, 2, 3]);
  });

  it('returns an empty list for no images', async () => {
    expect(await engine.recognizeMany([])).toEqual([]);
  });

  it('rejects the batch on the first bad image and still serves the next call', async () => {
    const error = await engine
      .recognizeMany([files.light, path.join(dir, 'missing.png'), files.dark])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('image-not-found');
    expect((await engine.recognize(files.dark)).title).toBe('Convolutional Networks');
  });
});

describe('OCR engine cancellation', () => {
  it('rejects a batch aborted after its first image, runs no more of it, and stays usable', async () => {
    const single = await createOcrEngine({ workers: 1 });
    try {
      const controller = new AbortController();
      const progress: number[] = [];
      const batch = single.recognizeMany([files.light, files.dark, files.small, files.wrapped, files.light], {
        signal: controller.signal,
        onProgress: (done) => {
          progress.push(done);
          controller.abort();
        },
      });
      const error = await batch.catch((e: unknown) => e);
      expect(isAbortError(error)).toBe(true);
      expect(progress).toEqual([1]);
      // The worker was reused, not lost: the same engine still reads.
      expect((await single.recognize(files.small)).title).toBe('Sorting Algorithms');
    } finally {
      await single.close();
    }
  });

  it('rejects a queued call when its signal aborts while the worker is busy', async () => {
    const single = await createOcrEngine({ workers: 1 });
    try {
      const controller = new AbortController();
      const first = single.recognize(files.light);
      const second = single.recognize(files.dark, { signal: controller.signal });
      controller.abort();
      expect(isAbortError(await second.catch((e: unknown) => e))).toBe(true);
      expect((await first).title).toBe('Gradient Descent Basics');
    } finally {
      await single.close();
    }
  });

  it('rejects at once for a signal that is already aborted', async () => {
    const error = await engine.recognizeMany([files.light], { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
  });

  it('rejects calls in flight and new calls once closed', async () => {
    const single = await createOcrEngine({ workers: 1 });
    const inFlight = single.recognize(files.light);
    await single.close();
    await expect(inFlight).rejects.toThrow();
    await expect(single.recognize(files.light)).rejects.toThrow(/closed/);
  });
});

describe('OCR engine input errors', () => {
  it('raises UserError image-not-found for a missing file', async () => {
    const error = await engine.recognize(path.join(dir, 'no-such-slide.png')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('image-not-found');
  });

  it('raises UserError not-an-image for a file that is not an image', async () => {
    const notes = path.join(dir, 'notes.jpg');
    await writeFile(notes, 'not an image at all');
    const error = await engine.recognize(notes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('not-an-image');
  });
});
