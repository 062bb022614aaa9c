/**
 * Small synthetic keyframes for tests and benches, drawn as SVG and encoded by sharp: slides with
 * a title bar and text-line bars in a given layout, a talking-head-like frame, solid colours.
 * No fonts needed (text lines are bars), so results are the same on every machine.
 */
import sharp from 'sharp';

export interface SlideLayout {
  /** Background and bar colours as CSS colours. */
  background?: string;
  ink?: string;
  /** Text lines as [x, y, width] in a 1280x720 frame (height 28 each). */
  lines: Array<[number, number, number]>;
  /** An optional picture box [x, y, w, h] with its colour. */
  picture?: [number, number, number, number, string];
}

export function slideSvg(layout: SlideLayout, width = 1280, height = 720): string {
  const sx = width / 1280;
  const sy = height / 720;
  const bars = layout.lines
    .map(
      ([x, y, w]) =>
        `<rect x="${x * sx}" y="${y * sy}" width="${w * sx}" height="${28 * sy}" fill="${layout.ink ?? '#202020'}"/>`,
    )
    .join('');
  const pic = layout.picture
    ? `<rect x="${layout.picture[0] * sx}" y="${layout.picture[1] * sy}" width="${layout.picture[2] * sx}" height="${layout.picture[3] * sy}" fill="${layout.picture[4]}"/>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${layout.background ?? '#ffffff'}"/>${bars}${pic}</svg>`;
}

export async function renderSlide(
  layout: SlideLayout,
  format: 'png' | 'jpeg' = 'png',
  width = 1280,
  height = 720,
): Promise<Buffer> {
  const img = sharp(Buffer.from(slideSvg(layout, width, height)));
  return format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 85 }).toBuffer();
}

/** The same picture re-encoded the way a video pipeline mangles it: downscaled, darker, low-quality JPEG. */
export async function degrade(image: Buffer): Promise<Buffer> {
  const meta = await sharp(image).metadata();
  return sharp(image)
    .resize(Math.round((meta.width ?? 1280) * 0.6))
    .modulate({ brightness: 0.92 })
    .jpeg({ quality: 35 })
    .toBuffer();
}

export function solidImage(
  r: number,
  g: number,
  b: number,
  width = 320,
  height = 240,
  format: 'png' | 'jpeg' = 'png',
): Promise<Buffer> {
  const img = sharp({ create: { width, height, channels: 3, background: { r, g, b } } });
  return format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 100 }).toBuffer();
}

/** A few distinct slide layouts (title + bullets, two columns, picture, code-like dark). */
export const SAMPLE_LAYOUTS: SlideLayout[] = [
  {
    lines: [
      [100, 60, 900],
      [140, 200, 700],
      [140, 260, 820],
      [140, 320, 640],
      [140, 380, 760],
    ],
  },
  {
    lines: [
      [100, 60, 600],
      [80, 200, 500],
      [80, 260, 480],
      [700, 200, 500],
      [700, 260, 420],
      [700, 320, 460],
    ],
  },
  {
    lines: [
      [100, 60, 800],
      [100, 560, 500],
    ],
    picture: [300, 160, 680, 360, '#3a7bd5'],
  },
  {
    background: '#1e1e2e',
    ink: '#a6e3a1',
    lines: [
      [60, 80, 300],
      [100, 130, 520],
      [100, 180, 440],
      [140, 230, 600],
      [100, 280, 200],
      [60, 330, 120],
    ],
  },
  {
    background: '#fdf6e3',
    ink: '#073642',
    lines: [
      [400, 300, 480],
      [520, 380, 240],
    ],
  },
];
