// The whole surface the window, the hosts and the CLI may use. One implementation
// (lectern-service.ts), two hosts adapting one request handler (request-handler.ts): Electron
// (electron/) and loopback HTTP (http-host.ts). Every method takes one plain params object and
// resolves to plain JSON data; the domain's data types live in core/domain-types.ts.
import type {
  Chapter,
  ChapterEdit,
  ExportFormat,
  ExportResult,
  Folder,
  JobsState,
  LectureDeck,
  LectureDetail,
  LectureSummary,
  DataFolder,
  ModelListing,
  ModelProgress,
  Moment,
  ProgressEvent,
  Settings,
  TranscriptSegment,
} from '../core/domain-types.ts';

export type * from '../core/domain-types.ts';

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
  /**
   * Pauses the whole queue, or one lecture (it keeps its place, is not picked up until resumed):
   * a running lecture stops and goes back to the queue, keeping its finished stages.
   */
  pauseIndexing(params: { lectureId?: number }): Promise<JobsState>;
  /** Resumes the whole queue, or one lecture paused on its own. */
  resumeIndexing(params: { lectureId?: number }): Promise<JobsState>;
  /** Cancels one lecture's indexing, or everything queued and running when no id is given (status 'cancelled'). */
  cancelIndexing(params: { lectureId?: number }): Promise<JobsState>;
  /** Queues failed and cancelled lectures again (in one folder, or everywhere). */
  retryFailed(params: { folderId?: number }): Promise<{ queued: number }>;
  /** Moves a lecture to the front of the queue (the one the student opened). */
  prioritise(params: { lectureId: number }): Promise<JobsState>;
  getSettings(params: Record<string, never>): Promise<Settings>;
  setSettings(params: Partial<Settings>): Promise<Settings>;
  /** The model catalogue and what is installed. */
  listModels(params: Record<string, never>): Promise<ModelListing[]>;
  /** Downloads a catalogue model (resumable, checked against its sha256); progress arrives as live updates. */
  installModel(params: { name: string }): Promise<ModelListing>;
  /** Copies a model file the student already has into the data folder, checking it on the way. */
  importModel(params: { file: string; name?: string }): Promise<ModelListing>;
  removeModel(params: { name: string }): Promise<{ removed: boolean }>;
  /** Stops a model download under way (what arrived is kept: installing again resumes). */
  cancelModelInstall(params: { name: string }): Promise<{ cancelled: boolean }>;
  /** Where the library keeps its database, models and caches, and how much room it takes. */
  getDataFolder(params: Record<string, never>): Promise<DataFolder>;
  /** The lecture's slide deck (a `<name>.pdf` beside it, or one attached by hand), or null. */
  getLectureDeck(params: { id: number }): Promise<LectureDeck | null>;
  /** Attaches a PDF deck (`pdf`) or detaches the deck (`null`); the lecture is queued so its deck stage re-runs. */
  setLectureDeck(params: { id: number; pdf: string | null }): Promise<{ queued: number }>;
}

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
  'listModels',
  'installModel',
  'importModel',
  'removeModel',
  'cancelModelInstall',
  'getDataFolder',
  'getLectureDeck',
  'setLectureDeck',
] as const;

/** Methods that only read: every other method changes state and gets the hosts' stricter checks. */
export const READ_ONLY_METHODS: ReadonlySet<ApiMethod> = new Set<ApiMethod>([
  'listFolders',
  'listLectures',
  'getLecture',
  'getTranscript',
  'search',
  'exportLecture',
  'getJobs',
  'getSettings',
  'listModels',
  'getDataFolder',
  'getLectureDeck',
]);

/** A failure a user can act on, as it crosses a host: the user error's code, message and hint. */
export interface ApiFailure {
  code: string;
  message: string;
  hint?: string;
}

/** Error body every host returns for a failed call. */
export interface ApiErrorBody {
  error: ApiFailure;
}

/** A push from the app: a stage's progress, the queue's state, or a model download's bytes. */
export type LiveUpdate =
  | { kind: 'progress'; event: ProgressEvent }
  | { kind: 'jobs'; state: JobsState }
  | { kind: 'model'; progress: ModelProgress }
  /** Speech recognition stored more of a lecture's transcript: it now covers `seconds` of the recording. */
  | { kind: 'transcript'; lectureId: number; seconds: number };

/** What the desktop window's save dialog did with an export. */
export interface SaveExportResult {
  /** False when the user cancelled the save dialog. */
  saved: boolean;
  path: string | null;
}

/**
 * What a host adapts to its transport: the API, live updates, and the files it may serve
 * (a lecture's recording, a slide's thumbnail) — never the database or the queue.
 */
export interface LecternHostApi extends LecternApi {
  /** Calls `listener` for every live update; returns an unsubscribe function. */
  subscribe(listener: (update: LiveUpdate) => void): () => void;
  /** The state the live stream starts from. */
  jobsState(): JobsState;
  /** The recording of a lecture in the library (throws a UserError 'not-found' for others). */
  mediaFile(lectureId: number): string;
  /** A slide thumbnail's file, or null when the lecture has no such thumbnail. */
  thumbnailFile(lectureId: number, slideIdx: number): string | null;
  /** A page picture of the lecture's attached deck ('small' as read, 'full' crisp), or null. */
  pageImageFile(lectureId: number, page: number, size: 'small' | 'full'): Promise<string | null>;
}

/**
 * What the Electron preload exposes as `window.lectern`: the API itself, plus the few things
 * only a desktop window has.
 */
export interface LecternBridge extends LecternApi {
  /** Calls `listener` for every progress event and queue change; returns an unsubscribe function. */
  onProgress(listener: (update: LiveUpdate) => void): () => void;
  /** The native folder picker; resolves to null when cancelled. */
  pickFolder(): Promise<string | null>;
  /** The native file picker for a PDF slide deck; resolves to null when cancelled. */
  pickPdf(): Promise<string | null>;
  /** The native file picker for a model file to import (whisper.cpp .bin, ONNX); resolves to null when cancelled. */
  pickModelFile(): Promise<string | null>;
  /** Renders an export (Markdown when no format is given) and asks where to save it. */
  saveExport(params: { id: number; format?: ExportFormat }): Promise<SaveExportResult>;
}
