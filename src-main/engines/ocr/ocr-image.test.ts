import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../core/user-error.ts';
import { headerDimensions, loadOcrImage, sniffImageFormat } from './ocr-image.ts';
import { renderSlide, toJpeg } from './testing/test-slide-images.ts';

let dir: string;
let png: string;
let jpeg: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-ocr-image-'));
  png = await renderSlide(dir, 'blank', { width: 320, height: 200, background: 'white', texts: [] });
  jpeg = await toJpeg(png);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function userErrorOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('loadOcrImage', () => {
  it('reads PNG and JPEG files with their sizes from the header', async () => {
    const fromPng = await loadOcrImage(png);
    expect(fromPng).toMatchObject({ format: 'png', width: 320, height: 200, path: png });
    const fromJpeg = await loadOcrImage(jpeg);
    expect(fromJpeg).toMatchObject({ format: 'jpeg', width: 320, height: 200 });
  });

  it('takes encoded bytes as they are', async () => {
    const fromBytes = await loadOcrImage((await loadOcrImage(jpeg)).bytes);
    expect(fromBytes).toMatchObject({ format: 'jpeg', width: 320, height: 200, path: null });
  });

  it('fails with image-not-found for a missing file', async () => {
    const error = await userErrorOf(loadOcrImage(path.join(dir, 'nope.png')));
    expect(error.code).toBe('image-not-found');
    expect(error.message).toContain('nope.png');
  });

  it('fails with image-unreadable for a folder', async () => {
    expect((await userErrorOf(loadOcrImage(dir))).code).toBe('image-unreadable');
  });

  it('fails with not-an-image for text, empty files and truncated headers', async () => {
    const text = path.join(dir, 'notes.png');
    await writeFile(text, 'these are lecture notes, not a picture');
    expect((await userErrorOf(loadOcrImage(text))).code).toBe('not-an-image');
    const empty = path.join(dir, 'empty.jpg');
    await writeFile(empty, '');
    expect((await userErrorOf(loadOcrImage(empty))).message).toContain('empty');
    const truncated = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect((await userErrorOf(loadOcrImage(truncated))).code).toBe('not-an-image');
  });
});

describe('sniffImageFormat and headerDimensions', () => {
  it('knows the magic numbers of the formats tesseract reads', () => {
    expect(sniffImageFormat(Buffer.from('II*\0rest', 'latin1'))).toBe('tiff');
    expect(sniffImageFormat(Buffer.from('MM\0*rest', 'latin1'))).toBe('tiff');
    expect(sniffImageFormat(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(sniffImageFormat(Buffer.from('P5\n2 2\n255\n\0\0\0\0', 'latin1'))).toBe('pnm');
    expect(sniffImageFormat(Buffer.from('%PDF-1.7', 'latin1'))).toBeNull();
  });

  it('returns null for a JPEG without a frame header', () => {
    expect(headerDimensions(Buffer.from([0xff, 0xd8, 0xff, 0xd9, 0, 0, 0, 0, 0, 0, 0, 0]), 'jpeg')).toBeNull();
  });
});
