import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ProgressEvent, StageName } from '../core/domain-types.ts';
import { STAGE_ORDER } from '../core/stage-order.ts';
import { isUserError, UserError } from '../core/user-error.ts';
import { probeMedia } from '../media/probe.ts';
import { cacheDir } from '../store/data-dir.ts';
import type { Db } from '../store/database.ts';
import { setLectureFile, setLectureMedia, setLectureStatus, type LectureRow } from '../store/lectures-store.ts';
import { recordStageRun, stageKeyOf } from '../store/stage-runs-store.ts';
import { contentHash } from './content-hash.ts';
import { sharedOcrEngine, sharedTextEmbedder } from './engine-registry.ts';
import { lectureForPath } from './lecture-identity.ts';
import type { IndexSettings, LectureMedia, Stage, StageContext } from './stage.ts';
import { audioStage } from './stages/audio-stage.ts';
import { deckStage } from './stages/deck-stage.ts';
import { framesStage } from './stages/frames-stage.ts';
import { embedStage } from './stages/embed-stage.ts';
import { ocrStage } from './stages/ocr-stage.ts';
import { segmentStage } from './stages/segment-stage.ts';
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

export interface LectureJob {
  db: Db;
  dataDir: string;
  file: string;
  folderId: number | null;
  settings: IndexSettings;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

const chainKey = (...parts: Array<string | number>) =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);

/**
 * Starts the OCR and text engines (worker threads, models) while the first stages decode the
 * file, so the later stages find them ready. A failed start is not cached by the registry:
 * the stage that needs the engine starts it again and reports its error.
 */
function startEnginesEarly(media: LectureMedia, dataDir: string): void {
  if (media.hasVideo) sharedOcrEngine().catch(() => undefined);
  sharedTextEmbedder(dataDir).catch(() => undefined);
}

/**
 * Runs the pipeline for one file. Each stage's result is cached under a key made from the
 * content hash, its settings and the keys of the stages it reads, so a changed file or
 * setting re-runs exactly the stages it affects, and a crash resumes at the first stage
 * without a result.
 */
export async function indexLecture(job: LectureJob): Promise<LectureOutcome> {
  const { db, file } = job;
  let lecture: LectureRow | undefined;
  const emit = (stage: ProgressEvent['stage'], done: number, total: number, message?: string) =>
    job.onProgress?.({ lectureId: lecture?.id ?? null, file, stage, done, total, message });
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
    let statusSet = false;
    for (const stage of PIPELINE) {
      const ctx: StageContext = {
        db,
        lectureId,
        file,
        dataDir: job.dataDir,
        workDir: path.join(cacheDir(job.dataDir), `lecture-${lectureId}`),
        media,
        settings: job.settings,
        signal: job.signal,
        progress: (done, total) => emit(stage.name, done, total),
      };
      const inputs = ['probe' as const, ...stage.dependsOn].map((name) => keys.get(name) ?? 'missing');
      const key = chainKey(...inputs, stage.name, stage.version, stage.settingsKey(ctx));
      keys.set(stage.name, key);
      if (stageKeyOf(db, lectureId, stage.name) === key) continue;
      if (!statusSet) {
        setLectureStatus(db, lectureId, 'indexing');
        statusSet = true;
        // Attaching or detaching slides re-runs the deck stage alone: it starts what it needs.
        if (stage.name !== 'deck') startEnginesEarly(media, job.dataDir);
      }
      emit(stage.name, 0, 1);
      if (job.signal?.aborted) throw new UserError('cancelled', 'Indexing was cancelled.');
      const result = await stage.compute(ctx);
      const summary = stage.summarize(result);
      db.transaction(() => {
        stage.persist(ctx, result);
        recordStageRun(db, lectureId, stage.name, key, summary);
      })();
      warnings.push(...(summary.warnings ?? []));
      ran.push(stage.name);
      emit(stage.name, 1, 1);
    }
    const unchanged = ran.length === 0;
    setLectureStatus(db, lectureId, 'ready');
    emit('done', 1, 1);
    return { file, lectureId, status: unchanged ? 'unchanged' : 'indexed', ran, warnings };
  } catch (error) {
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
  }
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
