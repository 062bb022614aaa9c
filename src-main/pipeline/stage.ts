import type { StageName } from '../core/domain-types.ts';
import type { AsrOptions, AsrResult } from '../engines/asr/index.ts';
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

export type TranscribeMedia = (file: string, options: AsrOptions) => Promise<AsrResult>;

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
  /**
   * CPU threads the stage should keep to (ffmpeg decoders, OCR workers at once): the cores speech
   * recognition leaves while it runs beside the stage. Absent: as many as the stage likes.
   */
  threads?: number;
  progress(done: number, total: number): void;
  /** The speech recogniser (whisper.cpp by default; tests pass one they can hold or cut into short chunks). */
  transcribe?: TranscribeMedia;
  /**
   * Stores a result in batches as the stage goes, so it is readable early and a killed run
   * resumes (the indexer gives one; without it such a stage stores its result at the end).
   */
  checkpoint?: StageCheckpoint;
}

/** Where a stage that stores its result in batches has got to; `covered` is seconds of the media done. */
export interface StageCursor {
  covered: number;
  [key: string]: unknown;
}

/**
 * Batches of a result stored before the stage ends (speech recognition streams its transcript).
 * Each batch and the cursor to resume from are written in one transaction, under the stage's
 * key; the stage counts as done only when its run is recorded, which also drops the cursor.
 */
export interface StageCheckpoint {
  /** The cursor a killed earlier run with the same key left, if any. */
  readonly previous: StageCursor | undefined;
  /** Starts from scratch: `clear` removes whatever an earlier run stored, with the new cursor. */
  begin(cursor: StageCursor, clear: () => void): void;
  /** Stores one batch (`write`) and the cursor after it, in one transaction. */
  save(cursor: StageCursor, write: () => void): void;
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
  /**
   * True when this run is long work on its own threads (speech recognition in its own process):
   * the stages that do not read its result run beside it instead of waiting.
   */
  runsBeside?(ctx: StageContext): boolean;
  /** What in the settings changes this stage's output. */
  settingsKey(ctx: StageContext): string;
  compute(ctx: StageContext): Promise<T>;
  persist(ctx: StageContext, result: T): void;
  /** Small JSON summary stored with the run (counts, warnings). */
  summarize(result: T): { warnings?: string[]; [key: string]: unknown };
}
