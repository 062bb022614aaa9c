import type { Folder } from '../core/domain-types.ts';
import type { Db } from './database.ts';

interface FolderRow {
  id: number;
  path: string;
  added_at: string;
  lecture_count: number;
}

const toFolder = (row: FolderRow): Folder => ({
  id: row.id,
  path: row.path,
  addedAt: row.added_at,
  lectureCount: row.lecture_count,
});

const SELECT = `SELECT f.id, f.path, f.added_at,
  (SELECT count(*) FROM lectures l WHERE l.folder_id = f.id) AS lecture_count FROM folders f`;

export function addFolder(db: Db, folderPath: string): Folder {
  db.prepare('INSERT OR IGNORE INTO folders (path, added_at) VALUES (?, ?)').run(folderPath, new Date().toISOString());
  return toFolder(db.prepare(`${SELECT} WHERE f.path = ?`).get(folderPath) as FolderRow);
}

export function listFolders(db: Db): Folder[] {
  return (db.prepare(`${SELECT} ORDER BY f.path`).all() as FolderRow[]).map(toFolder);
}

export function getFolder(db: Db, id: number): Folder | undefined {
  const row = db.prepare(`${SELECT} WHERE f.id = ?`).get(id) as FolderRow | undefined;
  return row && toFolder(row);
}

/** Removes the folder and, through the foreign keys, everything indexed under it. */
export function removeFolder(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM folders WHERE id = ?').run(id).changes > 0;
}
