import path from 'node:path';
import { existsSync } from 'node:fs';
import type { LectureDetail, LectureSummary } from '../api/contract.ts';
import type { LecternService } from '../api/lectern-service.ts';
import { UserError } from '../core/user-error.ts';
import { isMediaFile } from '../pipeline/media-files.ts';
import { indexWithProgress } from './index-with-progress.ts';

/** The lecture for a file argument, indexing it first when the library does not know it yet (or it changed). */
export async function lectureForFile(library: LecternService, file: string): Promise<LectureDetail> {
  const resolved = path.resolve(file);
  if (!existsSync(resolved)) throw new UserError('file-missing', `File not found: ${resolved}`);
  if (!isMediaFile(resolved)) {
    throw new UserError(
      'not-media',
      `Not a media file: ${resolved}`,
      'Give a lecture recording (mp4, mkv, webm, mov, m4v, mp3, m4a, wav, ogg, opus).',
    );
  }
  const summary = await indexWithProgress(library, [resolved]);
  const outcome = summary.outcomes[0];
  if (outcome?.status === 'failed') throw new UserError('index-failed', outcome.reason, outcome.hint);
  if (!outcome?.lectureId) throw new UserError('not-indexed', `Could not index ${resolved}.`);
  return library.getLecture({ id: outcome.lectureId });
}

/** A lecture already in the library, for commands that only read (search --in). */
export async function indexedLecture(library: LecternService, file: string): Promise<LectureSummary> {
  const resolved = path.resolve(file);
  const lecture = (await library.listLectures({})).find((l) => l.path === resolved);
  if (!lecture)
    throw new UserError('not-indexed', `Not in the library: ${resolved}`, `Run \`lectern index "${resolved}"\` first.`);
  return lecture;
}
