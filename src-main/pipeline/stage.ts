import type { StageName } from '../core/domain-types.ts';
import type { Db } from '../store/database.ts';

export interface LectureMedia {
  duration: number;
  hasVideo: boolean;
  hasAudio: boolean;
}

export interface IndexSettings {
  /** `--chapters N`: exact chapter count instead of the automatic choice. */
  requestedChapters?: number;
  chapterTargetSeconds: { min: number; max: number };
  /** The speech model chosen in the settings (null or absent: the best installed). */
  speechModel?: string | null;
  /** Transcribe with the speech model even when a sidecar subtitle exists. */
  transcribeDespiteSidecar?: boolean;
}

export interface StageContext {
  db: Db;
  lectureId: number;
  file: string;
  /** The library's data folder (database, models). */
  dataDir: string;
  /** Folder for this lecture's cached files (keyframes, thumbnails). */
  workDir: string;
  media: LectureMedia;
  settings: IndexSettings;
  signal?: AbortSignal;
  progress(done: number, total: number): void;
}

/**
 * One pipeline step. `compute` does the slow work and touches no tables; `persist` writes
 * the result, and the runner wraps it and the stage's run record in one transaction, so a
 * crash leaves either the whole result or none of it.
 */
export interface Stage<T> {
  name: StageName;
  /** Bump when the stage's output changes meaning; invalidates cached results. */
  version: number;
  /** Earlier stages whose results this one reads: a change in any of them re-runs it. */
  dependsOn: readonly StageName[];
  /** What in the settings changes this stage's output. */
  settingsKey(ctx: StageContext): string;
  compute(ctx: StageContext): Promise<T>;
  persist(ctx: StageContext, result: T): void;
  /** Small JSON summary stored with the run (counts, warnings). */
  summarize(result: T): { warnings?: string[]; [key: string]: unknown };
}
