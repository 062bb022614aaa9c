// The whole surface the renderer may use. One implementation (service.ts), two hosts:
// Electron IPC (electron/preload.ts) and loopback HTTP (http-host.ts).
// Every method takes one plain params object and resolves to plain JSON data.

export type LectureStatus = 'queued' | 'indexing' | 'ready' | 'failed' | 'cancelled' | 'missing';

export type StageName = 'probe' | 'audio' | 'transcript' | 'frames' | 'ocr' | 'embed' | 'segment' | 'deck';

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
}

export interface Moment {
  lectureId: number;
  file: string;
  lectureTitle: string;
  start: number;
  end: number;
  score: number;
  text: string;
  /** Which signals matched: 'spoken', 'on slide', 'chapter title'. */
  why: string[];
}

export interface ProgressEvent {
  lectureId: number | null;
  file: string;
  stage: StageName | 'done' | 'failed' | 'skipped';
  done: number;
  total: number;
  message?: string;
}

export interface JobsState {
  running: boolean;
  paused: boolean;
  queued: number;
  current: ProgressEvent | null;
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

export interface Settings {
  /** Target chapter length in seconds used by automatic K. */
  chapterTargetSeconds: number;
}

export interface LecternApi {
  listFolders(params: Record<string, never>): Promise<Folder[]>;
  addFolder(params: { path: string }): Promise<Folder>;
  removeFolder(params: { id: number }): Promise<{ removed: boolean }>;
  reindex(params: { folderId?: number; lectureId?: number }): Promise<{ queued: number }>;
  listLectures(params: { folderId?: number }): Promise<LectureSummary[]>;
  getLecture(params: { id: number }): Promise<LectureDetail>;
  getTranscript(params: { id: number }): Promise<TranscriptSegment[]>;
  search(params: { query: string; lectureId?: number; limit?: number }): Promise<Moment[]>;
  exportLecture(params: { id: number; format: ExportFormat }): Promise<ExportResult>;
  /** Applies one edit to a lecture's chapters; edits are kept and replayed after re-indexing. */
  editChapters(params: { lectureId: number; edit: ChapterEdit }): Promise<Chapter[]>;
  /** Drops the student's edits and shows the automatic chapters again. */
  resetChapters(params: { lectureId: number }): Promise<Chapter[]>;
  getJobs(params: Record<string, never>): Promise<JobsState>;
  /** Stops picking up work (the running lecture goes back to the queue, keeping finished stages). */
  pauseIndexing(params: Record<string, never>): Promise<JobsState>;
  resumeIndexing(params: Record<string, never>): Promise<JobsState>;
  /** Cancels one lecture's indexing, or everything queued when no id is given. */
  cancelIndexing(params: { lectureId?: number }): Promise<JobsState>;
  /** Queues failed and cancelled lectures again (in one folder, or everywhere). */
  retryFailed(params: { folderId?: number }): Promise<{ queued: number }>;
  /** Moves a lecture to the front of the queue (the one the student opened). */
  prioritise(params: { lectureId: number }): Promise<JobsState>;
  getSettings(params: Record<string, never>): Promise<Settings>;
  setSettings(params: Partial<Settings>): Promise<Settings>;
}

/** A chapter edit, addressed by time so it survives re-indexing (see core/chapter-edits.ts). */
export type ChapterEdit =
  | { kind: 'rename'; at: number; title: string }
  | { kind: 'move'; from: number; to: number }
  | { kind: 'split'; at: number; title?: string }
  | { kind: 'merge'; at: number };

export type ApiMethod = keyof LecternApi;

export const API_METHODS: readonly ApiMethod[] = [
  'listFolders',
  'addFolder',
  'removeFolder',
  'reindex',
  'listLectures',
  'getLecture',
  'getTranscript',
  'search',
  'exportLecture',
  'editChapters',
  'resetChapters',
  'getJobs',
  'pauseIndexing',
  'resumeIndexing',
  'cancelIndexing',
  'retryFailed',
  'prioritise',
  'getSettings',
  'setSettings',
] as const;

/** Error shape every host returns for a user-causable failure. */
export interface ApiErrorBody {
  error: { code: string; message: string; hint?: string };
}
