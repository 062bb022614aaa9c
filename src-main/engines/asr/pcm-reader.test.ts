import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../core/user-error.ts';
import { ffmpegPath } from '../../media/ffmpeg-path.ts';
import { PcmReader } from './pcm-reader.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-pcm-'));
const short = path.join(dir, 'short.mp3');
const medium = path.join(dir, 'medium.ogg');
const silentVideo = path.join(dir, 'video.mp4');

beforeAll(() => {
  const ffmpeg = (args: string[]) => execFileSync(ffmpegPath(), ['-loglevel', 'error', '-y', ...args]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', short]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=20', '-ac', '2', '-ar', '48000', medium]);
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=5:duration=1', '-an', silentVideo]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('PcmReader', () => {
  it('keeps every sample of a file that finished decoding before anyone read it', async () => {
    const reader = new PcmReader(short);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { samples, done } = await reader.read(16000 * 60);
    await reader.close();
    expect(done).toBe(true);
    expect(Math.abs(samples.length - 16000)).toBeLessThan(1200); // mp3 padding
  });

  it('hands out exactly the samples asked for, 16 kHz mono, until the end', async () => {
    const reader = new PcmReader(medium);
    const sizes: number[] = [];
    let total = 0;
    for (;;) {
      const { samples, done } = await reader.read(48_000);
      sizes.push(samples.length);
      total += samples.length;
      if (done) break;
    }
    await reader.close();
    expect(sizes.slice(0, -1).every((size) => size === 48_000)).toBe(true);
    expect(Math.abs(total - 20 * 16000)).toBeLessThan(400);
  });

  it('stops ffmpeg when closed half way', async () => {
    const reader = new PcmReader(medium);
    expect((await reader.read(16000)).samples.length).toBe(16000);
    await reader.close();
  });

  it('says when a file has no audio', async () => {
    const reader = new PcmReader(silentVideo);
    const error = await reader.read(16000).catch((e: unknown) => e);
    await reader.close();
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('decode-failed');
    expect((error as UserError).hint).toMatch(/no audio/);
  });
});
