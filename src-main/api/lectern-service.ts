import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type {
  Chapter,
  ChapterEdit,
  DataFolder,
  ExportFormat,
  ExportResult,
  Folder,
  JobsState,
  LecternHostApi,
  LectureDeck,
  LectureDetail,
  LectureReadiness,
  LectureStatus,
  LectureSummary,
  LiveUpdate,
  ModelListing,
  Moment,
  ProgressEvent,
  Settings,
  TranscriptSegment,
} from './contract.ts';
import type { LectureForExport } from '../core/chapter-notes.ts';
import { EXPORT_FILE_TYPES, parseExportFormat, renderLectureExport } from '../core/lecture-export.ts';
import { UserError } from '../core/user-error.ts';
import { importModel, installModel, listModels, removeModel } from '../models/index.ts';
import { lectureReadiness } from '../core/lecture-readiness.ts';
import { closeEngines } from '../pipeline/engine-registry.ts';
import type { PartialEvent } from '../pipeline/lecture-indexer.ts';
import { partialStageRun, stageRunSummaries } from '../store/stage-runs-store.ts';
import { FolderWatcher } from '../pipeline/folder-watcher.ts';
import { IndexQueue, type IndexNowOptions, type IndexSummary } from '../pipeline/index-queue.ts';
import { libraryEmbedders, MomentSearch } from '../search/moment-search.ts';
import type { IndexSettings } from '../pipeline/stage.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { folderSizeBytes, resolveDataDir } from '../store/data-dir.ts';
import { addFolder, getFolder, listFolders, removeFolder } from '../store/folders-store.ts';
import {
  addChapterEdit,
  clearChapterEdits,
  hasSearchableWords,
  readChapters,
  readSlides,
  readTranscript,
  rebuildChapters,
} from '../store/lecture-content-store.ts';
import { applyChapterEdit } from '../core/chapter-edits.ts';
import { slidesWithDeckText } from '../core/deck-slides.ts';
import { pagesOfSlides } from '../core/slide-pages.ts';
import { readDeck, readDeckPage, readDeckPages, readDeckSpans, writeDeckChoice } from '../store/deck-store.ts';
import { pdfPageCount } from '../media/pdf-deck.ts';
import { crispPageImage } from '../media/deck-page-image.ts';
import { lectureForPath } from '../pipeline/lecture-identity.ts';
import {
  countSearchableLectures,
  getLectureRow,
  listLectureRows,
  toLectureSummary,
  type LectureRow,
} from '../store/lectures-store.ts';
import { libraryHealth, type LibraryHealth } from '../store/library-health.ts';
import { readSettings, writeSettings } from '../store/settings-store.ts';
import { idParam, limitParam, optionalIdParam, stringParam } from './api-params.ts';

export type { IndexSummary };

/**
 * The one implementation of the API contract. It owns the library's database, its indexing
 * queue and its search; the window's hosts and the CLI reach them only through its methods.
 */
export class LecternService implements LecternHostApi {
  private readonly queue: IndexQueue;
  private readonly moments: MomentSearch;
  private watcher: FolderWatcher | null = null;
  /** Live-update listeners that also hear model downloads (the queue's events reach them directly). */
  private readonly modelListeners = new Set<(update: LiveUpdate) => void>();
  /** Model downloads under way, by model name. */
  private readonly downloads = new Map<string, AbortController>();

  /** Opens the library under --home / LECTERN_HOME / the app-data folder; `close()` closes it. */
  static open(home?: string): LecternService {
    const dataDir = resolveDataDir(home);
    return new LecternService(openDatabase(dataDir), dataDir);
  }

  constructor(
    private readonly db: Db,
    readonly dataDir: string,
  ) {
    this.queue = new IndexQueue(db, dataDir, () => this.indexSettings());
    this.moments = new MomentSearch(db, libraryEmbedders(dataDir));
  }

  close(): void {
    void this.moments.close();
    this.db.close();
  }

  /**
   * For the app hosts (window, `serve`): resume interrupted indexing and watch the folders.
   * One-shot CLI commands never start it.
   */
  startBackgroundWork(): FolderWatcher {
    this.queue.start();
    this.watcher ??= new FolderWatcher(this.queue);
    for (const folder of listFolders(this.db)) this.watcher.add(folder);
    // The first search should not wait for the query encoder, the dense index or the vocabulary.
    void this.moments.warm();
    return this.watcher;
  }

  async stopBackgroundWork(): Promise<void> {
    this.queue.stop();
    await this.watcher?.close();
    this.watcher = null;
    await this.queue.idle();
    await closeEngines();
  }

  private indexSettings(): IndexSettings {
    const settings = readSettings(this.db);
    return {
      chapterTargetSeconds: {
        min: Math.round(settings.chapterTargetSeconds / 2),
        max: settings.chapterTargetSeconds * 2,
      },
      speechModel: settings.speechModel,
      transcribeDespiteSidecar: settings.transcribeDespiteSidecar,
    };
  }

  async listFolders(_params: Record<string, never> = {}): Promise<Folder[]> {
    return listFolders(this.db);
  }

  async addFolder({ path: folderPath }: { path: string }): Promise<Folder> {
    if (typeof folderPath !== 'string' || folderPath.trim() === '') {
      throw new UserError('bad-request', 'Give the path of a folder with lecture recordings.');
    }
    const resolved = path.resolve(folderPath.trim());
    if (!existsSync(resolved)) throw new UserError('folder-missing', `Folder not found: ${resolved}`);
    if (!statSync(resolved).isDirectory()) throw new UserError('not-a-folder', `Not a folder: ${resolved}`);
    const folder = addFolder(this.db, resolved);
    this.watcher?.add(folder);
    void this.queue.enqueue([resolved]);
    return folder;
  }

  /**
   * Indexes folders or files now, through the queue, and resolves with each file's outcome
   * (the CLI's `index`; progress arrives through `subscribe`).
   */
  indexNow(targets: readonly string[], options: IndexNowOptions = {}): Promise<IndexSummary> {
    return this.queue.indexNow(targets, options);
  }

  subscribe(listener: (update: LiveUpdate) => void): () => void {
    const onProgress = (event: ProgressEvent) => listener({ kind: 'progress', event });
    const onJobs = () => listener({ kind: 'jobs', state: this.queue.state() });
    const onPartial = (event: PartialEvent) => {
      const update = LecternService.transcriptUpdate(event);
      if (update) listener(update);
    };
    this.queue.on('partial', onPartial);
    this.queue.on('progress', onProgress);
    this.queue.on('changed', onJobs);
    this.queue.on('idle', onJobs);
    this.modelListeners.add(listener);
    return () => {
      this.queue.off('partial', onPartial);
      this.queue.off('progress', onProgress);
      this.queue.off('changed', onJobs);
      this.queue.off('idle', onJobs);
      this.modelListeners.delete(listener);
    };
  }

  /** Lectures with anything to search in: none means a search can only come back empty. */
  searchableLectures(): number {
    return countSearchableLectures(this.db);
  }

  /** The database's integrity and lecture counts (`lectern doctor`). */
  health(): LibraryHealth {
    return libraryHealth(this.db);
  }

  jobsState(): JobsState {
    return this.queue.state();
  }

  mediaFile(lectureId: number): string {
    return this.lectureRow(lectureId).path;
  }

  thumbnailFile(lectureId: number, slideIdx: number): string | null {
    this.lectureRow(lectureId);
    return readSlides(this.db, lectureId).find((s) => s.idx === slideIdx)?.thumbnail ?? null;
  }

  async pageImageFile(lectureId: number, page: number, size: 'small' | 'full'): Promise<string | null> {
    this.lectureRow(lectureId);
    const deck = readDeck(this.db, lectureId);
    const image = deck?.attached ? readDeckPage(this.db, lectureId, page)?.image : null;
    if (!deck || !image) return null;
    return size === 'small' ? image : crispPageImage(deck.path, image, page);
  }

  async removeFolder({ id }: { id: number }): Promise<{ removed: boolean }> {
    idParam(id);
    await this.watcher?.remove(id);
    for (const lecture of listLectureRows(this.db, id)) this.queue.cancel(lecture.id);
    return { removed: removeFolder(this.db, id) };
  }

  async reindex({ folderId, lectureId }: { folderId?: number; lectureId?: number }): Promise<{ queued: number }> {
    optionalIdParam(folderId, 'folderId');
    optionalIdParam(lectureId, 'lectureId');
    const targets: string[] = [];
    if (lectureId !== undefined) targets.push(this.lectureRow(lectureId).path);
    else if (folderId !== undefined) {
      const folder = getFolder(this.db, folderId);
      if (!folder) throw new UserError('not-found', `No folder with id ${folderId}.`);
      targets.push(folder.path);
    } else targets.push(...listFolders(this.db).map((f) => f.path));
    return { queued: targets.length > 0 ? await this.queue.enqueue(targets) : 0 };
  }

  async listLectures({ folderId }: { folderId?: number }): Promise<LectureSummary[]> {
    return listLectureRows(this.db, optionalIdParam(folderId, 'folderId')).map(toLectureSummary);
  }

  async getLecture({ id }: { id: number }): Promise<LectureDetail> {
    const row = this.lectureRow(id);
    const slides = readSlides(this.db, id);
    const deckSpans = readDeckSpans(this.db, id);
    // With a deck, each span reads as its page; a recording without picture takes its spans from the deck.
    const hasVideo = row.has_video === 1;
    const shown = slidesWithDeckText(slides, deckSpans, readDeckPages(this.db, id), hasVideo);
    const ownSpans = hasVideo || deckSpans.length === 0;
    const pages = pagesOfSlides(shown, deckSpans);
    return {
      ...toLectureSummary(row),
      chapters: readChapters(this.db, id),
      slides: shown.map((s, i) => ({
        start: s.start,
        end: s.end,
        title: s.title,
        text: s.text,
        thumbnailUrl: ownSpans && slides[i].thumbnail ? `/thumbnails/${id}/${slides[i].idx}` : null,
        page: pages[i],
        pageImageUrl: pages[i] ? `/pages/${id}/${pages[i]}` : null,
        pageThumbnailUrl: pages[i] ? `/pages/${id}/${pages[i]}/small` : null,
      })),
      mediaUrl: `/media/${id}`,
      readiness: this.readiness(row),
    };
  }

  // --- Progressive availability (issue 19): which parts of a lecture are readable yet ---

  /** Ready, being made, or waiting: per part of the lecture, from its stored stage runs. */
  private readiness(row: LectureRow): LectureReadiness {
    const partial = partialStageRun(this.db, row.id, 'transcript');
    const covered = (partial?.cursor as { covered?: unknown } | undefined)?.covered;
    return lectureReadiness({
      status: row.status as LectureStatus,
      duration: row.duration,
      stages: stageRunSummaries(this.db, row.id),
      transcriptCovered: partial ? (typeof covered === 'number' ? covered : 0) : null,
      hasWords: hasSearchableWords(this.db, row.id),
    });
  }

  /** The transcript of a lecture advanced (speech recognition stored another batch): a live update. */
  private static transcriptUpdate(event: PartialEvent): LiveUpdate | null {
    return event.stage === 'transcript'
      ? { kind: 'transcript', lectureId: event.lectureId, seconds: Math.round(event.covered * 10) / 10 }
      : null;
  }

  // --- end of progressive availability ---

  async getTranscript({ id }: { id: number }): Promise<TranscriptSegment[]> {
    this.lectureRow(id);
    return readTranscript(this.db, id);
  }

  async search({ query, lectureId, limit }: { query: string; lectureId?: number; limit?: number }): Promise<Moment[]> {
    return this.moments.search(query === undefined ? '' : stringParam(query, 'query'), {
      lectureId: optionalIdParam(lectureId, 'lectureId'),
      limit: limitParam(limit, 10, 100),
    });
  }

  private lectureForExport(id: number): LectureForExport {
    const row = this.lectureRow(id);
    return {
      title: row.title,
      file: row.path,
      duration: row.duration ?? 0,
      chapters: readChapters(this.db, row.id),
      slides: slidesWithDeckText(
        readSlides(this.db, row.id),
        readDeckSpans(this.db, row.id),
        readDeckPages(this.db, row.id),
        row.has_video === 1,
      ),
      transcript: readTranscript(this.db, row.id),
    };
  }

  async exportLecture({ id, format }: { id: number; format: ExportFormat }): Promise<ExportResult> {
    const chosen = parseExportFormat(format ?? 'md');
    const lecture = this.lectureForExport(id);
    const type = EXPORT_FILE_TYPES[chosen];
    return {
      filename: `${lecture.title}${type.extension}`,
      mime: type.mime,
      content: renderLectureExport(lecture, chosen),
    };
  }

  async editChapters({ lectureId, edit }: { lectureId: number; edit: ChapterEdit }): Promise<Chapter[]> {
    this.lectureRow(lectureId);
    const current = readChapters(this.db, lectureId);
    applyChapterEdit(current, validEdit(edit)); // throws a UserError in words if it cannot apply
    this.db.transaction(() => {
      addChapterEdit(this.db, lectureId, edit);
      rebuildChapters(this.db, lectureId);
    })();
    return readChapters(this.db, lectureId);
  }

  async resetChapters({ lectureId }: { lectureId: number }): Promise<Chapter[]> {
    this.lectureRow(lectureId);
    this.db.transaction(() => {
      clearChapterEdits(this.db, lectureId);
      rebuildChapters(this.db, lectureId);
    })();
    return readChapters(this.db, lectureId);
  }

  async getJobs(_params: Record<string, never> = {}): Promise<JobsState> {
    return this.queue.state();
  }

  async pauseIndexing({ lectureId }: { lectureId?: number } = {}): Promise<JobsState> {
    if (lectureId !== undefined) this.lectureRow(lectureId);
    this.queue.pause(lectureId);
    return this.queue.state();
  }

  async resumeIndexing({ lectureId }: { lectureId?: number } = {}): Promise<JobsState> {
    if (lectureId !== undefined) this.lectureRow(lectureId);
    this.queue.resume(lectureId);
    return this.queue.state();
  }

  async cancelIndexing({ lectureId }: { lectureId?: number } = {}): Promise<JobsState> {
    if (lectureId !== undefined) this.lectureRow(lectureId);
    this.queue.cancel(lectureId);
    return this.queue.state();
  }

  async retryFailed({ folderId }: { folderId?: number }): Promise<{ queued: number }> {
    return { queued: this.queue.retryFailed(optionalIdParam(folderId, 'folderId')) };
  }

  async prioritise({ lectureId }: { lectureId: number }): Promise<JobsState> {
    this.lectureRow(lectureId);
    this.queue.prioritise(lectureId);
    return this.queue.state();
  }

  async getSettings(_params: Record<string, never> = {}): Promise<Settings> {
    return readSettings(this.db);
  }

  async setSettings(params: Partial<Settings>): Promise<Settings> {
    const model = params?.speechModel;
    if (typeof model === 'string') {
      const listing = listModels(this.dataDir).find((m) => m.name === model);
      if (!listing || listing.task !== 'asr' || !listing.usable) {
        throw new UserError(
          'bad-setting',
          `"${model}" is not an installed speech model.`,
          'Install or import one on the Models page (or `lectern models install base.en`), then choose it.',
        );
      }
    }
    return writeSettings(this.db, params);
  }

  async listModels(_params: Record<string, never> = {}): Promise<ModelListing[]> {
    return listModels(this.dataDir);
  }

  /**
   * `signal` (the CLI's Ctrl-C) or `cancelModelInstall` stops the download; the next install
   * resumes it. One download per model at a time.
   */
  async installModel({ name }: { name: string }, options: { signal?: AbortSignal } = {}): Promise<ModelListing> {
    const model = stringParam(name, 'name');
    if (this.downloads.has(model)) {
      throw new UserError('model-downloading', `"${model}" is already downloading.`, 'Wait for it, or cancel it.');
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    options.signal?.addEventListener('abort', stop, { once: true });
    this.downloads.set(model, controller);
    try {
      return await installModel(this.dataDir, model, {
        signal: controller.signal,
        onProgress: ({ doneBytes, totalBytes }) => this.modelProgress({ model, doneBytes, totalBytes }),
      });
    } catch (error) {
      if (controller.signal.aborted) {
        throw new UserError(
          'model-download-cancelled',
          `The download of "${model}" was cancelled.`,
          'What arrived is kept: installing it again resumes where it stopped.',
        );
      }
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', stop);
      this.downloads.delete(model);
    }
  }

  async cancelModelInstall({ name }: { name: string }): Promise<{ cancelled: boolean }> {
    const download = this.downloads.get(stringParam(name, 'name'));
    download?.abort();
    return { cancelled: download !== undefined };
  }

  async getDataFolder(_params: Record<string, never> = {}): Promise<DataFolder> {
    return { path: this.dataDir, sizeBytes: await folderSizeBytes(this.dataDir) };
  }

  async importModel({ file, name }: { file: string; name?: string }): Promise<ModelListing> {
    const source = stringParam(file, 'file');
    const model = name === undefined ? undefined : stringParam(name, 'name');
    return importModel(this.dataDir, source, {
      name: model,
      onProgress: (doneBytes, totalBytes) => this.modelProgress({ model: model ?? source, doneBytes, totalBytes }),
    });
  }

  async removeModel({ name }: { name: string }): Promise<{ removed: boolean }> {
    removeModel(this.dataDir, stringParam(name, 'name'));
    return { removed: true };
  }

  async getLectureDeck({ id }: { id: number }): Promise<LectureDeck | null> {
    this.lectureRow(id);
    const deck = readDeck(this.db, id);
    if (!deck) return null;
    const { pageCount: pages, ...rest } = deck;
    return { ...rest, pages, confidence: Math.round(deck.confidence * 1000) / 1000 };
  }

  async setLectureDeck({ id, pdf }: { id: number; pdf: string | null }): Promise<{ queued: number }> {
    const row = this.lectureRow(id);
    if (pdf === null) writeDeckChoice(this.db, row.id, { kind: 'detached' });
    else {
      const file = path.resolve(stringParam(pdf, 'pdf'));
      await pdfPageCount(file); // a clear error now for a missing, damaged or locked PDF
      writeDeckChoice(this.db, row.id, { kind: 'attached', path: file });
    }
    return this.reindex({ lectureId: row.id });
  }

  /** The lecture a recording is (registered, not indexed, when the library does not know it yet). */
  async lectureIdForFile(file: string): Promise<number> {
    return (await lectureForPath(this.db, path.resolve(file), null)).id;
  }

  private modelProgress(progress: { model: string; doneBytes: number; totalBytes: number | null }): void {
    for (const listener of this.modelListeners) listener({ kind: 'model', progress });
  }

  private lectureRow(id: unknown): LectureRow {
    const row = getLectureRow(this.db, idParam(id));
    if (!row) throw new UserError('not-found', `No lecture with id ${id}.`);
    return row;
  }
}

/** Checks an edit that arrived over IPC/HTTP before it is stored. */
function validEdit(edit: ChapterEdit): ChapterEdit {
  const finite = (n: unknown) => typeof n === 'number' && Number.isFinite(n);
  const ok =
    edit &&
    ((edit.kind === 'rename' && finite(edit.at) && typeof edit.title === 'string') ||
      (edit.kind === 'move' && finite(edit.from) && finite(edit.to)) ||
      (edit.kind === 'split' && finite(edit.at) && (edit.title === undefined || typeof edit.title === 'string')) ||
      (edit.kind === 'merge' && finite(edit.at)));
  if (!ok) throw new UserError('bad-edit', 'That chapter edit is not one Lectern understands.');
  return edit;
}
