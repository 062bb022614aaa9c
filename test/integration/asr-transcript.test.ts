import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_FIXTURE,
  FIXTURE_SENTENCE,
  whisperFixturePath,
} from '../../src-main/engines/asr/testing/ggml-fixture.ts';
import { ffmpegPath } from '../../src-main/media/ffmpeg-path.ts';
import { runTool } from '../../src-main/media/run-tool.ts';
import { importModel } from '../../src-main/models/index.ts';
import type { Db } from '../../src-main/store/database.ts';
import { readTranscript } from '../../src-main/store/lecture-content-store.ts';
import { findLectureByPath } from '../../src-main/store/lectures-store.ts';
import { sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';
import { openTestLibrary, type TestLibrary } from '../fixtures/test-library.ts';

describe('a lecture without subtitles is transcribed by whisper.cpp when a speech model is installed', () => {
  let library: TestLibrary;
  let db: Db;
  let dataDir: string;
  let video: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const sample = await sharedSampleLecture();
    const media = await tempDir();
    cleanups.push(media.cleanup);
    library = await openTestLibrary();
    ({ db, dataDir } = library);
    // The first 40 seconds: long enough for two chunks of speech, short enough for a test.
    video = path.join(media.dir, 'no subtitles.mp4');
    const cut = await runTool(ffmpegPath(), ['-v', 'error', '-y', '-i', sample.video, '-t', '40', '-c', 'copy', video]);
    if (cut.code !== 0) throw new Error(cut.stderr);
  }, 120_000);

  afterAll(async () => {
    await library?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  it('says how to get a transcript while no model is installed', async () => {
    const summary = await library.index([video]);
    const outcome = summary.outcomes[0];
    expect(outcome.status).toBe('indexed');
    if (outcome.status !== 'failed') expect(outcome.warnings.join(' ')).toMatch(/lectern models install/);
    expect(readTranscript(db, findLectureByPath(db, video)!.id)).toEqual([]);
  });

  it(
    'transcribes with the model once it is imported, re-running only what depends on the transcript',
    { timeout: 300_000 },
    async () => {
      // A generated ggml model with the real whisper.cpp layout whose greedy output is known.
      // One encoder layer keeps it quick; the decoding is the same.
      await importModel(dataDir, whisperFixturePath({ ...DEFAULT_FIXTURE, nLayer: 1, segmentSeconds: 25 }), {
        name: 'lecture-fixture',
      });
      const summary = await library.index([video]);
      const outcome = summary.outcomes[0];
      expect(outcome.status).toBe('indexed');
      if (outcome.status !== 'failed') expect(outcome.ran).not.toContain('frames');
      const transcript = readTranscript(db, findLectureByPath(db, video)!.id);
      expect(transcript.length).toBeGreaterThan(0);
      expect(transcript[0].text).toBe(FIXTURE_SENTENCE);
      for (let i = 1; i < transcript.length; i++)
        expect(transcript[i].start).toBeGreaterThanOrEqual(transcript[i - 1].start);
    },
  );
});
