import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { ProgressEvent, StageName } from '../core/domain-types.ts';
import { STAGE_ORDER } from '../core/stage-order.ts';
import { isUserError, UserError } from '../core/user-error.ts';
import { probeMedia } from '../media/probe.ts';
import { cacheDir } from '../store/data-dir.ts';
import type { Db } from '../store/database.ts';
import { setLectureFile, setLectureMedia, setLectureStatus, type LectureRow } from '../store/lectures-store.ts';
import {
  forgetPartialStageRun,
  forgetStageRuns,
  partialStageRun,
  recordPartialStageRun,
  recordStageRun,
  stageKeyOf,
} from '../store/stage-runs-store.ts';
import { defaultAsrThreads } from '../engines/asr/index.ts';
import { contentHash } from './content-hash.ts';
import { sharedOcrEngine, sharedTextEmbedder } from './engine-registry.ts';
import { lectureForPath } from './lecture-identity.ts';
import type {
  IndexSettings,
  LectureMedia,
  Stage,
  StageCheckpoint,
  StageContext,
  StageCursor,
  TranscribeMedia,
} from './stage.ts';
import { audioStage } from './stages/audio-stage.ts';
import { deckStage } from './stages/deck-stage.ts';
import { framesStage } from './stages/frames-stage.ts';
import { embedStage } from './stages/embed-stage.ts';
import { ocrStage } from './stages/ocr-stage.ts';
import { pictureSegmentStage, provisionalSegmentStage, segmentStage } from './stages/segment-stage.ts';
import { transcriptStage } from './stages/transcript-stage.ts';

const STAGES: Record<Exclude<StageName, 'probe'>, Stage<unknown>> = {
  audio: audioStage as Stage<unknown>,
  transcript: transcriptStage as Stage<unknown>,
  frames: framesStage as Stage<unknown>,
  ocr: ocrStage as Stage<unknown>,
  embed: embedStage as Stage<unknown>,
  segment: segmentStage as Stage<unknown>,
  deck: deckStage as Stage<unknown>,
};

/** The stages after probe, in the one order core/stage-order.ts gives (the window reads the same order). */
export const PIPELINE: ReadonlyArray<Stage<unknown>> = STAGE_ORDER.slice(1).map(
  (name) => STAGES[name as Exclude<StageName, 'probe'>],
);

const PROBE_VERSION = 1;

export type LectureOutcome =
  | { file: string; lectureId: number; status: 'indexed' | 'unchanged'; ran: StageName[]; warnings: string[] }
  | { file: string; lectureId: number | null; status: 'failed'; reason: string; hint?: string };

/** A stage stored part of its result before ending: the media up to `covered` seconds is done. */
export interface PartialEvent {
  lectureId: number;
  stage: StageName;
  covered: number;
}

export interface LectureJob {
  db: Db;
  dataDir: string;
  file: string;
  folderId: number | null;
  settings: IndexSettings;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** A batch of a stage's result is stored and readable (the transcript so far, while speech recognition runs). */
  onPartial?: (event: PartialEvent) => void;
  /** The speech recogniser; whisper.cpp when absent (tests hold it, or give it short chunks). */
  transcribe?: TranscribeMedia;
}

const chainKey = (...parts: Array<string | number>) =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);

/**
 * Starts the OCR and text engines (worker threads, models) ahead of the stages that need them,
 * so they find them ready. A failed start is not cached by the registry: the stage that needs
 * the engine starts it again and reports its error.
 */
function startEnginesEarly(media: LectureMedia, dataDir: string): void {
  if (media.hasVideo) sharedOcrEngine().catch(() => undefined);
  sharedTextEmbedder(dataDir).catch(() => undefined);
}

const pipelineIndex = (name: StageName) => STAGE_ORDER.indexOf(name);

/**
 * The stages up to the first chapters (from the slide spans): the engines start after them, as
 * starting them meanwhile (worker threads, models) took the core those stages run on.
 */
const AHEAD_OF_FIRST_CHAPTERS: ReadonlySet<Stage<unknown>> = new Set([
  transcriptStage,
  audioStage,
  framesStage,
  pictureSegmentStage,
] as Array<Stage<unknown>>);

/** The cores speech recognition leaves to the stages running beside it (whisper's threads busy-wait: never oversubscribe). */
const threadsBesideAsr = () => Math.max(1, availableParallelism() - defaultAsrThreads());

/**
 * Runs the pipeline for one file. Each stage's result is cached under a key made from the
 * content hash, its settings and the keys of the stages it reads, so a changed file or
 * setting re-runs exactly the stages it affects, and a crash resumes at the first stage
 * without a result.
 *
 * Speech recognition (a stage that `runsBeside`) starts first and runs in its own process while
 * the stages that do not read the transcript go on, on the cores it leaves; it stores the
 * transcript in batches as it goes. Meanwhile provisional chapters are made as soon as the
 * slides are found (spans, sound) and again once they are read (their words), so a lecture is
 * browsable long before its speech is done; the final chapters replace them.
 */
export async function indexLecture(job: LectureJob): Promise<LectureOutcome> {
  const { db, file } = job;
  let lecture: LectureRow | undefined;
  const emit = (stage: ProgressEvent['stage'], done: number, total: number, message?: string) =>
    job.onProgress?.({ lectureId: lecture?.id ?? null, file, stage, done, total, message });
  // Stops the stages of this lecture: the caller's signal, or a stage beside the others that failed.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  job.signal?.addEventListener('abort', onAbort, { once: true });
  if (job.signal?.aborted) stop.abort();
  let beside: { name: StageName; done: Promise<void> } | null = null;
  let besideError: unknown = null;
  try {
    lecture = await lectureForPath(db, file, job.folderId);
    const lectureId = lecture.id;
    emit('probe', 0, 1);
    const hash = await currentContentHash(db, lecture);
    const probeKey = chainKey(hash, 'probe', PROBE_VERSION);
    let media: LectureMedia;
    const ran: StageName[] = [];
    if (stageKeyOf(db, lectureId, 'probe') === probeKey && lecture.duration !== null) {
      media = { duration: lecture.duration, hasVideo: lecture.has_video === 1, hasAudio: lecture.has_audio === 1 };
    } else {
      const info = await probeMedia(file, job.signal);
      media = { duration: info.duration, hasVideo: info.hasVideo, hasAudio: info.hasAudio };
      db.transaction(() => {
        setLectureMedia(db, lectureId, media);
        recordStageRun(db, lectureId, 'probe', probeKey, info);
      })();
      ran.push('probe');
    }
    emit('probe', 1, 1);

    const warnings: string[] = [];
    const keys = new Map<StageName, string>([['probe', probeKey]]);
    const contextOf = (stage: Stage<unknown>, key: string): StageContext => ({
      db,
      lectureId,
      file,
      dataDir: job.dataDir,
      workDir: path.join(cacheDir(job.dataDir), `lecture-${lectureId}`),
      media,
      settings: job.settings,
      signal: stop.signal,
      threads: beside && beside.name !== stage.name ? threadsBesideAsr() : undefined,
      progress: (done, total) => emit(stage.name, done, total),
      transcribe: job.transcribe,
      checkpoint: checkpointOf(db, lectureId, stage.name, key, (covered) =>
        job.onPartial?.({ lectureId, stage: stage.name, covered }),
      ),
    });
    const keyOf = (stage: Stage<unknown>) => {
      const inputs = ['probe' as const, ...stage.dependsOn].map((name) => keys.get(name) ?? 'missing');
      return chainKey(...inputs, stage.name, stage.version, stage.settingsKey(contextOf(stage, '')));
    };
    let statusSet = false;
    let enginesStarted = false;
    const runStage = async (stage: Stage<unknown>, key: string, final = true) => {
      if (!statusSet) {
        setLectureStatus(db, lectureId, 'indexing');
        statusSet = true;
        // Attaching or detaching slides re-runs the deck stage alone: it starts what it needs.
        if (stage.name === 'deck') enginesStarted = true;
      }
      if (!enginesStarted && !AHEAD_OF_FIRST_CHAPTERS.has(stage)) {
        enginesStarted = true;
        startEnginesEarly(media, job.dataDir);
      }
      emit(stage.name, 0, 1);
      if (stop.signal.aborted) throw new UserError('cancelled', 'Indexing was cancelled.');
      const ctx = contextOf(stage, key);
      const result = await stage.compute(ctx);
      const summary = stage.summarize(result);
      db.transaction(() => {
        stage.persist(ctx, result);
        recordStageRun(db, lectureId, stage.name, key, summary);
        forgetPartialStageRun(db, lectureId, stage.name);
      })();
      if (final) {
        warnings.push(...(summary.warnings ?? []));
        ran.push(stage.name);
      }
      emit(stage.name, 1, 1);
    };

    // A stage that runs beside the others and reads nothing but the probe (speech recognition)
    // starts first: it is the long pole, and the stages ahead of it in the order do not feed it.
    const startsFirst = (stage: Stage<unknown>) =>
      stage.dependsOn.length === 0 && stage.runsBeside?.(contextOf(stage, '')) === true;
    const order = [...PIPELINE.filter(startsFirst), ...PIPELINE.filter((stage) => !startsFirst(stage))];
    const currentKey = (stage: Stage<unknown>) => stageKeyOf(db, lectureId, stage.name) === keyOf(stage);
    // Chapters from what is there while the rest is made: from the slide spans and the sound as
    // soon as the slides are found, and, while speech recognition runs, again once they are read.
    const provisionalChapters = async (after: StageName, ran: boolean) => {
      let provisional: Stage<unknown> | null = null;
      if (after === 'frames' && (beside || ran) && !currentKey(ocrStage as Stage<unknown>)) {
        provisional = pictureSegmentStage;
      } else if (after === 'ocr' && beside) {
        provisional = provisionalSegmentStage;
      }
      if (!provisional) return;
      const key = keyOf(provisional);
      if (stageKeyOf(db, lectureId, 'segment') !== key) await runStage(provisional, key, false);
    };

    for (const stage of order) {
      const key = keyOf(stage);
      keys.set(stage.name, key);
      const running = beside;
      if (running && stage.dependsOn.includes(running.name)) {
        await running.done;
        beside = null;
        if (besideError) throw besideError;
      }
      const cached = stageKeyOf(db, lectureId, stage.name) === key;
      if (!cached) {
        if (!beside && stage.runsBeside?.(contextOf(stage, key))) {
          const done = runStage(stage, key).catch((error: unknown) => {
            besideError = error;
            stop.abort(); // the lecture fails: the other stages stop too
          });
          beside = { name: stage.name, done };
          continue;
        }
        await runStage(stage, key);
      }
      await provisionalChapters(stage.name, !cached);
    }
    if (beside) {
      await beside.done;
      if (besideError) throw besideError;
    }
    ran.sort((a, b) => pipelineIndex(a) - pipelineIndex(b));
    const unchanged = ran.length === 0;
    setLectureStatus(db, lectureId, 'ready');
    emit('done', 1, 1);
    return { file, lectureId, status: unchanged ? 'unchanged' : 'indexed', ran, warnings };
  } catch (thrown) {
    stop.abort();
    if (beside) await beside.done;
    // A stage beside the others that failed is the cause; the others only stopped for it.
    const error = besideError ?? thrown;
    const cancelled = job.signal?.aborted === true;
    const reason = isUserError(error) ? error.message : `internal error: ${(error as Error).message}`;
    if (!isUserError(error) && process.env.LECTERN_DEBUG) console.error(error);
    if (lecture) setLectureStatus(db, lecture.id, cancelled ? 'queued' : 'failed', cancelled ? null : reason);
    emit('failed', 1, 1, reason);
    return {
      file,
      lectureId: lecture?.id ?? null,
      status: 'failed',
      reason: cancelled ? 'cancelled' : reason,
      hint: isUserError(error) ? error.hint : undefined,
    };
  } finally {
    job.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The checkpoint a stage stores batches through: each batch and its cursor in one transaction,
 * under the stage's key (a cursor under another key is from an older run and starts over).
 */
function checkpointOf(
  db: Db,
  lectureId: number,
  stage: StageName,
  key: string,
  onSaved: (covered: number) => void,
): StageCheckpoint {
  const partial = partialStageRun(db, lectureId, stage);
  return {
    previous: key && partial?.stageKey === key ? (partial.cursor as StageCursor) : undefined,
    begin(cursor, clear) {
      db.transaction(() => {
        clear();
        forgetStageRuns(db, lectureId, [stage]);
        recordPartialStageRun(db, lectureId, stage, key, cursor);
      })();
      onSaved(cursor.covered);
    },
    save(cursor, write) {
      db.transaction(() => {
        write();
        recordPartialStageRun(db, lectureId, stage, key, cursor);
      })();
      onSaved(cursor.covered);
    },
  };
}

async function currentContentHash(db: Db, lecture: LectureRow): Promise<string> {
  let info;
  try {
    info = await stat(lecture.path);
  } catch {
    throw new UserError('file-missing', `File not found: ${lecture.path}`);
  }
  if (lecture.content_hash && lecture.size === info.size && lecture.mtime_ms === info.mtimeMs)
    return lecture.content_hash;
  let hashed;
  try {
    hashed = await contentHash(lecture.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    throw new UserError('file-unreadable', `Cannot read ${lecture.path}: ${why}`, 'Check the file permissions.');
  }
  setLectureFile(db, lecture.id, { size: hashed.size, mtimeMs: hashed.mtimeMs, contentHash: hashed.hash });
  return hashed.hash;
}
