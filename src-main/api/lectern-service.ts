import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type {
  Chapter,
  ChapterEdit,
  ExportFormat,
  ExportResult,
  Folder,
  JobsState,
  LecternApi,
  LectureDetail,
  LectureSummary,
  Moment,
  Settings,
  TranscriptSegment,
} from './contract.ts';
import type { LectureForExport } from '../core/chapter-notes.ts';
import { EXPORT_FILE_TYPES, parseExportFormat, renderLectureExport } from '../core/lecture-export.ts';
import { UserError } from '../core/user-error.ts';
import { closeEngines } from '../pipeline/engine-registry.ts';
import { FolderWatcher } from '../pipeline/folder-watcher.ts';
import { IndexQueue } from '../pipeline/index-queue.ts';
import { libraryEmbedders, MomentSearch } from '../search/moment-search.ts';
import type { IndexSettings } from '../pipeline/stage.ts';
import type { Db } from '../store/database.ts';
import { addFolder, getFolder, listFolders, removeFolder } from '../store/folders-store.ts';
import {
  addChapterEdit,
  clearChapterEdits,
  readChapters,
  readSlides,
  readTranscript,
  rebuildChapters,
} from '../store/lecture-content-store.ts';
import { applyChapterEdit } from '../core/chapter-edits.ts';
import { getLectureRow, listLectureRows, toLectureSummary, type LectureRow } from '../store/lectures-store.ts';
import { readSettings, writeSettings } from '../store/settings-store.ts';

/** The one implementation of the API contract; the IPC and HTTP hosts only route to it. */
export class LecternService implements LecternApi {
  readonly queue: IndexQueue;
  private readonly moments: MomentSearch;
  private watcher: FolderWatcher | null = null;

  constructor(
    readonly db: Db,
    readonly dataDir: string,
  ) {
    this.queue = new IndexQueue(db, dataDir, () => this.indexSettings());
    this.moments = new MomentSearch(db, libraryEmbedders(dataDir));
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
    this.queue.pause();
    await this.watcher?.close();
    this.watcher = null;
    await this.queue.idle();
    await closeEngines();
  }

  indexSettings(): IndexSettings {
    const settings = readSettings(this.db);
    return {
      chapterTargetSeconds: {
        min: Math.round(settings.chapterTargetSeconds / 2),
        max: settings.chapterTargetSeconds * 2,
      },
    };
  }

  async listFolders(): Promise<Folder[]> {
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

  async removeFolder({ id }: { id: number }): Promise<{ removed: boolean }> {
    await this.watcher?.remove(id);
    for (const lecture of listLectureRows(this.db, id)) this.queue.cancel(lecture.id);
    return { removed: removeFolder(this.db, id) };
  }

  async reindex({ folderId, lectureId }: { folderId?: number; lectureId?: number }): Promise<{ queued: number }> {
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
    return listLectureRows(this.db, folderId).map(toLectureSummary);
  }

  async getLecture({ id }: { id: number }): Promise<LectureDetail> {
    const row = this.lectureRow(id);
    return {
      ...toLectureSummary(row),
      chapters: readChapters(this.db, id),
      slides: readSlides(this.db, id).map((s) => ({
        start: s.start,
        end: s.end,
        title: s.title,
        text: s.text,
        thumbnailUrl: s.thumbnail ? `/thumbnails/${id}/${s.idx}` : null,
      })),
      mediaUrl: `/media/${id}`,
    };
  }

  async getTranscript({ id }: { id: number }): Promise<TranscriptSegment[]> {
    this.lectureRow(id);
    return readTranscript(this.db, id);
  }

  async search({ query, lectureId, limit }: { query: string; lectureId?: number; limit?: number }): Promise<Moment[]> {
    return this.moments.search(String(query ?? ''), { lectureId, limit });
  }

  /** What the exports read about a lecture (not part of the contract: the CLI's folder exports use it too). */
  lectureForExport(id: number): LectureForExport {
    const row = this.lectureRow(id);
    return {
      title: row.title,
      file: row.path,
      duration: row.duration ?? 0,
      chapters: readChapters(this.db, row.id),
      slides: readSlides(this.db, row.id),
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

  async getJobs(): Promise<JobsState> {
    return this.queue.state();
  }

  async pauseIndexing(): Promise<JobsState> {
    this.queue.pause();
    return this.queue.state();
  }

  async resumeIndexing(): Promise<JobsState> {
    this.queue.resume();
    return this.queue.state();
  }

  async cancelIndexing({ lectureId }: { lectureId?: number }): Promise<JobsState> {
    if (lectureId !== undefined) this.lectureRow(lectureId);
    this.queue.cancel(lectureId);
    return this.queue.state();
  }

  async retryFailed({ folderId }: { folderId?: number }): Promise<{ queued: number }> {
    return { queued: this.queue.retryFailed(folderId) };
  }

  async prioritise({ lectureId }: { lectureId: number }): Promise<JobsState> {
    this.lectureRow(lectureId);
    this.queue.prioritise(lectureId);
    return this.queue.state();
  }

  async getSettings(): Promise<Settings> {
    return readSettings(this.db);
  }

  async setSettings(params: Partial<Settings>): Promise<Settings> {
    return writeSettings(this.db, params);
  }

  lectureRow(id: number): LectureRow {
    const row = getLectureRow(this.db, Number(id));
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
