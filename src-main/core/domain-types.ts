// The domain's plain data: what a lecture, a chapter, a slide, a moment and an indexing event
// are. Types only (no code), so every layer may import it without importing upward;
// `api/contract.ts` re-exports it as the API's vocabulary.

export type LectureStatus = 'queued' | 'indexing' | 'ready' | 'failed' | 'cancelled' | 'missing';

/** The pipeline's stages in the order they run (probe first). The one place the order is written down. */
export type StageOrder = readonly ['probe', 'audio', 'transcript', 'frames', 'ocr', 'embed', 'segment', 'deck'];

export type StageName = StageOrder[number];

export interface Folder {
  id: number;
  path: string;
  addedAt: string;
  lectureCount: number;
}

export interface LectureSummary {
  id: number;
  folderId: number | null;
  path: string;
  title: string;
  duration: number | null;
  hasVideo: boolean;
  hasAudio: boolean;
  status: LectureStatus;
  /** A user-facing reason when status is 'failed'. */
  error: string | null;
  chapterCount: number;
  indexedAt: string | null;
}

export interface Chapter {
  start: number;
  end: number;
  title: string;
  /** True when a user edit produced or renamed this chapter. */
  edited: boolean;
}

export interface SlideSpan {
  start: number;
  end: number;
  title: string | null;
  text: string;
  /** Relative URL of a thumbnail (served by the host), when one exists. */
  thumbnailUrl: string | null;
  /** 1-based page of the attached slide deck shown in this span; null without a deck or page. */
  page?: number | null;
  /** Relative URLs of that page's picture, crisp and small (served by the host), when it has a page. */
  pageImageUrl?: string | null;
  pageThumbnailUrl?: string | null;
}

export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
}

export interface LectureDetail extends LectureSummary {
  chapters: Chapter[];
  slides: SlideSpan[];
  /** Relative URL the host serves the media file from (range requests supported). */
  mediaUrl: string;
  /** Which parts can be read now and which are still being made (a lecture opens before its speech is done). */
  readiness: LectureReadiness;
}

/** A part of a lecture: readable now, being made right now, or waiting (queued, paused, or failed before it). */
export type PartState = 'ready' | 'working' | 'pending';

export interface LectureReadiness {
  /** Slide spans, keyframes and the slides' text. */
  slides: PartState;
  /** The spoken text; `seconds` of the recording it covers so far (speech recognition stores it as it goes). */
  transcript: { state: PartState; seconds: number; source: 'sidecar' | 'asr' | 'none' | null };
  /** The chapters shown: 'provisional' ones come from the slides alone and are replaced once the transcript is in. */
  chapters: { state: PartState; kind: 'provisional' | 'final' | null };
  /** 'ready' once everything is embedded; meanwhile `words` says whether slide text or transcript words already match. */
  search: { state: PartState; words: boolean };
}

export interface Moment {
  lectureId: number;
  file: string;
  lectureTitle: string;
  start: number;
  end: number;
  score: number;
  text: string;
  /** Which signals matched: 'spoken', 'on slide' (or 'on slide p. N'), 'chapter title', 'lecture opening'. */
  why: string[];
  /**
   * Where `text` holds the question's words as the search matched them (their stems and
   * spelling corrections): [start, end) character ranges, in order. What the window marks.
   */
  marks?: Array<[number, number]>;
}

export interface ProgressEvent {
  lectureId: number | null;
  file: string;
  stage: StageName | 'done' | 'failed' | 'skipped';
  done: number;
  total: number;
  message?: string;
  /** Estimated seconds until this lecture is indexed (set by the queue; null while unknown). */
  secondsLeft?: number | null;
}

export interface JobsState {
  running: boolean;
  paused: boolean;
  queued: number;
  current: ProgressEvent | null;
  /** Estimated seconds until the whole queue is done, null while unknown. */
  secondsLeft: number | null;
  /** Lectures paused one by one: they keep their place but are not picked up until resumed. */
  heldLectures: number[];
}

/**
 * Export formats: Markdown notes, a WebVTT chapters track, the transcript as WebVTT or SRT,
 * and everything as JSON.
 */
export type ExportFormat = 'md' | 'chapters-vtt' | 'vtt' | 'srt' | 'json';

export interface ExportResult {
  filename: string;
  mime: string;
  content: string;
}

/** A lecture's PDF slide deck: where it is, how well it matched the lecture, and whether it was attached. */
export interface LectureDeck {
  path: string;
  pages: number;
  /** 0-1: how well the pages agree with what is shown and said. */
  confidence: number;
  /** False when the deck did not match the lecture well enough (probably another lecture's). */
  attached: boolean;
  note: string | null;
}

export interface Settings {
  /** Target chapter length in seconds used by automatic K. */
  chapterTargetSeconds: number;
  /** The installed speech model to transcribe with; null picks the best one installed. */
  speechModel: string | null;
  /** Transcribe with the speech model even when a .vtt/.srt sidecar sits beside the recording. */
  transcribeDespiteSidecar: boolean;
}

/** A chapter edit, addressed by time so it survives re-indexing (see core/chapter-edits.ts). */
export type ChapterEdit =
  | { kind: 'rename'; at: number; title: string }
  | { kind: 'move'; from: number; to: number }
  | { kind: 'split'; at: number; title?: string }
  | { kind: 'merge'; at: number };

/** What a model is for: speech recognition, text or picture embeddings, or a CLIP-class pair. */
export type ModelTask = 'asr' | 'text-embed' | 'image-embed' | 'clip';

/** A model in the catalogue or on disk, and whether it is installed. */
export interface ModelListing {
  name: string;
  task: ModelTask;
  description: string;
  licence: string;
  sourceUrl: string;
  /** Download size, null when not known in advance. */
  sizeBytes: number | null;
  status: 'installed' | 'partial' | 'available';
  inCatalogue: boolean;
  /** Installed and readable by its engine (a speech model's header parses); false otherwise. */
  usable: boolean;
  /** Why an installed model cannot be used, in words; null when usable or not installed. */
  problem: string | null;
  /** Files on disk (installed or partial). */
  files: Array<{ name: string; path: string; size: number; sha256: string; verified: boolean }>;
}

/** The library's data folder (database, models, caches) and the bytes it takes on disk. */
export interface DataFolder {
  path: string;
  sizeBytes: number;
}

/** Bytes of a model on disk so far while it downloads or is copied in (total null when not known). */
export interface ModelProgress {
  model: string;
  doneBytes: number;
  totalBytes: number | null;
}
