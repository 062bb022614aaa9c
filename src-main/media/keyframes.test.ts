import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/fixtures/sample-media.ts';
import { UserError } from '../core/user-error.ts';
import { ffmpegPath } from './ffmpeg-path.ts';
import { decodeGreyRasters } from './grey-rasters.ts';
import { extractKeyframes } from './keyframes.ts';
import { probeMedia } from './probe.ts';

describe('extractKeyframes', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let video: string;

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('lectern-keyframes-'));
    video = path.join(dir, 'clip.mp4');
    execFileSync(ffmpegPath(), [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=6:size=640x360:rate=10'],
      ...['-pix_fmt', 'yuv420p', video],
    ]);
  });
  afterAll(() => cleanup());

  it('writes an image and a 320 px thumbnail per time, in the order asked, with progress', async () => {
    const progress: number[] = [];
    const frames = await extractKeyframes(video, [4.5, 0.5, 2, 3, 5.2], path.join(dir, 'out'), {
      onProgress: (done, total) => {
        expect(total).toBe(5);
        progress.push(done);
      },
    });
    expect(frames.map((f) => path.basename(f.image))).toEqual([0, 1, 2, 3, 4].map((i) => `slide-000${i}.jpg`));
    for (const frame of frames) {
      expect(existsSync(frame.image)).toBe(true);
      const image = await probeMedia(frame.image);
      const thumbnail = await probeMedia(frame.thumbnail);
      expect(image.width).toBe(640);
      expect(thumbnail.width).toBe(320);
    }
    expect(progress.at(-1)).toBe(5);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('picks the frame shown at each time from one decode, also when two times fall on one frame', async () => {
    // Each second of this clip is one flat grey level: the picked frame's level says which second it came from.
    const steps = path.join(dir, 'steps.mp4');
    const levels = [20, 70, 120, 170, 220, 250];
    const sources = levels.flatMap((level) => [
      '-f',
      'lavfi',
      '-i',
      `color=c=0x${level.toString(16).repeat(3)}:size=320x180:rate=10:duration=1`,
    ]);
    execFileSync(ffmpegPath(), [
      ...['-v', 'error', ...sources],
      ...[
        '-filter_complex',
        `${levels.map((_, i) => `[${i}:v]`).join('')}concat=n=${levels.length}:v=1[v]`,
        '-map',
        '[v]',
      ],
      ...['-pix_fmt', 'yuv420p', steps],
    ]);
    const times = [3.5, 0.5, 5.4, 3.6];
    const frames = await extractKeyframes(steps, times, path.join(dir, 'steps'));
    const rasters = await decodeGreyRasters(
      frames.map((f) => f.thumbnail),
      { width: 8, height: 8 },
    );
    const seconds = rasters.map((raster) => {
      const mean = raster.reduce((sum, v) => sum + v, 0) / raster.length;
      return levels.reduce((best, level, i) => (Math.abs(level - mean) < Math.abs(levels[best] - mean) ? i : best), 0);
    });
    expect(seconds).toEqual([3, 0, 5, 3]);
    expect(new Set(frames.map((f) => f.image)).size).toBe(4);
  });

  it('reads the one picture of a still over a long sound track (too short for the frame-rate filter)', async () => {
    const still = path.join(dir, 'still.mp4');
    execFileSync(ffmpegPath(), [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'color=c=white:size=320x180:duration=0.04:rate=25'],
      ...['-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '8'],
      ...['-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', still],
    ]);
    const [frame] = await extractKeyframes(still, [0], path.join(dir, 'still'));
    const [image, thumbnail] = await decodeGreyRasters([frame.image, frame.thumbnail], { width: 8, height: 8 });
    expect(Math.min(...image, ...thumbnail)).toBeGreaterThan(240); // the white picture
  });

  it('fails with a clear error for a time the file does not reach', async () => {
    const error = await extractKeyframes(video, [1, 60], path.join(dir, 'late')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('keyframe-failed');
    expect((error as UserError).message).toMatch(/60\.0 s/);
  });
});
