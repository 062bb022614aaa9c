import type { LectureStatus, LectureSummary } from '../core/domain-types.ts';
import type { Db } from './database.ts';

export interface LectureRow {
  id: number;
  folder_id: number | null;
  path: string;
  title: string;
  size: number | null;
  mtime_ms: number | null;
  content_hash: string | null;
  duration: number | null;
  has_video: number;
  has_audio: number;
  status: LectureStatus;
  error: string | null;
  indexed_at: string | null;
  chapter_count: number;
}

const SELECT = `SELECT l.*, (SELECT count(*) FROM chapters c WHERE c.lecture_id = l.id) AS chapter_count FROM lectures l`;

export function toLectureSummary(row: LectureRow): LectureSummary {
  return {
    id: row.id,
    folderId: row.folder_id,
    path: row.path,
    title: row.title,
    duration: row.duration,
    hasVideo: row.has_video === 1,
    hasAudio: row.has_audio === 1,
    status: row.status,
    error: row.error,
    chapterCount: row.chapter_count,
    indexedAt: row.indexed_at,
  };
}

export function ensureLecture(db: Db, filePath: string, folderId: number | null, title: string): LectureRow {
  db.prepare(
    `INSERT INTO lectures (path, folder_id, title) VALUES (?, ?, ?)
     ON CONFLICT(path) DO UPDATE SET folder_id = coalesce(excluded.folder_id, lectures.folder_id)`,
  ).run(filePath, folderId, title);
  return db.prepare(`${SELECT} WHERE l.path = ?`).get(filePath) as LectureRow;
}

export function getLectureRow(db: Db, id: number): LectureRow | undefined {
  return db.prepare(`${SELECT} WHERE l.id = ?`).get(id) as LectureRow | undefined;
}

export function findLectureByPath(db: Db, filePath: string): LectureRow | undefined {
  return db.prepare(`${SELECT} WHERE l.path = ?`).get(filePath) as LectureRow | undefined;
}

export function listLectureRows(db: Db, folderId?: number): LectureRow[] {
  return folderId === undefined
    ? (db.prepare(`${SELECT} ORDER BY l.path`).all() as LectureRow[])
    : (db.prepare(`${SELECT} WHERE l.folder_id = ? ORDER BY l.path`).all(folderId) as LectureRow[]);
}

export function listLecturesUnder(db: Db, folderPath: string): LectureRow[] {
  const prefix = folderPath.endsWith('/') ? folderPath : `${folderPath}/`;
  return db
    .prepare(`${SELECT} WHERE l.path = ? OR substr(l.path, 1, ?) = ? ORDER BY l.path`)
    .all(folderPath, prefix.length, prefix) as LectureRow[];
}

export function setLectureFile(db: Db, id: number, file: { size: number; mtimeMs: number; contentHash: string }): void {
  db.prepare('UPDATE lectures SET size = ?, mtime_ms = ?, content_hash = ? WHERE id = ?').run(
    file.size,
    file.mtimeMs,
    file.contentHash,
    id,
  );
}

export function setLectureMedia(
  db: Db,
  id: number,
  media: { duration: number; hasVideo: boolean; hasAudio: boolean },
): void {
  db.prepare('UPDATE lectures SET duration = ?, has_video = ?, has_audio = ? WHERE id = ?').run(
    media.duration,
    media.hasVideo ? 1 : 0,
    media.hasAudio ? 1 : 0,
    id,
  );
}

export function setLectureStatus(db: Db, id: number, status: LectureStatus, error: string | null = null): void {
  const indexedAt = status === 'ready' ? new Date().toISOString() : null;
  db.prepare(
    "UPDATE lectures SET status = ?, error = ?, indexed_at = coalesce(?, CASE WHEN ? = 'ready' THEN indexed_at END) WHERE id = ?",
  ).run(status, error, indexedAt, status, id);
}

export function findLecturesByContentHash(db: Db, contentHash: string): LectureRow[] {
  return db.prepare(`${SELECT} WHERE l.content_hash = ?`).all(contentHash) as LectureRow[];
}

/** Points an existing lecture (and everything indexed for it) at the file's new place. */
export function moveLecture(db: Db, id: number, to: { path: string; folderId: number | null; title: string }): void {
  db.prepare('UPDATE lectures SET path = ?, folder_id = coalesce(?, folder_id), title = ? WHERE id = ?').run(
    to.path,
    to.folderId,
    to.title,
    id,
  );
}

/**
 * The next lecture to index: interrupted ones first (they were running when the app stopped),
 * then by priority; never one paused on its own (`held`, whichever process paused it) nor one
 * in `exclude`, and only one in `only` when it is given.
 */
export function nextQueuedLecture(
  db: Db,
  exclude: readonly number[] = [],
  only?: readonly number[],
): LectureRow | undefined {
  if (only && only.length === 0) return undefined;
  const list = (ids: readonly number[]) => ids.map(() => '?').join(',');
  const skip = exclude.length ? `AND l.id NOT IN (${list(exclude)})` : '';
  const within = only ? `AND l.id IN (${list(only)})` : '';
  return db
    .prepare(
      `${SELECT} WHERE l.status IN ('indexing', 'queued') AND l.held = 0 ${skip} ${within}
       ORDER BY l.status = 'indexing' DESC, l.priority DESC, l.id LIMIT 1`,
    )
    .get(...exclude, ...(only ?? [])) as LectureRow | undefined;
}

/** Lectures with anything to search in (a transcript segment or a slide): none means search can only come back empty. */
export function countSearchableLectures(db: Db): number {
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM lectures l WHERE EXISTS (SELECT 1 FROM segments s WHERE s.lecture_id = l.id)
           OR EXISTS (SELECT 1 FROM slides s WHERE s.lecture_id = l.id)`,
      )
      .get() as { n: number }
  ).n;
}

export function countQueued(db: Db): number {
  return (
    db.prepare("SELECT count(*) AS n FROM lectures WHERE status IN ('queued', 'indexing')").get() as { n: number }
  ).n;
}

export function queueLecture(db: Db, id: number): void {
  db.prepare("UPDATE lectures SET status = 'queued', error = NULL WHERE id = ? AND status != 'indexing'").run(id);
}

export function prioritiseLecture(db: Db, id: number): void {
  db.prepare('UPDATE lectures SET priority = (SELECT coalesce(max(priority), 0) + 1 FROM lectures) WHERE id = ?').run(
    id,
  );
}

/** Lectures paused one by one (they keep their place in the queue, across restarts too). */
export function heldLectureIds(db: Db): number[] {
  return (db.prepare('SELECT id FROM lectures WHERE held = 1 ORDER BY id').all() as Array<{ id: number }>).map(
    (row) => row.id,
  );
}

/** Whether one lecture is paused on its own (read from the library, so a hold set or released elsewhere counts). */
export function isLectureHeld(db: Db, id: number): boolean {
  return db.prepare('SELECT 1 FROM lectures WHERE id = ? AND held = 1').get(id) !== undefined;
}

/**
 * The media lengths (null when not yet known) of the lectures waiting their turn: queued, not
 * paused on their own, and not in `exclude` (those running).
 */
export function waitingLectureDurations(db: Db, exclude: readonly number[] = []): Array<number | null> {
  const skip = exclude.length ? `AND id NOT IN (${exclude.map(() => '?').join(',')})` : '';
  return (
    db
      .prepare(`SELECT duration FROM lectures WHERE status = 'queued' AND held = 0 ${skip} ORDER BY path`)
      .all(...exclude) as Array<{ duration: number | null }>
  ).map((row) => row.duration);
}

/** Pauses one lecture on its own, or resumes it; no id: resumes every lecture paused so. */
export function setLectureHeld(db: Db, id: number | undefined, held: boolean): void {
  if (id === undefined) db.prepare('UPDATE lectures SET held = 0 WHERE held = 1').run();
  else db.prepare('UPDATE lectures SET held = ? WHERE id = ?').run(held ? 1 : 0, id);
}

export function cancelQueued(db: Db, id?: number): void {
  if (id === undefined) db.prepare("UPDATE lectures SET status = 'cancelled' WHERE status = 'queued'").run();
  else db.prepare("UPDATE lectures SET status = 'cancelled' WHERE id = ? AND status = 'queued'").run(id);
}

export function requeueFailed(db: Db, folderId?: number): number {
  const scope = folderId === undefined ? '' : 'AND folder_id = ?';
  const args = folderId === undefined ? [] : [folderId];
  return db
    .prepare(`UPDATE lectures SET status = 'queued', error = NULL WHERE status IN ('failed', 'cancelled') ${scope}`)
    .run(...args).changes;
}
