import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type {
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
import { toFtsQuery } from '../core/fts-query.ts';
import { renderLectureMarkdown } from '../core/markdown-export.ts';
import { UserError } from '../core/user-error.ts';
import { IndexQueue } from '../pipeline/index-queue.ts';
import type { IndexSettings } from '../pipeline/stage.ts';
import type { Db } from '../store/database.ts';
import { addFolder, getFolder, listFolders, removeFolder } from '../store/folders-store.ts';
import { searchSegments } from '../store/fts-search.ts';
import { readChapters, readSlides, readTranscript } from '../store/lecture-content-store.ts';
import { getLectureRow, listLectureRows, toLectureSummary, type LectureRow } from '../store/lectures-store.ts';
import { readSettings, writeSettings } from '../store/settings-store.ts';

/** The one implementation of the API contract; the IPC and HTTP hosts only route to it. */
export class LecternService implements LecternApi {
  readonly queue: IndexQueue;

  constructor(
    readonly db: Db,
    readonly dataDir: string,
  ) {
    this.queue = new IndexQueue(db, dataDir, () => this.indexSettings());
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
    this.queue.enqueue([resolved]);
    return folder;
  }

  async removeFolder({ id }: { id: number }): Promise<{ removed: boolean }> {
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
    if (targets.length > 0) this.queue.enqueue(targets);
    return { queued: targets.length };
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
    const match = toFtsQuery(String(query ?? ''));
    if (!match) return [];
    const hits = searchSegments(this.db, match, { lectureId, limit: Math.max(1, Math.min(limit ?? 10, 100)) });
    return hits.map((hit) => ({ ...hit, why: ['spoken'] }));
  }

  async exportLecture({ id }: { id: number; format: 'md' }): Promise<ExportResult> {
    const row = this.lectureRow(id);
    const content = renderLectureMarkdown({
      title: row.title,
      file: row.path,
      duration: row.duration ?? 0,
      chapters: readChapters(this.db, id),
      slides: readSlides(this.db, id),
      transcript: readTranscript(this.db, id),
    });
    return { filename: `${row.title}.md`, mime: 'text/markdown', content };
  }

  async getJobs(): Promise<JobsState> {
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
