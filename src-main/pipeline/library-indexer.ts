import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ProgressEvent } from '../api/contract.ts';
import type { Db } from '../store/database.ts';
import { addFolder } from '../store/folders-store.ts';
import { acquireIndexingLock } from '../store/indexing-lock.ts';
import { listLecturesUnder, setLectureStatus } from '../store/lectures-store.ts';
import { indexLecture, type LectureOutcome } from './lecture-indexer.ts';
import { scanMediaFiles, type SkippedEntry } from './media-files.ts';
import type { IndexSettings } from './stage.ts';

export interface IndexSummary {
  outcomes: LectureOutcome[];
  indexed: number;
  unchanged: number;
  failed: number;
  missing: string[];
  /** Links and folders met under the targets that were not indexed, and why. */
  skipped: SkippedEntry[];
}

export interface LibraryJob {
  db: Db;
  dataDir: string;
  /** Folders (walked recursively) or single media files. */
  targets: string[];
  settings: IndexSettings;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  /** Called once the files are known, before indexing starts. */
  onPlan?: (files: string[]) => void;
  /** Called when another process is indexing this library: the job waits for it, then finds its work done. */
  onWait?: () => void;
}

/**
 * Indexes every media file under the targets, one lecture at a time. A file that fails is
 * recorded with its reason and the batch goes on. Files the library knew that are gone are
 * marked missing; their chapters stay until the user removes them. One process indexes a
 * library at a time: a second run waits for the first and then finds its lectures unchanged.
 */
export async function indexLibrary(job: LibraryJob): Promise<IndexSummary> {
  const plan: Array<{ file: string; folderId: number | null }> = [];
  const folders: string[] = [];
  const skipped: SkippedEntry[] = [];
  for (const target of job.targets) {
    const root = path.resolve(target);
    const { files, skipped: left } = await scanMediaFiles(root);
    skipped.push(...left);
    const isFolder = statSync(root).isDirectory();
    const folderId = isFolder ? addFolder(job.db, root).id : null;
    if (isFolder) folders.push(root);
    for (const file of files) plan.push({ file, folderId });
  }
  const lock = await acquireIndexingLock(job.dataDir, { signal: job.signal, onWait: job.onWait });
  job.onPlan?.(plan.map((p) => p.file));
  const outcomes: LectureOutcome[] = [];
  const missing: string[] = [];
  try {
    for (const { file, folderId } of plan) {
      if (job.signal?.aborted) break;
      outcomes.push(
        await indexLecture({
          db: job.db,
          dataDir: job.dataDir,
          file,
          folderId,
          settings: job.settings,
          signal: job.signal,
          onProgress: job.onProgress,
        }),
      );
    }
    // After indexing, so that a moved file has already taken its lecture along.
    for (const root of folders) {
      for (const known of listLecturesUnder(job.db, root)) {
        if (!existsSync(known.path)) {
          setLectureStatus(job.db, known.id, 'missing', 'The file is no longer in the folder.');
          missing.push(known.path);
        }
      }
    }
  } finally {
    lock.release();
  }
  return {
    outcomes,
    indexed: outcomes.filter((o) => o.status === 'indexed').length,
    unchanged: outcomes.filter((o) => o.status === 'unchanged').length,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    missing,
    skipped,
  };
}
