import { spawn } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AsrResumePoint, AsrSegment } from '../../src-main/engines/asr/index.ts';
import {
  DEFAULT_FIXTURE,
  FIXTURE_SENTENCE,
  whisperFixturePath,
} from '../../src-main/engines/asr/testing/ggml-fixture.ts';
import { transcribeMediaInChunks } from '../../src-main/engines/asr/transcribe-media.ts';
import { importModel } from '../../src-main/models/index.ts';
import { indexLecture, type LectureOutcome } from '../../src-main/pipeline/lecture-indexer.ts';
import type { TranscribeMedia } from '../../src-main/pipeline/stage.ts';
import { openDatabase } from '../../src-main/store/database.ts';
import { readChapters, readTranscript } from '../../src-main/store/lecture-content-store.ts';
import { findLectureByPath } from '../../src-main/store/lectures-store.ts';
import { partialStageRun, stageKeyOf, stageSummary } from '../../src-main/store/stage-runs-store.ts';
import { SHORT_ASR_CHUNKS } from '../fixtures/short-asr-chunks.ts';
import { sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';
import { openTestLibrary, type TestLibrary } from '../fixtures/test-library.ts';

const CHILD = fileURLToPath(new URL('../fixtures/index-with-short-chunks.ts', import.meta.url));
const SETTINGS = { chapterTargetSeconds: { min: 20, max: 80 } };

/** A generated ggml model whose greedy output is a known sentence every 25 s (one encoder layer: quick). */
const fixtureModel = () => whisperFixturePath({ ...DEFAULT_FIXTURE, nLayer: 1, segmentSeconds: 25 });

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, seconds = 120): Promise<T> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs the short-chunk indexer in a child process; with `killWhen`, kills it (SIGKILL) once that holds. */
function indexInChild(home: string, file: string, killWhen?: () => boolean): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, home, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let killed = false;
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    const poll = killWhen
      ? setInterval(() => {
          if (!killed && killWhen()) {
            killed = true;
            child.kill('SIGKILL');
          }
        }, 10)
      : null;
    child.on('error', reject);
    child.on('exit', () => {
      if (poll) clearInterval(poll);
      resolve({ killed, out });
    });
  });
}

describe('a lecture is usable while speech recognition runs', () => {
  let video: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const sample = await sharedSampleLecture();
    const media = await tempDir();
    cleanups.push(media.cleanup);
    // The recording alone, no subtitles beside it: the transcript must come from whisper.cpp.
    video = path.join(media.dir, 'no subtitles.mp4');
    await copyFile(sample.video, video);
    fixtureModel();
  }, 120_000);

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  describe('with speech recognition held after its first batch', () => {
    let library: TestLibrary;
    let release!: () => void;
    let firstBatchStored!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const firstBatch = new Promise<void>((resolve) => (firstBatchStored = resolve));
    let indexing: Promise<LectureOutcome>;

    /** The real whisper.cpp run; its batches reach the pipeline one by one, the rest only once released. */
    const heldEngine: TranscribeMedia = async (file, options) => {
      const batches: Array<[AsrSegment[], AsrResumePoint]> = [];
      const result = await transcribeMediaInChunks(
        file,
        { ...options, onCommit: (segments, resume) => batches.push([segments, resume]) },
        SHORT_ASR_CHUNKS,
      );
      for (const [i, [segments, resume]] of batches.entries()) {
        options.onCommit?.(segments, resume);
        if (i === 0) {
          firstBatchStored();
          await held;
        }
      }
      return result;
    };

    beforeAll(async () => {
      library = await openTestLibrary();
      await importModel(library.dataDir, fixtureModel(), { name: 'lecture-fixture' });
      indexing = indexLecture({
        db: library.db,
        dataDir: library.dataDir,
        file: video,
        folderId: null,
        settings: SETTINGS,
        transcribe: heldEngine,
      });
      // Released on failure too, so a broken run does not hang the suite.
      void indexing.finally(release);
    }, 120_000);

    afterAll(async () => {
      release();
      await indexing;
      await library?.close();
    });

    it(
      'shows provisional chapters from the slides, and finds what was said so far, before the transcript is done',
      { timeout: 240_000 },
      async () => {
        await firstBatch;
        const id = await until('the lecture', async () => findLectureByPath(library.db, video)?.id);
        // Provisional chapters come as soon as the slides are found; here, once they are read too.
        const lecture = await until('provisional chapters over read slides', async () => {
          const detail = await library.service.getLecture({ id });
          return detail.readiness.chapters.kind === 'provisional' && detail.readiness.slides === 'ready'
            ? detail
            : null;
        });
        expect(lecture.chapters.length).toBeGreaterThan(0);
        expect(lecture.slides.length).toBeGreaterThan(1);
        expect(lecture.readiness.slides).toBe('ready');
        expect(lecture.readiness.chapters.state).toBe('working');
        // The transcript is part-way: stored up to its first batch, the stage not recorded as done.
        expect(lecture.readiness.transcript.state).toBe('working');
        expect(lecture.readiness.transcript.seconds).toBeGreaterThan(0);
        expect(lecture.readiness.transcript.seconds).toBeLessThan(lecture.duration!);
        expect(stageKeyOf(library.db, id, 'transcript')).toBeUndefined();
        const sofar = await library.service.getTranscript({ id });
        expect(sofar.length).toBeGreaterThan(0);
        expect(sofar.every((s) => s.text === FIXTURE_SENTENCE)).toBe(true);
        // Searchable as it landed: the spoken words match before the stage ends.
        const moments = await library.service.search({ query: 'eigenvalues', lectureId: id });
        expect(moments.some((m) => m.why.includes('spoken'))).toBe(true);
        expect(lecture.readiness.search.words).toBe(true);

        release();
        const outcome = await indexing;
        expect(outcome.status).toBe('indexed');
        const done = await library.service.getLecture({ id });
        expect(done.readiness).toMatchObject({
          slides: 'ready',
          transcript: { state: 'ready', source: 'asr' },
          chapters: { state: 'ready', kind: 'final' },
          search: { state: 'ready' },
        });
        expect(stageSummary<{ provisional?: boolean }>(library.db, id, 'segment')?.provisional).toBeUndefined();
        const transcript = await library.service.getTranscript({ id });
        expect(transcript.length).toBeGreaterThan(sofar.length);
        expect(partialStageRun(library.db, id, 'transcript')).toBeUndefined();
      },
    );
  });

  it(
    'ends a run killed part-way through speech recognition exactly as an unbroken run, resuming where it stopped',
    { timeout: 400_000 },
    async () => {
      const broken = await tempDir();
      const unbroken = await tempDir();
      cleanups.push(broken.cleanup, unbroken.cleanup);
      for (const home of [broken.dir, unbroken.dir]) {
        await importModel(home, fixtureModel(), { name: 'lecture-fixture' });
      }

      // Kill -9 once at least one batch of transcript is stored and the rest is still to come.
      openDatabase(broken.dir).close(); // the schema exists before the watcher opens it read-only
      const watch = openDatabase(broken.dir, { readonly: true });
      let coveredAtKill = 0;
      const killed = await indexInChild(broken.dir, video, () => {
        const row = watch.prepare("SELECT cursor FROM partial_stage_runs WHERE stage = 'transcript'").get() as
          { cursor: string } | undefined;
        const covered = row ? (JSON.parse(row.cursor) as { covered: number }).covered : 0;
        // The recording is two minutes: a batch is stored and more are to come.
        if (covered > 0 && covered < 100) coveredAtKill = covered;
        return coveredAtKill > 0;
      });
      watch.close();
      expect(killed.killed).toBe(true);

      const afterKill = openDatabase(broken.dir);
      const id = findLectureByPath(afterKill, video)!.id;
      // Never a half-state marked done: the transcript stage has no run recorded, its cursor is kept.
      expect(stageKeyOf(afterKill, id, 'transcript')).toBeUndefined();
      expect(partialStageRun(afterKill, id, 'transcript')).toBeDefined();
      afterKill.close();
      expect(coveredAtKill).toBeGreaterThan(0);

      const resumed = await indexInChild(broken.dir, video);
      const reference = await indexInChild(unbroken.dir, video);
      expect(JSON.parse(resumed.out.trim().split('\n').pop()!).status).toBe('indexed');
      expect(JSON.parse(reference.out.trim().split('\n').pop()!).status).toBe('indexed');

      const read = (home: string) => {
        const db = openDatabase(home);
        try {
          const lecture = findLectureByPath(db, video)!.id;
          return {
            transcript: readTranscript(db, lecture),
            chapters: readChapters(db, lecture),
            resumed: stageSummary<{ resumed?: boolean }>(db, lecture, 'transcript')?.resumed ?? false,
            partial: partialStageRun(db, lecture, 'transcript'),
          };
        } finally {
          db.close();
        }
      };
      const a = read(broken.dir);
      const b = read(unbroken.dir);
      expect(a.resumed).toBe(true);
      expect(b.resumed).toBe(false);
      expect(a.partial).toBeUndefined();
      expect(a.transcript.length).toBeGreaterThan(2);
      expect(a.transcript).toEqual(b.transcript);
      expect(a.chapters).toEqual(b.chapters);
    },
  );
});
