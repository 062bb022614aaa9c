import { EventEmitter } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobsState, ProgressEvent } from '../api/contract.ts';
import { isUserError } from '../core/user-error.ts';
import type { Db } from '../store/database.ts';
import { addFolder } from '../store/folders-store.ts';
import { acquireIndexingLock } from '../store/indexing-lock.ts';
import {
  cancelQueued,
  countQueued,
  getLectureRow,
  listLecturesUnder,
  nextQueuedLecture,
  prioritiseLecture,
  queueLecture,
  requeueFailed,
  setLectureStatus,
} from '../store/lectures-store.ts';
import { indexLecture } from './lecture-indexer.ts';
import { lectureForPath } from './lecture-identity.ts';
import { scanMediaFiles, type SkippedEntry } from './media-files.ts';
import type { IndexSettings } from './stage.ts';

const WAITING = 'Waiting for another Lectern process that is indexing this library.';

interface Running {
  lectureId: number;
  controller: AbortController;
  cancelled: boolean;
}

/**
 * The library's indexing queue, kept in SQLite: a lecture waits as status 'queued', and one
 * left 'indexing' by a crash is picked up first on the next start (its finished stages are
 * cached, so it resumes where it stopped). Lectures run one or more at a time, sized to the
 * machine so the window stays responsive; the one the student opened can jump the queue.
 * Emits 'progress' (ProgressEvent), 'changed' (JobsState) and 'idle'.
 */
export class IndexQueue extends EventEmitter {
  private readonly running = new Map<number, Running>();
  private paused = false;
  private current: ProgressEvent | null = null;
  private workers = 0;
  readonly parallel: number;

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    private readonly settings: () => IndexSettings,
    options: { parallel?: number } = {},
  ) {
    super();
    // Each lecture already keeps ffmpeg and the OCR pool busy: one per two cores.
    this.parallel = options.parallel ?? Math.max(1, Math.floor(os.availableParallelism() / 2));
  }

  /** Picks up whatever is queued or was interrupted. */
  start(): void {
    this.pump();
  }

  /** Finds media under folders or files and queues every file; unchanged ones are confirmed quickly. */
  async enqueue(targets: string[]): Promise<number> {
    let queued = 0;
    for (const target of targets) {
      const root = path.resolve(target);
      let files: string[];
      try {
        const scan = await scanMediaFiles(root);
        files = scan.files;
        for (const entry of scan.skipped) this.reportSkipped(entry);
      } catch (error) {
        const message = isUserError(error) ? error.message : (error as Error).message;
        this.emitProgress({ lectureId: null, file: root, stage: 'failed', done: 1, total: 1, message });
        continue;
      }
      const isFolder = statSync(root).isDirectory();
      const folderId = isFolder ? addFolder(this.db, root).id : null;
      for (const file of files) {
        queued += (await this.enqueueFile(file, folderId, false)) ? 1 : 0;
      }
      if (isFolder) this.markMissing(root);
    }
    this.pump();
    return queued;
  }

  /** Queues one file (a watcher event). Returns false when it is being indexed right now. */
  async enqueueFile(file: string, folderId: number | null, pump = true): Promise<boolean> {
    const row = await lectureForPath(this.db, file, folderId);
    if (this.running.has(row.id)) return false;
    queueLecture(this.db, row.id);
    this.emit('changed', this.state());
    if (pump) this.pump();
    return true;
  }

  /** Something in a folder that is not indexed (a link to a folder, say), and why. */
  reportSkipped(entry: SkippedEntry): void {
    this.emit('progress', {
      lectureId: null,
      file: entry.path,
      stage: 'skipped',
      done: 1,
      total: 1,
      message: entry.reason,
    });
    this.emit('changed', this.state()); // a report, not work: the jobs shown stay as they are
  }

  /** The file is gone: keep its chapters (and edits) but say so. */
  markMissing(folder: string): void {
    for (const known of listLecturesUnder(this.db, folder)) {
      if (!existsSync(known.path) && known.status !== 'missing' && !this.running.has(known.id)) {
        setLectureStatus(this.db, known.id, 'missing', 'The file is no longer in the folder.');
      }
    }
  }

  state(): JobsState {
    return {
      running: this.running.size > 0,
      paused: this.paused,
      queued: countQueued(this.db) - this.running.size,
      current: this.current,
    };
  }

  pause(): void {
    this.paused = true;
    for (const job of this.running.values()) job.controller.abort();
    this.emit('changed', this.state());
  }

  resume(): void {
    this.paused = false;
    this.emit('changed', this.state());
    this.pump();
  }

  cancel(lectureId?: number): void {
    cancelQueued(this.db, lectureId);
    for (const job of this.running.values()) {
      if (lectureId === undefined || job.lectureId === lectureId) {
        job.cancelled = true;
        job.controller.abort();
      }
    }
    this.emit('changed', this.state());
  }

  retryFailed(folderId?: number): number {
    const count = requeueFailed(this.db, folderId);
    this.pump();
    return count;
  }

  prioritise(lectureId: number): void {
    prioritiseLecture(this.db, lectureId);
    this.emit('changed', this.state());
  }

  /** Resolves when nothing is queued or running (or the queue is paused). */
  idle(): Promise<void> {
    if (this.workers === 0 && (this.paused || countQueued(this.db) === 0)) return Promise.resolve();
    return new Promise((resolve) => this.once('idle', () => resolve()));
  }

  private emitProgress(event: ProgressEvent): void {
    this.current = event;
    this.emit('progress', event);
  }

  private pump(): void {
    while (this.workers < this.parallel && !this.paused) {
      const next = nextQueuedLecture(this.db, [...this.running.keys()]);
      if (!next) break;
      this.workers++;
      void this.work(next.id).finally(() => {
        this.workers--;
        if (this.workers === 0) {
          this.current = null;
          if (this.paused || !nextQueuedLecture(this.db)) {
            this.emit('changed', this.state());
            this.emit('idle');
            return;
          }
        }
        this.pump();
      });
    }
  }

  private async work(lectureId: number): Promise<void> {
    const row = getLectureRow(this.db, lectureId);
    if (!row) return;
    const job: Running = { lectureId, controller: new AbortController(), cancelled: false };
    this.running.set(lectureId, job);
    this.emit('changed', this.state());
    try {
      // Another process indexing this library goes first; cancelled or paused meanwhile, the lecture stays queued.
      const lock = await acquireIndexingLock(this.dataDir, {
        signal: job.controller.signal,
        onWait: () =>
          this.emitProgress({ lectureId, file: row.path, stage: 'probe', done: 0, total: 1, message: WAITING }),
      }).catch(() => null);
      if (!lock) return;
      try {
        await indexLecture({
          db: this.db,
          dataDir: this.dataDir,
          file: row.path,
          folderId: row.folder_id,
          settings: this.settings(),
          signal: job.controller.signal,
          onProgress: (event) => this.emitProgress(event),
        });
      } finally {
        lock.release();
      }
      if (job.cancelled) setLectureStatus(this.db, lectureId, 'cancelled', 'Indexing was cancelled.');
    } finally {
      this.running.delete(lectureId);
    }
  }
}
