import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampleLecture } from '../../src-main/media/sample-lecture.ts';
import { ffmpegPath } from '../../src-main/media/ffmpeg-path.ts';
import { runTool } from '../../src-main/media/run-tool.ts';
import type { IndexSummary } from '../../src-main/api/lectern-service.ts';
import type { Db } from '../../src-main/store/database.ts';
import { readChapters, readSlides, readTranscript } from '../../src-main/store/lecture-content-store.ts';
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
    // An audio lecture as uploaded to a video site: one picture (the title slide) over the whole talk.
    const titleCard = path.join(media.dir, '.title card.png');
    await ffmpeg('-ss', '2', '-i', sample.video, '-frames:v', '1', titleCard);
    await ffmpeg(
      '-i',
      titleCard,
      '-i',
      sample.video,
      '-map',
      '0:v',
      '-map',
      '1:a',
      '-c:v',
      'libx264',
      '-c:a',
      'aac',
      at('audio lecture.mp4'),
    );
    await copyFile(sample.subtitles, at('audio lecture.vtt'));
    // A clip of a single frame lasting a second.
    await ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'testsrc=s=320x240:r=1:d=1',
      '-frames:v',
      '1',
      '-c:v',
      'libx264',
      at('one frame.mp4'),
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
    expect(summary.indexed).toBe(6);
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

  it('takes a still picture over a long audio track as one slide and indexes the audio', () => {
    const row = lecture('audio lecture.mp4');
    expect(row.status).toBe('ready');
    expect(row.duration).toBeGreaterThan(sample.duration - 1);
    const slides = readSlides(db, row.id);
    expect(slides).toHaveLength(1);
    expect(slides[0].start).toBe(0);
    expect(slides[0].end).toBeCloseTo(row.duration!, 1);
    expect(slides[0].keyframe).toBeTruthy();
    expect(slides[0].text).toMatch(new RegExp(sample.slides[0].title.split(' ')[0], 'i'));
    expect(readTranscript(db, row.id)).toHaveLength(sample.cues.length);
    expect(readChapters(db, row.id).length).toBeGreaterThan(0);
  });

  it('reads a clip of a single frame as one slide', () => {
    const row = lecture('one frame.mp4');
    expect(row.status).toBe('ready');
    const slides = readSlides(db, row.id);
    expect(slides).toHaveLength(1);
    expect(slides[0].keyframe).toBeTruthy();
  });
});
