import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { UserError } from '../core/user-error.ts';
import { ffmpegPath } from './ffmpeg-path.ts';
import { lastErrorLine, runTool } from './run-tool.ts';

/**
 * Writes one JPEG per requested time: a full-size one (at most 1280 px wide, for OCR and
 * embeddings) and a thumbnail (320 px, for the timeline). Seeks per frame instead of
 * decoding the whole file again, one ffmpeg per core at a time.
 */
export async function extractKeyframes(
  file: string,
  times: readonly number[],
  outDir: string,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<Array<{ image: string; thumbnail: string }>> {
  await mkdir(outDir, { recursive: true });
  const results = new Array<{ image: string; thumbnail: string }>(times.length);
  let next = 0;
  let done = 0;
  // A seek and one decoded frame per slide: mostly waiting on one ffmpeg each, so a few run at once.
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < times.length) {
      const i = next++;
      try {
        results[i] = await extractOne(file, times[i], i, outDir, options.signal);
      } catch (error) {
        failed = true; // the other lanes stop after their current frame
        throw error;
      }
      options.onProgress?.(++done, times.length);
    }
  };
  const lanes = Math.max(1, Math.min(times.length, availableParallelism()));
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}

async function extractOne(
  file: string,
  time: number,
  i: number,
  outDir: string,
  signal?: AbortSignal,
): Promise<{ image: string; thumbnail: string }> {
  const image = path.join(outDir, `slide-${String(i).padStart(4, '0')}.jpg`);
  const thumbnail = path.join(outDir, `thumb-${String(i).padStart(4, '0')}.jpg`);
  const result = await runTool(
    ffmpegPath(),
    [
      '-v',
      'error',
      '-nostdin',
      '-y',
      '-ss',
      time.toFixed(3),
      '-i',
      file,
      '-frames:v',
      '1',
      '-filter_complex',
      "[0:v]scale='min(1280,iw)':-2,split=2[a][b];[b]scale=320:-2[t]",
      '-map',
      '[a]',
      '-q:v',
      '3',
      image,
      '-map',
      '[t]',
      '-frames:v',
      '1',
      '-q:v',
      '5',
      thumbnail,
    ],
    { signal },
  );
  if (result.code !== 0 || !existsSync(image)) {
    throw new UserError(
      'keyframe-failed',
      `Could not read a frame at ${time.toFixed(1)} s: ${lastErrorLine(result.stderr)}`,
    );
  }
  return { image, thumbnail };
}
