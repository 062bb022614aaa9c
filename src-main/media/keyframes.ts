import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../core/user-error.ts';
import { ffmpegPath } from './ffmpeg-path.ts';
import { lastErrorLine, runTool } from './run-tool.ts';

/** Keyframe times are rounded to this many frames a second (a neighbouring frame shows the same slide). */
const PICK_FPS = 4;
/** Frames picked per ffmpeg pass: keeps the select expression (and the command line) short. */
const FRAMES_PER_PASS = 300;

export interface KeyframeOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Decoder threads for ffmpeg (default: its own choice); fewer while speech recognition runs beside. */
  threads?: number;
}

const imageName = (i: number) => `slide-${String(i).padStart(4, '0')}.jpg`;
const thumbnailName = (i: number) => `thumb-${String(i).padStart(4, '0')}.jpg`;

/**
 * Writes one JPEG per requested time: a full-size one (at most 1280 px wide, for OCR and
 * embeddings) and a thumbnail (320 px, for the timeline). The file is decoded once, start to
 * end, and the frames at the times asked are picked on the way: a seek per slide decodes from
 * the keyframe before it every time, which on a recording with sparse keyframes (every 125 s
 * in a screen recording) cost ~20x more (bench/pipeline.ts, "keyframes").
 */
export async function extractKeyframes(
  file: string,
  times: readonly number[],
  outDir: string,
  options: KeyframeOptions = {},
): Promise<Array<{ image: string; thumbnail: string }>> {
  await mkdir(outDir, { recursive: true });
  // Each distinct frame is decoded and written once; times that round to the same frame share it.
  const frameOf = times.map((t) => Math.max(0, Math.round(t * PICK_FPS)));
  const frames = [...new Set(frameOf)].sort((a, b) => a - b);
  const written = new Map<number, { image: string; thumbnail: string }>();
  let done = 0;
  for (let from = 0; from < frames.length; from += FRAMES_PER_PASS) {
    const batch = frames.slice(from, from + FRAMES_PER_PASS);
    const prefix = path.join(outDir, `pass-${from}-`);
    await pickFrames(file, batch, prefix, {
      ...options,
      onProgress: (n) => options.onProgress?.(Math.min(times.length, done + n), times.length),
    });
    batch.forEach((frame, k) => {
      const image = `${prefix}${imageName(k)}`;
      const thumbnail = `${prefix}${thumbnailName(k)}`;
      if (existsSync(image) && existsSync(thumbnail)) written.set(frame, { image, thumbnail });
    });
    done += batch.length;
  }
  const results: Array<{ image: string; thumbnail: string }> = [];
  const placed = new Map<number, { image: string; thumbnail: string }>();
  for (const [i, time] of times.entries()) {
    const image = path.join(outDir, imageName(i));
    const thumbnail = path.join(outDir, thumbnailName(i));
    const first = placed.get(frameOf[i]);
    if (first) {
      // A later time on a frame already placed gets copies of its files.
      await Promise.all([copyFile(first.image, image), copyFile(first.thumbnail, thumbnail)]);
    } else {
      // A picture too short for the frame-rate filter (one still frame over a long talk) gives it
      // no frame: that time is read by seeking to it instead.
      const picked = written.get(frameOf[i]) ?? (await seekOne(file, time, `${outDir}/seek-${i}-`, options.signal));
      await Promise.all([rename(picked.image, image), rename(picked.thumbnail, thumbnail)]);
    }
    placed.set(frameOf[i], { image, thumbnail });
    results.push({ image, thumbnail });
  }
  options.onProgress?.(times.length, times.length);
  return results;
}

/** Reads the frame at `time` by seeking to it: the image and the thumbnail, as `<prefix>slide-0000.jpg` and so on. */
async function seekOne(
  file: string,
  time: number,
  prefix: string,
  signal?: AbortSignal,
): Promise<{ image: string; thumbnail: string }> {
  const image = `${prefix}${imageName(0)}`;
  const thumbnail = `${prefix}${thumbnailName(0)}`;
  const result = await runTool(
    ffmpegPath(),
    [
      ...['-v', 'error', '-nostdin', '-y', '-ss', time.toFixed(3), '-i', file, '-frames:v', '1'],
      ...['-filter_complex', "[0:v]scale='min(1280,iw)':-2,split=2[a][b];[b]scale=320:-2[t]"],
      ...['-map', '[a]', '-q:v', '3', image, '-map', '[t]', '-frames:v', '1', '-q:v', '5', thumbnail],
    ],
    { signal },
  );
  if (signal?.aborted) throw new UserError('cancelled', 'Reading the slide keyframes was cancelled.');
  if (result.code !== 0 || !existsSync(image) || !existsSync(thumbnail)) {
    throw new UserError(
      'keyframe-failed',
      `Could not read a frame at ${time.toFixed(1)} s: ${result.code !== 0 ? lastErrorLine(result.stderr) : 'the picture ends before it'}.`,
      'The file may be cut short; copy it again.',
    );
  }
  return { image, thumbnail };
}

/** One ffmpeg pass writing the frames numbered `frames` (at PICK_FPS) as `<prefix>slide-NNNN.jpg` and thumbnails. */
function pickFrames(
  file: string,
  frames: readonly number[],
  prefix: string,
  options: { signal?: AbortSignal; onProgress?: (written: number) => void; threads?: number },
): Promise<void> {
  const select = frames.map((n) => `eq(n\\,${n})`).join('+');
  const args = [
    ...['-v', 'error', '-nostdin', '-y', '-progress', 'pipe:1'],
    ...(options.threads ? ['-threads', String(options.threads)] : []),
    // As in the frame sampler: B-frames are not decoded, a neighbouring frame shows the same slide.
    ...['-skip_frame', 'bidir', '-i', file, '-an', '-sn', '-dn'],
    '-filter_complex',
    `[0:v]fps=${PICK_FPS},select='${select}',scale='min(1280,iw)':-2,split=2[a][b];[b]scale=320:-2[t]`,
    ...['-map', '[a]', '-fps_mode', 'passthrough', '-q:v', '3', '-start_number', '0', `${prefix}slide-%04d.jpg`],
    ...['-map', '[t]', '-fps_mode', 'passthrough', '-q:v', '5', '-start_number', '0', `${prefix}thumb-%04d.jpg`],
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let cancelled = false;
    const abort = () => {
      cancelled = true;
      child.kill('SIGKILL');
    };
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    let progress = '';
    child.stdout.on('data', (chunk: Buffer) => {
      progress = (progress + chunk.toString()).slice(-4000);
      // -progress writes key=value blocks; frame= counts the frames written to the first output.
      const counts = [...progress.matchAll(/^frame=(\d+)$/gm)];
      if (counts.length) options.onProgress?.(Number(counts[counts.length - 1][1]));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', abort);
      if (cancelled) return reject(new UserError('cancelled', 'Reading the slide keyframes was cancelled.'));
      if (code !== 0) {
        return reject(new UserError('keyframe-failed', `Could not read the slide keyframes: ${lastErrorLine(stderr)}`));
      }
      resolve();
    });
  });
}
