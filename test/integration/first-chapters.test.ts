import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LectureDetail, ProgressEvent } from '../../src-main/core/domain-types.ts';
import { DEFAULT_FIXTURE, whisperFixturePath } from '../../src-main/engines/asr/testing/ggml-fixture.ts';
import { importModel } from '../../src-main/models/index.ts';
import { indexLecture, type LectureOutcome } from '../../src-main/pipeline/lecture-indexer.ts';
import type { TranscribeMedia } from '../../src-main/pipeline/stage.ts';
import { stageSummary } from '../../src-main/store/stage-runs-store.ts';
import { sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';
import { openTestLibrary, type TestLibrary } from '../fixtures/test-library.ts';

const SETTINGS = { chapterTargetSeconds: { min: 20, max: 80 } };

/**
 * The order a lecture becomes browsable in while speech recognition runs: chapters from the
 * slide spans as soon as the slides are found (before OCR starts), the same chapters refreshed
 * with the slides' words once OCR is done, the final ones after the transcript.
 */
describe('first chapters come from the slide spans, before the slides are read', () => {
  let library: TestLibrary;
  let video: string;
  let cues: Array<{ start: number; end: number; text: string }>;
  const cleanups: Array<() => Promise<void>> = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const seen: Array<{ when: string; lecture: LectureDetail; segment: Record<string, unknown> | undefined }> = [];
  let outcome: LectureOutcome;

  /** Speech recognition that says nothing until released, then the lecture's own words in one batch. */
  const heldEngine: TranscribeMedia = async (_file, options) => {
    await held;
    const segments = cues.map((c) => ({ start: c.start, end: c.end, text: c.text }));
    options.onCommit?.(segments, { nextStart: 1e9, committedUntil: cues.at(-1)?.end ?? 0, language: 'en' });
    return { language: 'en', segments, model: 'held' };
  };

  beforeAll(async () => {
    const sample = await sharedSampleLecture();
    cues = sample.cues;
    const media = await tempDir();
    cleanups.push(media.cleanup);
    // No subtitles beside it: the transcript comes from the speech model, which runs beside the rest.
    video = path.join(media.dir, 'lecture.mp4');
    await copyFile(sample.video, video);
    library = await openTestLibrary();
    await importModel(library.dataDir, whisperFixturePath({ ...DEFAULT_FIXTURE, nLayer: 1 }), { name: 'fixture' });

    const look = async (when: string, lectureId: number) => {
      seen.push({
        when,
        lecture: await library.service.getLecture({ id: lectureId }),
        segment: stageSummary<Record<string, unknown>>(library.db, lectureId, 'segment'),
      });
    };
    const looks: Array<Promise<void>> = [];
    let ocrStarted = false;
    const indexing = indexLecture({
      db: library.db,
      dataDir: library.dataDir,
      file: video,
      folderId: null,
      settings: SETTINGS,
      transcribe: heldEngine,
      onProgress: (event: ProgressEvent) => {
        if (event.lectureId === null) return;
        const lectureId = event.lectureId;
        if (event.stage === 'ocr' && event.done === 0 && !ocrStarted) {
          ocrStarted = true;
          looks.push(look('ocr starts', lectureId));
        }
        // After OCR, chapters from the slides' words: everything but the transcript is done. (The
        // stage reports its end before its result is stored too: look once the stored one is in.)
        if (event.stage === 'segment' && event.done === 1 && ocrStarted) {
          setTimeout(() => looks.push(look('slides read', lectureId).then(release)), 0);
        }
      },
    });
    void indexing.finally(release); // a broken run must not hang the suite
    outcome = await indexing;
    await Promise.all(looks);
  }, 240_000);

  afterAll(async () => {
    release();
    await library?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  it('has provisional chapters over the slide spans when OCR starts, while the transcript is still pending', () => {
    const atOcr = seen.find((s) => s.when === 'ocr starts');
    expect(atOcr, 'a look when OCR started').toBeDefined();
    const { lecture, segment } = atOcr!;
    expect(lecture.chapters.length).toBeGreaterThan(0);
    expect(lecture.readiness.chapters.kind).toBe('provisional');
    expect(segment?.provisional).toBe(true);
    expect(lecture.slides.length).toBeGreaterThan(1);
    expect(lecture.slides.every((s) => !s.text)).toBe(true); // not read yet
    expect(lecture.readiness.transcript.state).toBe('working');
    expect(lecture.readiness.transcript.seconds).toBe(0);
    // They cover the whole recording, one after the other.
    expect(lecture.chapters[0].start).toBe(0);
    expect(lecture.chapters.at(-1)!.end).toBeCloseTo(lecture.duration!, 1);
    for (let i = 1; i < lecture.chapters.length; i++) {
      expect(lecture.chapters[i].start).toBe(lecture.chapters[i - 1].end);
    }
  });

  it('refreshes the provisional chapters once the slides are read, still before any speech', () => {
    const read = seen.find((s) => s.when === 'slides read');
    expect(read, 'a look once the slides were read').toBeDefined();
    const { lecture } = read!;
    expect(lecture.readiness.slides).toBe('ready');
    expect(lecture.readiness.chapters.kind).toBe('provisional');
    expect(lecture.readiness.transcript.state).toBe('working');
    // The refreshed chapters are titled from the slide titles OCR found.
    const slideTitles = new Set(lecture.slides.map((s) => s.title).filter(Boolean));
    expect(slideTitles.size).toBeGreaterThan(0);
    expect(lecture.chapters.some((c) => slideTitles.has(c.title))).toBe(true);
    expect(lecture.readiness.search.state).not.toBe('ready'); // the search index waits for the words
  });

  it('ends with the final chapters from the transcript', async () => {
    expect(outcome.status).toBe('indexed');
    const done = await library.service.getLecture({ id: outcome.lectureId! });
    expect(done.readiness.chapters).toEqual({ state: 'ready', kind: 'final' });
    expect(stageSummary<{ provisional?: boolean }>(library.db, outcome.lectureId!, 'segment')?.provisional).toBe(
      undefined,
    );
    expect((await library.service.getTranscript({ id: outcome.lectureId! })).length).toBe(cues.length);
  });
});
