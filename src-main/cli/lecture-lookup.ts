import path from 'node:path';
import { existsSync } from 'node:fs';
import { UserError } from '../core/user-error.ts';
import { isMediaFile } from '../pipeline/media-files.ts';
import { findLectureByPath, type LectureRow } from '../store/lectures-store.ts';
import type { OpenLibrary } from './open-library.ts';
import { runIndex } from './run-index.ts';

/** The lecture for a file argument, indexing it first when the library does not know it yet (or it changed). */
export async function lectureForFile(library: OpenLibrary, file: string): Promise<LectureRow> {
  const resolved = path.resolve(file);
  if (!existsSync(resolved)) throw new UserError('file-missing', `File not found: ${resolved}`);
  if (!isMediaFile(resolved)) {
    throw new UserError(
      'not-media',
      `Not a media file: ${resolved}`,
      'Give a lecture recording (mp4, mkv, webm, mov, m4v, mp3, m4a, wav, ogg, opus).',
    );
  }
  const summary = await runIndex(library, [resolved]);
  const failure = summary.outcomes.find((o) => o.status === 'failed');
  if (failure && failure.status === 'failed') throw new UserError('index-failed', failure.reason, failure.hint);
  const row = findLectureByPath(library.service.db, resolved);
  if (!row) throw new UserError('not-indexed', `Could not index ${resolved}.`);
  return row;
}

/** A lecture already in the library, for commands that only read (search --in). */
export function indexedLecture(library: OpenLibrary, file: string): LectureRow {
  const resolved = path.resolve(file);
  const row = findLectureByPath(library.service.db, resolved);
  if (!row)
    throw new UserError('not-indexed', `Not in the library: ${resolved}`, `Run \`lectern index "${resolved}"\` first.`);
  return row;
}
