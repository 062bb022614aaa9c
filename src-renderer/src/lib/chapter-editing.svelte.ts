// Sends the student's chapter edits one after another (each is addressed by the chapters the
// previous one left), and folds quick repeated nudges of a boundary into one move.
import type { Chapter, ChapterEdit, LecternApi } from '../../../src-main/api/contract.ts';
import { moveRequest } from './chapter-edit-requests.ts';

export interface ChapterEditingOptions {
  api: LecternApi;
  lectureId: number;
  /** The chapters on screen now. */
  chapters: () => Chapter[];
  /** The chapters after an edit (or a reset), as the host stored them. */
  onChapters: (chapters: Chapter[]) => void;
  /** A failed edit, to show in words. */
  onError: (error: unknown) => void;
}

export class ChapterEditing {
  /** Edits sent and not yet answered. */
  pending = $state(0);
  private queue: Promise<unknown> = Promise.resolve();
  /** Seconds a boundary still has to move, by chapter index (not shown, so not reactive). */
  private readonly nudges: Record<number, number> = {};

  constructor(private readonly options: ChapterEditingOptions) {}

  /** Queues an edit, built when its turn comes; resolves true when the host applied it. */
  apply(build: () => ChapterEdit | null): Promise<boolean> {
    return this.enqueue(async () => {
      const edit = build();
      if (!edit) return false;
      this.options.onChapters(await this.options.api.editChapters({ lectureId: this.options.lectureId, edit }));
      return true;
    });
  }

  /** Moves the start of chapter `i` by `delta` seconds; presses made while one is on its way add up. */
  nudge(i: number, delta: number): void {
    const queued = i in this.nudges;
    this.nudges[i] = (this.nudges[i] ?? 0) + delta;
    if (queued) return;
    void this.apply(() => {
      const total = this.nudges[i] ?? 0;
      delete this.nudges[i];
      return moveRequest(this.options.chapters(), i, total);
    });
  }

  /** Drops every edit of this lecture: the automatic chapters again. */
  reset(): Promise<boolean> {
    return this.enqueue(async () => {
      this.options.onChapters(await this.options.api.resetChapters({ lectureId: this.options.lectureId }));
      return true;
    });
  }

  private enqueue(step: () => Promise<boolean>): Promise<boolean> {
    this.pending++;
    const run = this.queue.then(step).then(
      (applied) => applied,
      (error: unknown) => {
        this.options.onError(error);
        return false;
      },
    );
    this.queue = run.finally(() => this.pending--);
    return run;
  }
}
