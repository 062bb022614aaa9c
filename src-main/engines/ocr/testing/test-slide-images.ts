/**
 * For tests: renders slide-like PNGs with ffmpeg's drawtext (DejaVu fonts), so OCR tests
 * carry their own inputs and know the exact text on them.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ffmpegPath } from '../../../media/ffmpeg-path.ts';

export const FONT_REGULAR = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
export const FONT_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

export interface SlideTextSpec {
  text: string;
  x: number;
  y: number;
  size: number;
  bold?: boolean;
  /** ffmpeg colour, e.g. "black", "white", "0x333333". */
  color?: string;
}

export interface SlideSpec {
  width: number;
  height: number;
  background: string;
  texts: SlideTextSpec[];
}

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), ['-nostdin', '-v', 'error', '-y', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg failed (${code}): ${err}`))));
  });
}

/**
 * Writes `<dir>/<name>.png`. Each text goes through a textfile so nothing needs escaping
 * in the filter graph.
 */
export async function renderSlide(dir: string, name: string, spec: SlideSpec): Promise<string> {
  const filters: string[] = [];
  for (const [i, t] of spec.texts.entries()) {
    const textFile = path.join(dir, `${name}-text-${i}.txt`);
    await writeFile(textFile, t.text);
    filters.push(
      `drawtext=fontfile=${t.bold ? FONT_BOLD : FONT_REGULAR}:textfile=${textFile}:fontsize=${t.size}:x=${t.x}:y=${t.y}:fontcolor=${t.color ?? 'black'}`,
    );
  }
  const out = path.join(dir, `${name}.png`);
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `color=c=${spec.background}:s=${spec.width}x${spec.height}`,
    '-vf',
    filters.join(',') || 'null',
    '-frames:v',
    '1',
    out,
  ]);
  return out;
}

/** Re-encodes a PNG as JPEG (the frame sampler's format). */
export async function toJpeg(png: string): Promise<string> {
  const out = png.replace(/\.png$/, '.jpg');
  await ffmpeg(['-i', png, '-q:v', '2', out]);
  return out;
}
