import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../core/user-error.ts';
import { loadOcrImage } from './ocr-image.ts';
import {
  DEFAULT_PREPROCESSING,
  invertRaster,
  isDarkRaster,
  lumaOf,
  netpbm,
  NO_PREPROCESSING,
  parseNetpbmHeader,
  prepareSlideImage,
  upscaleFactor,
} from './slide-preprocessing.ts';
import { renderSlide } from './testing/test-slide-images.ts';
import { isAbortError } from './worker-pool.ts';

let dir: string;
let darkSmall: string;
let light: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-ocr-prep-'));
  darkSmall = await renderSlide(dir, 'dark-small', {
    width: 640,
    height: 360,
    background: '0x101830',
    texts: [{ text: 'Dark slide', x: 40, y: 30, size: 36, bold: true, color: 'white' }],
  });
  light = await renderSlide(dir, 'light', {
    width: 1280,
    height: 720,
    background: 'white',
    texts: [{ text: 'Light slide', x: 40, y: 30, size: 48 }],
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function pgm(width: number, height: number, fill: (i: number) => number): Uint8Array {
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1');
  const bytes = new Uint8Array(header.length + width * height);
  bytes.set(header);
  for (let i = 0; i < width * height; i += 1) bytes[header.length + i] = fill(i);
  return bytes;
}

describe('upscaleFactor', () => {
  it('upscales frames below the threshold, by at most the cap, in quarter steps', () => {
    expect(upscaleFactor(360, DEFAULT_PREPROCESSING)).toBe(2);
    expect(upscaleFactor(540, DEFAULT_PREPROCESSING)).toBe(1.25);
    expect(upscaleFactor(720, DEFAULT_PREPROCESSING)).toBe(1);
    expect(upscaleFactor(1080, DEFAULT_PREPROCESSING)).toBe(1);
    expect(upscaleFactor(null, DEFAULT_PREPROCESSING)).toBe(1);
    expect(upscaleFactor(200, NO_PREPROCESSING)).toBe(1);
  });
});

describe('dark detection and inversion on a raster', () => {
  it('calls a mostly dark picture dark, whatever a few bright pixels do', () => {
    const dark = pgm(100, 50, (i) => (i % 10 === 0 ? 250 : 20));
    const light = pgm(100, 50, (i) => (i % 10 === 0 ? 10 : 235));
    expect(isDarkRaster(dark, parseNetpbmHeader(dark))).toBe(true);
    expect(isDarkRaster(light, parseNetpbmHeader(light))).toBe(false);
  });

  it('inverts pixels in place and leaves the header alone', () => {
    const image = pgm(4, 1, (i) => i * 60);
    const header = parseNetpbmHeader(image);
    invertRaster(image, header);
    expect(parseNetpbmHeader(image)).toEqual(header);
    expect([...image.subarray(header.dataOffset)]).toEqual([255, 195, 135, 75]);
  });
});

describe('grey rasters made in process', () => {
  it('takes BT.601 luma of RGB, rounded', () => {
    const rgb = new Uint8Array([255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 200, 30]);
    expect([...lumaOf(rgb)]).toEqual([255, 0, 76, 150, 29, Math.round(0.299 * 10 + 0.587 * 200 + 0.114 * 30)]);
  });

  it('wraps raw pixels in a Netpbm header the parser reads back', () => {
    const image = netpbm(new Uint8Array([1, 2, 3, 4, 5, 6]), 3, 2, 1);
    expect(parseNetpbmHeader(image)).toEqual({ channels: 1, width: 3, height: 2, dataOffset: 11 });
    expect([...image.subarray(11)]).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('prepareSlideImage', () => {
  it('gives the same grey, upscaled picture through sharp as through ffmpeg, within a few levels', async () => {
    for (const file of [darkSmall, light]) {
      const image = await loadOcrImage(file);
      const viaSharp = await prepareSlideImage(image, DEFAULT_PREPROCESSING, undefined, 'sharp');
      const viaFfmpeg = await prepareSlideImage(image, DEFAULT_PREPROCESSING, undefined, 'ffmpeg');
      const a = parseNetpbmHeader(viaSharp.bytes);
      const b = parseNetpbmHeader(viaFfmpeg.bytes);
      expect(a).toMatchObject({ width: b.width, height: b.height, channels: 1 });
      expect(viaSharp.scale).toBe(viaFfmpeg.scale);
      let difference = 0;
      for (let i = 0; i < a.width * a.height; i++) {
        difference += Math.abs(viaSharp.bytes[a.dataOffset + i] - viaFfmpeg.bytes[b.dataOffset + i]);
      }
      expect(difference / (a.width * a.height)).toBeLessThan(3);
    }
  });

  it('turns a small dark slide into a grey, upscaled, inverted PGM when asked to invert', async () => {
    const prepared = await prepareSlideImage(await loadOcrImage(darkSmall), {
      ...DEFAULT_PREPROCESSING,
      invertDark: true,
    });
    const header = parseNetpbmHeader(prepared.bytes);
    expect(header).toMatchObject({ width: 1280, height: 720, channels: 1 });
    expect(prepared.scale).toBe(2);
    expect(prepared.inverted).toBe(true);
    expect(isDarkRaster(prepared.bytes, header)).toBe(false);
  });

  it('leaves a light 720p slide unscaled and uninverted', async () => {
    const prepared = await prepareSlideImage(await loadOcrImage(light), { ...DEFAULT_PREPROCESSING, invertDark: true });
    expect(parseNetpbmHeader(prepared.bytes)).toMatchObject({ width: 1280, height: 720 });
    expect(prepared).toMatchObject({ scale: 1, inverted: false });
  });

  it('by default keeps a dark slide dark (inverting measured no gain)', async () => {
    const prepared = await prepareSlideImage(await loadOcrImage(darkSmall), DEFAULT_PREPROCESSING);
    expect(prepared.inverted).toBe(false);
    expect(isDarkRaster(prepared.bytes, parseNetpbmHeader(prepared.bytes))).toBe(true);
  });

  it('works from bytes without a path', async () => {
    const bytes = await readFile(darkSmall);
    const prepared = await prepareSlideImage(await loadOcrImage(bytes), DEFAULT_PREPROCESSING);
    expect(parseNetpbmHeader(prepared.bytes)).toMatchObject({ width: 1280, height: 720 });
  });

  it('passes the original bytes through when pre-processing is off', async () => {
    const image = await loadOcrImage(light);
    const prepared = await prepareSlideImage(image, NO_PREPROCESSING);
    expect(prepared.bytes).toBe(image.bytes);
    expect(prepared.scale).toBe(1);
  });

  it('reports a damaged image as not-an-image', async () => {
    const good = await readFile(light);
    const damaged = Buffer.concat([good.subarray(0, 40), Buffer.alloc(200, 7)]);
    const error = await prepareSlideImage(await loadOcrImage(damaged), DEFAULT_PREPROCESSING).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('not-an-image');
  });

  it('stops when aborted', async () => {
    const error = await prepareSlideImage(await loadOcrImage(light), DEFAULT_PREPROCESSING, AbortSignal.abort()).catch(
      (e: unknown) => e,
    );
    expect(isAbortError(error)).toBe(true);
  });
});
