import { readFile } from 'node:fs/promises';
import { loadSharp } from './sharp-module.ts';

/** Width and height of an image file, or null when it cannot be read. */
export async function imageSize(file: string): Promise<{ width: number; height: number } | null> {
  const sharp = await loadSharp();
  if (!sharp) return null;
  try {
    const { width, height } = await sharp(file).metadata();
    return width && height ? { width, height } : null;
  } catch {
    return null;
  }
}

/**
 * A page picture as it would appear full-screen in a recording of `frame`'s shape: scaled to
 * fit and centred on black (the bars a 4:3 slide gets in a 16:9 screen capture), PNG-encoded.
 * Without sharp, or without a frame shape, the page as it is.
 */
export async function pageAsFrame(pageImage: string, frame: { width: number; height: number } | null): Promise<Buffer> {
  const sharp = await loadSharp();
  if (!sharp || !frame) return readFile(pageImage);
  const width = Math.min(640, frame.width);
  const height = Math.max(1, Math.round((frame.height * width) / frame.width));
  return sharp(pageImage)
    .resize({ width, height, fit: 'contain', background: { r: 0, g: 0, b: 0 } })
    .png()
    .toBuffer();
}
