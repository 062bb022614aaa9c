import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/database.ts';
import {
  ensureLecture,
  findLectureByPath,
  findLecturesByContentHash,
  getLectureRow,
  moveLecture,
  setLectureFile,
  type LectureRow,
} from '../store/lectures-store.ts';
import { contentHash } from './content-hash.ts';

/**
 * The lecture row for a file: the one at this path; else a lecture whose file was renamed or
 * moved here (same content, old path gone), which then follows the file with everything
 * indexed for it; else a new row.
 */
export async function lectureForPath(db: Db, file: string, folderId: number | null): Promise<LectureRow> {
  const title = path.basename(file, path.extname(file));
  return (
    findLectureByPath(db, file) ??
    (await adoptMovedLecture(db, file, folderId, title)) ??
    ensureLecture(db, file, folderId, title)
  );
}

async function adoptMovedLecture(
  db: Db,
  file: string,
  folderId: number | null,
  title: string,
): Promise<LectureRow | undefined> {
  let hashed;
  try {
    hashed = await contentHash(file);
  } catch {
    return undefined; // unreadable: indexing reports it
  }
  const moved = findLecturesByContentHash(db, hashed.hash).find((row) => !existsSync(row.path));
  if (!moved) return undefined;
  db.transaction(() => {
    moveLecture(db, moved.id, { path: file, folderId, title });
    setLectureFile(db, moved.id, { size: hashed.size, mtimeMs: hashed.mtimeMs, contentHash: hashed.hash });
  })();
  return getLectureRow(db, moved.id);
}
