import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../media/ffmpeg-path.ts';
import { availableDecoder, decodeRgb } from './image-decode.ts';
import { renderSlide, solidImage } from './testing/synthetic-slides.ts';
import sharp from 'sharp';

function hasFfmpeg(): boolean {
  try {
    return spawnSync(ffmpegPath(), ['-version']).status === 0;
  } catch {
    return false;
  }
}

describe('decodeRgb', () => {
  it('uses sharp when it loads', async () => {
    expect(await availableDecoder()).toBe('sharp');
  });

  it('gives 3-channel bytes for a grayscale PNG and an RGBA PNG', async () => {
    const gray = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 90, g: 90, b: 90 } } })
      .grayscale()
      .png()
      .toBuffer();
    const rgba = await sharp({
      create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const g = await decodeRgb(gray, 8, 6, 'fill');
    const a = await decodeRgb(rgba, 8, 6, 'fill');
    expect(g.length).toBe(8 * 6 * 3);
    expect(Array.from(g.slice(0, 3))).toEqual([90, 90, 90]);
    // Transparent pixels are composited on white, as a slide background would be.
    expect(Array.from(a.slice(0, 3))).toEqual([255, 255, 255]);
  });

  it("'cover' keeps the centre of a wide image and 'fill' keeps all of it", async () => {
    // 300x100: left third red, middle third green, right third blue.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><rect width="100" height="100" fill="#f00"/><rect x="100" width="100" height="100" fill="#0f0"/><rect x="200" width="100" height="100" fill="#00f"/></svg>`;
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    const cover = await decodeRgb(png, 10, 10, 'cover');
    const fill = await decodeRgb(png, 30, 10, 'fill');
    expect(cover[0 * 3 + 1]).toBeGreaterThan(200); // first pixel is green: the sides were cropped
    expect(fill[0]).toBeGreaterThan(200); // first pixel is red
    expect(fill[29 * 3 + 2]).toBeGreaterThan(200); // last pixel of the row is blue
  });

  it('rejects bytes that are not an image with a user error', async () => {
    await expect(decodeRgb(Buffer.from('definitely not a picture'), 8, 8, 'fill')).rejects.toMatchObject({
      code: 'image-unreadable',
    });
  });
});

describe.skipIf(!hasFfmpeg())('decodeRgb through ffmpeg', () => {
  it('matches sharp on a synthetic slide within a few grey levels on average', async () => {
    const png = await renderSlide({
      lines: [
        [100, 60, 900],
        [140, 200, 700],
      ],
      picture: [300, 300, 400, 300, '#3a7bd5'],
    });
    const [a, b] = await Promise.all([
      decodeRgb(png, 64, 48, 'fill', 'sharp'),
      decodeRgb(png, 64, 48, 'fill', 'ffmpeg'),
    ]);
    expect(b.length).toBe(a.length);
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff += Math.abs(a[i] - b[i]);
    expect(diff / a.length).toBeLessThan(8);
  });

  it('decodes a JPEG to the exact colour of a solid frame', async () => {
    const rgb = await decodeRgb(await solidImage(200, 40, 90, 64, 64, 'jpeg'), 4, 4, 'cover', 'ffmpeg');
    expect(Math.abs(rgb[0] - 200)).toBeLessThan(4);
    expect(Math.abs(rgb[1] - 40)).toBeLessThan(4);
    expect(Math.abs(rgb[2] - 90)).toBeLessThan(4);
  });

  it('rejects bytes that are not an image with a user error', async () => {
    await expect(decodeRgb(Buffer.from('nope'), 8, 8, 'fill', 'ffmpeg')).rejects.toMatchObject({
      code: 'image-unreadable',
    });
  });
});
