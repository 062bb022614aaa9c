import { chmod, copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampleLecture } from '../../src-main/media/sample-lecture.ts';
import type { IndexSummary } from '../../src-main/api/lectern-service.ts';
import type { Db } from '../../src-main/store/database.ts';
import { readChapters, readSlides, readTranscript } from '../../src-main/store/lecture-content-store.ts';
import { findLectureByPath } from '../../src-main/store/lectures-store.ts';
import { copySample, sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';
import { openTestLibrary, type TestLibrary } from '../fixtures/test-library.ts';
import { ffmpegPath } from '../../src-main/media/ffmpeg-path.ts';
import { runTool } from '../../src-main/media/run-tool.ts';

async function audioOnly(from: string, to: string): Promise<void> {
  const result = await runTool(ffmpegPath(), ['-v', 'error', '-y', '-i', from, '-vn', '-c:a', 'copy', to]);
  if (result.code !== 0) throw new Error(result.stderr);
}

describe('indexing a folder of lectures end to end (real ffmpeg and SQLite)', () => {
  let sample: SampleLecture;
  let folder: string;
  let library: TestLibrary;
  let db: Db;
  let first: IndexSummary;
  let cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    sample = await sharedSampleLecture();
    const media = await tempDir();
    cleanups = [media.cleanup];
    folder = path.join(media.dir, 'Course with spaces – ünïcode');
    await copySample(sample, path.join(folder, 'week 1'), 'lecture 2');
    await copySample(sample, path.join(folder, 'week 1'), 'lecture 10');
    // Bad input next to good input: each must fail alone, with a reason.
    await writeFile(path.join(folder, 'empty.mp4'), '');
    await writeFile(path.join(folder, 'notes.mp4'), 'these are my notes, not a video');
    const bytes = await readFile(sample.video);
    await writeFile(path.join(folder, 'truncated.mp4'), bytes.subarray(0, Math.floor(bytes.length / 3)));
    const locked = path.join(folder, 'locked.mp4');
    await copyFile(sample.video, locked);
    await chmod(locked, 0o000);
    // Audio only, and a malformed sidecar.
    await audioOnly(sample.video, path.join(folder, 'podcast.m4a'));
    await writeFile(path.join(folder, 'podcast.vtt'), 'WEBVTT\n\nthis is not a cue\n\n00:00:zz --> 1\nbroken\n');
    library = await openTestLibrary();
    db = library.db;
    first = await library.index([folder]);
  }, 300_000);

  afterAll(async () => {
    await library?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  const outcome = (name: string) => first.outcomes.find((o) => path.basename(o.file) === name)!;

  it('indexes good files and fails bad ones individually, with reasons', () => {
    expect(first.outcomes.map((o) => path.basename(o.file))).toEqual([
      'empty.mp4',
      'locked.mp4',
      'notes.mp4',
      'podcast.m4a',
      'truncated.mp4',
      'lecture 2.mp4',
      'lecture 10.mp4',
    ]);
    expect(outcome('lecture 2.mp4').status).toBe('indexed');
    expect(outcome('lecture 10.mp4').status).toBe('indexed');
    expect(outcome('podcast.m4a').status).toBe('indexed');
    const reason = (name: string) => {
      const o = outcome(name);
      return o.status === 'failed' ? o.reason : `not failed: ${o.status}`;
    };
    expect(reason('empty.mp4')).toMatch(/empty/);
    expect(reason('notes.mp4')).toMatch(/Not a readable audio or video file/);
    expect(reason('truncated.mp4')).toMatch(/cut short|truncated/i);
    if (process.getuid?.() !== 0) expect(reason('locked.mp4')).toMatch(/permission denied/);
    expect(first.failed).toBe(process.getuid?.() === 0 ? 3 : 4);
  });

  it('records the failure reason on the lecture so the window can show it', () => {
    const row = findLectureByPath(db, path.join(folder, 'empty.mp4'))!;
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/empty/);
  });

  it('stores transcript, slide spans that match the real slide changes, and contiguous chapters', () => {
    const row = findLectureByPath(db, path.join(folder, 'week 1', 'lecture 2.mp4'))!;
    expect(row.status).toBe('ready');
    expect(row.duration).toBeCloseTo(sample.duration, 0);
    expect(readTranscript(db, row.id)).toHaveLength(sample.cues.length);
    const slides = readSlides(db, row.id);
    expect(slides).toHaveLength(sample.slides.length);
    slides.forEach((slide, i) => expect(Math.abs(slide.start - sample.slides[i].start)).toBeLessThanOrEqual(1.5));
    const chapters = readChapters(db, row.id);
    expect(chapters.length).toBeGreaterThanOrEqual(1);
    expect(chapters[0].start).toBe(0);
    expect(chapters[chapters.length - 1].end).toBeCloseTo(row.duration!, 3);
    for (let i = 1; i < chapters.length; i++) expect(chapters[i].start).toBe(chapters[i - 1].end);
    for (const chapter of chapters) expect(chapter.title.trim()).not.toBe('');
  });

  it('indexes an audio-only file with a malformed sidecar, and says what was wrong with it', () => {
    const o = outcome('podcast.m4a');
    expect(o.status).toBe('indexed');
    if (o.status !== 'failed') expect(o.warnings.join(' ')).toMatch(/podcast\.vtt/);
    const row = findLectureByPath(db, path.join(folder, 'podcast.m4a'))!;
    expect(row.has_video).toBe(0);
    expect(readSlides(db, row.id)).toHaveLength(1);
  });

  it('finds the moment a question is answered with full-text search', async () => {
    const moments = await library.service.search({ query: 'why reuse the Cholesky factor', limit: 5 });
    expect(moments.length).toBeGreaterThan(0);
    const reuseSlide = sample.slides.find((s) => s.title === 'Reusing the Factor')!;
    expect(moments[0].start).toBeGreaterThanOrEqual(reuseSlide.start - 1);
    expect(moments[0].start).toBeLessThan(reuseSlide.end);
  });

  it('skips unchanged files on a second run and retries the failed ones', async () => {
    const second = await library.index([folder]);
    expect(second.unchanged).toBe(process.getuid?.() === 0 ? 4 : 3); // root can read locked.mp4
    expect(second.indexed).toBe(0);
    expect(second.failed).toBe(first.failed);
  });

  it('re-runs only what a changed sidecar affects', async () => {
    const video = path.join(folder, 'week 1', 'lecture 2.mp4');
    const vtt = video.replace(/\.mp4$/, '.vtt');
    await writeFile(vtt, (await readFile(vtt, 'utf8')).replace('Welcome back.', 'Hello again.'));
    const third = await library.index([video]);
    const o = third.outcomes[0];
    expect(o.status).toBe('indexed');
    if (o.status !== 'failed') expect(o.ran).toEqual(['transcript', 'embed', 'segment', 'deck']);
  });

  it('recognises a renamed lecture by its content and keeps everything indexed for it', async () => {
    const before = findLectureByPath(db, path.join(folder, 'week 1', 'lecture 10.mp4'))!;
    const { rename } = await import('node:fs/promises');
    await rename(path.join(folder, 'week 1', 'lecture 10.mp4'), path.join(folder, 'lecture ten.mp4'));
    const again = await library.index([folder]);
    const moved = again.outcomes.find((o) => path.basename(o.file) === 'lecture ten.mp4')!;
    expect(moved.lectureId).toBe(before.id);
    // Without its sidecar beside it the transcript changes; the media stages are not redone.
    if (moved.status !== 'failed') expect(moved.ran).not.toContain('frames');
    expect(findLectureByPath(db, path.join(folder, 'week 1', 'lecture 10.mp4'))).toBeUndefined();
  });
});
