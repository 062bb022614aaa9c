import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampleLecture } from '../../src-main/media/sample-lecture.ts';
import { ffmpegPath } from '../../src-main/media/ffmpeg-path.ts';
import { runTool } from '../../src-main/media/run-tool.ts';
import type { IndexSummary } from '../../src-main/api/lectern-service.ts';
import type { Db } from '../../src-main/store/database.ts';
import { readSlides } from '../../src-main/store/lecture-content-store.ts';
import { findLectureByPath } from '../../src-main/store/lectures-store.ts';
import { sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';
import { openTestLibrary, type TestLibrary } from '../fixtures/test-library.ts';

async function ffmpeg(...args: string[]): Promise<void> {
  const result = await runTool(ffmpegPath(), ['-v', 'error', '-y', ...args]);
  if (result.code !== 0) throw new Error(result.stderr);
}

describe('recordings students really have', () => {
  let sample: SampleLecture;
  let folder: string;
  let library: TestLibrary;
  let db: Db;
  let summary: IndexSummary;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    sample = await sharedSampleLecture();
    const media = await tempDir();
    cleanups.push(media.cleanup);
    folder = media.dir;
    const at = (name: string) => path.join(folder, name);
    await ffmpeg('-i', sample.video, '-an', '-c:v', 'copy', at('silent screen recording.mp4'));
    await ffmpeg(
      '-i',
      sample.video,
      '-c:v',
      'libvpx-vp9',
      '-deadline',
      'realtime',
      '-cpu-used',
      '8',
      '-b:v',
      '200k',
      '-c:a',
      'libopus',
      at('exported.webm'),
    );
    await ffmpeg('-i', sample.video, '-c:v', 'mpeg4', '-q:v', '8', '-c:a', 'libmp3lame', at('old camcorder.mkv'));
    // A speaker moving in front of a plain wall, talking (a tone stands in for the voice): no slides.
    await ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'color=c=0x667788:s=640x360:d=40:r=10',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=s=160x200:d=40:r=10',
      '-f',
      'lavfi',
      '-i',
      'sine=f=180:d=40',
      '-filter_complex',
      "[0:v][1:v]overlay=x='240+60*sin(t)':y=100[v]",
      '-map',
      '[v]',
      '-map',
      '2:a',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-c:a',
      'aac',
      '-shortest',
      at('talking head.mp4'),
    );
    library = await openTestLibrary();
    db = library.db;
    summary = await library.index([folder]);
  }, 600_000);

  afterAll(async () => {
    await library?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  const lecture = (name: string) => findLectureByPath(db, path.join(folder, name))!;

  it('indexes every one of them', () => {
    expect(summary.failed).toBe(0);
    expect(summary.indexed).toBe(4);
  });

  it('reads VP9/Opus WebM and MPEG-4/MP3 Matroska like any MP4, finding the same slides', () => {
    for (const name of ['exported.webm', 'old camcorder.mkv']) {
      const slides = readSlides(db, lecture(name).id);
      expect(slides).toHaveLength(sample.slides.length);
      slides.forEach((s, i) => expect(Math.abs(s.start - sample.slides[i].start)).toBeLessThanOrEqual(1.5));
    }
  });

  it('indexes a video without sound, saying there is no audio', () => {
    const row = lecture('silent screen recording.mp4');
    expect(row.has_audio).toBe(0);
    const outcome = summary.outcomes.find((o) => o.file.endsWith('silent screen recording.mp4'))!;
    if (outcome.status !== 'failed') expect(outcome.warnings).toContain('no audio track');
    expect(readSlides(db, row.id)).toHaveLength(sample.slides.length);
  });

  it('gives a talking head without slides one visual span, not a slide per movement', () => {
    const row = lecture('talking head.mp4');
    expect(row.status).toBe('ready');
    expect(readSlides(db, row.id).length).toBeLessThanOrEqual(2);
  });
});
