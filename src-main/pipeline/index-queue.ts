import { EventEmitter } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobsState, ProgressEvent, StageName } from '../core/domain-types.ts';
import { STAGE_ORDER } from '../core/stage-order.ts';
import { lectureSecondsLeftInLanes, queueSecondsLeft, stageRates, type StageTiming } from '../core/time-left.ts';
import { isUserError } from '../core/user-error.ts';
import { libraryDataVersion } from '../store/data-version.ts';
import type { Db } from '../store/database.ts';
import { addFolder } from '../store/folders-store.ts';
import { acquireIndexingLock } from '../store/indexing-lock.ts';
import {
  cancelQueued,
  countQueued,
  getLectureRow,
  heldLectureIds,
  isLectureHeld,
  listLecturesUnder,
  nextQueuedLecture,
  prioritiseLecture,
  queueLecture,
  requeueFailed,
  setLectureHeld,
  setLectureStatus,
  waitingLectureDurations,
} from '../store/lectures-store.ts';
import { readQueuePaused, setQueuePaused } from '../store/queue-pause-store.ts';
import { indexLecture, type LectureOutcome } from './lecture-indexer.ts';
import { lectureForPath } from './lecture-identity.ts';
import { scanMediaFiles, type SkippedEntry } from './media-files.ts';
import type { IndexSettings } from './stage.ts';

const WAITING = 'Waiting for another Lectern process that is indexing this library.';

interface Running {
  lectureId: number;
  controller: AbortController;
  cancelled: boolean;
  /** The stages under way (speech recognition runs beside the others), for the time-left estimate. */
  timers: Map<StageName, StageTimer>;
  /** Every stage started so far, for where each lane of the time-left estimate has got to. */
  started: Set<StageName>;
  mediaSeconds: number | null;
  secondsLeft: number | null;
}

/** When a stage of a running lecture started, how far it is, and when it last reached its end. */
interface StageTimer {
  stage: StageName;
  startedAt: number;
  fraction: number;
  completedAt: number | null;
}

/** Stage timings kept for the estimate: the latest runs, enough to follow a changed machine load. */
const TIMINGS_KEPT = 200;
/** How long the waiting lectures' lengths are reused before the table is read again. */
const WAITING_CACHE_MS = 2000;
/** How often the queue's state (with its time left) is sent while lectures make progress. */
const ESTIMATE_EVERY_MS = 3000;
/** How often the background queue looks for a pause, resume or hold written by another process. */
const OUTSIDE_CHANGES_EVERY_MS = 1000;

/** What one `indexNow` call did: each file's outcome in the order found, and files gone from its folders. */
export interface IndexSummary {
  outcomes: LectureOutcome[];
  indexed: number;
  unchanged: number;
  failed: number;
  missing: string[];
  /** Links and folders met under the targets that were not indexed, and why. */
  skipped: SkippedEntry[];
}

export interface IndexNowOptions {
  /** `--chapters N` for these lectures. */
  requestedChapters?: number;
  /** Aborting stops the run: the running lecture goes back to the queue, keeping its finished stages. */
  signal?: AbortSignal;
  /** Called once the files are known, before indexing starts. */
  onPlan?: (files: string[]) => void;
  /** Called when another process is indexing this library: the run waits for it, then finds its work done. */
  onWait?: () => void;
}

/** A caller waiting for lectures (the CLI's `index`): its settings and what it is told when each ends. */
interface Waiter {
  settings: Partial<IndexSettings>;
  outcomes: Map<number, LectureOutcome>;
  pending: Set<number>;
  done: () => void;
}

/**
 * The library's indexing queue, kept in SQLite: a lecture waits as status 'queued', and one
 * left 'indexing' by a crash is picked up first on the next start (its finished stages are
 * cached, so it resumes where it stopped). Lectures run one or more at a time, sized to the
 * machine so the window stays responsive; the one the student opened can jump the queue.
 * Emits 'progress' (ProgressEvent), 'partial' (a stage stored part of its result: PartialEvent),
 * 'changed' (JobsState) and 'idle'.
 */
export class IndexQueue extends EventEmitter {
  private readonly running = new Map<number, Running>();
  // Lectures paused one by one stay queued with `held` set in the library, and are read from
  // there (never copied here): another process on the library (a terminal's `lectern index`)
  // may pause or release them, and this queue must see it.
  /** How long stages took on this machine in this session, per second of media. */
  private readonly timings: StageTiming[] = [];
  private waitingMedia: { at: number; media: Array<number | null> } | null = null;
  private lastEstimateAt = 0;
  // The whole queue's pause (kept in the library across restarts) is read from there where the
  // queue decides, never copied here: another process on the library (a terminal's `lectern
  // index`, a second window) may pause or resume it, and this queue must see it.
  /** Set when the app closes: nothing more starts, and nothing is recorded as paused. */
  private stopped = false;
  private current: ProgressEvent | null = null;
  private workers = 0;
  /** Set while only the lectures of waiting callers may run (a one-shot command, no background work). */
  private foreground: Waiter[] | null = null;
  private backgroundStarted = false;
  private readonly waiters: Waiter[] = [];
  /** The background queue's watch on the library for another process's writes, and what it last saw. */
  private outsideWatch: NodeJS.Timeout | null = null;
  private seenDataVersion = -1;
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
    this.stopped = false;
    this.background();
  }

  /**
   * Another process committed to the library (a terminal's `lectern index`, a second window): a
   * pause or hold it wrote stops the running lectures it covers, as the window's own pause does,
   * and a resume or release it wrote lets the queue pick them. Cheap when nothing changed: one
   * pragma read, no table.
   */
  private followOutsideChanges(): void {
    if (this.stopped || !this.db.open) return;
    const version = libraryDataVersion(this.db);
    if (version === this.seenDataVersion) return;
    this.seenDataVersion = version;
    if (this.running.size > 0) this.stopPausedJobs(readQueuePaused(this.db), heldLectureIds(this.db));
    this.waitingMedia = null;
    this.emit('changed', this.state());
    this.pump();
  }

  /**
   * Indexes the media under `targets` now and resolves with each file's outcome (`lectern
   * index`, and commands that index a file first). Without `start()`, only these lectures run;
   * with it, they join the background work. A missing target throws a UserError.
   */
  async indexNow(targets: readonly string[], options: IndexNowOptions = {}): Promise<IndexSummary> {
    const plan: Array<{ file: string; lectureId: number }> = [];
    const folders: string[] = [];
    const skipped: SkippedEntry[] = [];
    for (const target of targets) {
      const { root, files, folderId, skipped: left } = await this.scan(target);
      skipped.push(...left);
      if (folderId !== null) folders.push(root);
      for (const file of files) plan.push({ file, lectureId: (await lectureForPath(this.db, file, folderId)).id });
    }
    // Held for the whole run (the queue's lectures share it), so a second process waits here, once.
    const lock = await acquireIndexingLock(this.dataDir, { signal: options.signal, onWait: options.onWait });
    try {
      return { ...(await this.runNow(plan, folders, options)), skipped };
    } finally {
      lock.release();
    }
  }

  private async runNow(
    plan: Array<{ file: string; lectureId: number }>,
    folders: string[],
    options: IndexNowOptions,
  ): Promise<Omit<IndexSummary, 'skipped'>> {
    options.onPlan?.(plan.map((p) => p.file));
    const waiter: Waiter = {
      settings: options.requestedChapters === undefined ? {} : { requestedChapters: options.requestedChapters },
      outcomes: new Map(),
      pending: new Set(plan.map((p) => p.lectureId)),
      done: () => {},
    };
    const finished = new Promise<void>((resolve) => (waiter.done = resolve));
    if (waiter.pending.size === 0) waiter.done();
    const onAbort = () => {
      // Only this run's lectures stop; whatever else the queue is doing goes on.
      for (const id of waiter.pending) this.running.get(id)?.controller.abort();
      waiter.pending.clear();
      waiter.done();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // Asked for by name (`lectern index`), a lecture paused on its own in the window runs.
    for (const id of waiter.pending) setLectureHeld(this.db, id, false);
    this.waiters.push(waiter);
    if (!this.backgroundStarted) (this.foreground ??= []).push(waiter);
    for (const id of waiter.pending) queueLecture(this.db, id);
    this.emit('changed', this.state());
    this.pump();
    try {
      await finished;
      // A lecture still running when the run was aborted ends (back in the queue) before this returns.
      while (plan.some((p) => this.running.has(p.lectureId))) await new Promise((r) => this.once('settled', r));
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      this.foreground?.splice(this.foreground.indexOf(waiter), 1);
    }
    const outcomes = plan.flatMap((p) => waiter.outcomes.get(p.lectureId) ?? []);
    // After indexing, so that a moved file has already taken its lecture along.
    const missing = folders.flatMap((root) => this.markMissing(root));
    return {
      outcomes,
      indexed: outcomes.filter((o) => o.status === 'indexed').length,
      unchanged: outcomes.filter((o) => o.status === 'unchanged').length,
      failed: outcomes.filter((o) => o.status === 'failed').length,
      missing,
    };
  }

  /** Finds media under folders or files and queues every file; unchanged ones are confirmed quickly. */
  async enqueue(targets: string[]): Promise<number> {
    let queued = 0;
    for (const target of targets) {
      let scanned;
      try {
        scanned = await this.scan(target);
      } catch (error) {
        const message = isUserError(error) ? error.message : (error as Error).message;
        this.emitProgress({ lectureId: null, file: path.resolve(target), stage: 'failed', done: 1, total: 1, message });
        continue;
      }
      const { root, files, folderId, skipped } = scanned;
      for (const entry of skipped) this.reportSkipped(entry);
      for (const file of files) {
        queued += (await this.enqueueFile(file, folderId, false)) ? 1 : 0;
      }
      if (folderId !== null) this.markMissing(root);
    }
    this.background();
    return queued;
  }

  /** The media under a folder (now one of the library's folders) or a single file; a UserError when neither. */
  private async scan(
    target: string,
  ): Promise<{ root: string; files: string[]; folderId: number | null; skipped: SkippedEntry[] }> {
    const root = path.resolve(target);
    const { files, skipped } = await scanMediaFiles(root);
    const folderId = statSync(root).isDirectory() ? addFolder(this.db, root).id : null;
    return { root, files, folderId, skipped };
  }

  /** Queues one file (a watcher event). Returns false when it is being indexed right now. */
  async enqueueFile(file: string, folderId: number | null, pump = true): Promise<boolean> {
    const row = await lectureForPath(this.db, file, folderId);
    if (this.running.has(row.id)) return false;
    queueLecture(this.db, row.id);
    this.emit('changed', this.state());
    if (pump) this.background();
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

  /** Files gone from a folder: keep their chapters (and edits) but say so. Returns their paths. */
  markMissing(folder: string): string[] {
    const gone: string[] = [];
    for (const known of listLecturesUnder(this.db, folder)) {
      if (existsSync(known.path) || this.running.has(known.id)) continue;
      if (known.status !== 'missing')
        setLectureStatus(this.db, known.id, 'missing', 'The file is no longer in the folder.');
      gone.push(known.path);
    }
    return gone;
  }

  state(): JobsState {
    const paused = readQueuePaused(this.db);
    return {
      running: this.running.size > 0,
      paused,
      queued: countQueued(this.db) - this.running.size,
      current: this.current,
      secondsLeft: paused ? null : this.queueSecondsLeft(), // none while paused
      heldLectures: heldLectureIds(this.db),
    };
  }

  /**
   * Pauses the whole queue, or one lecture. A running lecture stops at once (its finished
   * stages are kept, the stage under way runs again on resume) and goes back to the queue. The
   * queue's pause leaves alone what a command (`lectern index`) waits for.
   */
  pause(lectureId?: number): void {
    if (lectureId === undefined) setQueuePaused(this.db, true);
    else setLectureHeld(this.db, lectureId, true);
    this.stopPausedJobs(lectureId === undefined, lectureId === undefined ? [] : [lectureId]);
    this.waitingMedia = null;
    this.emit('changed', this.state());
  }

  /**
   * Stops the running lectures a pause covers: all but those a command waits for when the queue
   * is paused, and the `held` ones whoever waits for them. They go back to the queue.
   */
  private stopPausedJobs(queuePaused: boolean, held: readonly number[]): void {
    const asked = new Set(this.waiters.flatMap((w) => [...w.pending]));
    for (const job of this.running.values()) {
      if ((queuePaused && !asked.has(job.lectureId)) || held.includes(job.lectureId)) job.controller.abort();
    }
  }

  /** Stops all work for good (the app closes): running lectures go back to the queue, as after a pause. */
  stop(): void {
    this.stopped = true;
    if (this.outsideWatch) clearInterval(this.outsideWatch);
    this.outsideWatch = null;
    for (const job of this.running.values()) job.controller.abort();
    this.waitingMedia = null;
  }

  /** Resumes the whole queue, or one lecture paused on its own. */
  resume(lectureId?: number): void {
    if (lectureId === undefined) setQueuePaused(this.db, false);
    else setLectureHeld(this.db, lectureId, false);
    this.waitingMedia = null;
    this.emit('changed', this.state());
    this.background();
  }

  /**
   * Cancels one lecture, or everything queued and running: it leaves the queue and is marked
   * cancelled (its stage under way is dropped, nothing half-written counts as done).
   */
  cancel(lectureId?: number): void {
    setLectureHeld(this.db, lectureId, false);
    this.waitingMedia = null;
    cancelQueued(this.db, lectureId);
    for (const waiter of this.waiters) {
      for (const id of [...waiter.pending]) {
        if ((lectureId !== undefined && id !== lectureId) || this.running.has(id)) continue;
        const file = getLectureRow(this.db, id)?.path ?? '';
        waiter.pending.delete(id);
        waiter.outcomes.set(id, { file, lectureId: id, status: 'failed', reason: 'cancelled' });
      }
      if (waiter.pending.size === 0) waiter.done();
    }
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
    this.background();
    return count;
  }

  prioritise(lectureId: number): void {
    prioritiseLecture(this.db, lectureId);
    this.emit('changed', this.state());
  }

  /** Resolves when nothing is queued or running (or the queue is paused). */
  idle(): Promise<void> {
    if (this.workers === 0 && !nextQueuedLecture(this.db, [], this.allowed())) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.once('idle', () => resolve()));
  }

  private emitProgress(event: ProgressEvent): void {
    const job = event.lectureId === null ? undefined : this.running.get(event.lectureId);
    // A paused lecture's stopped stage is not a failure: it is back in the queue, and 'changed' says so.
    // (Its own hold is looked up only here, for an aborted job's failure, not on every progress event.)
    if (job && !job.cancelled && event.stage === 'failed' && job.controller.signal.aborted) {
      if (this.stopped || readQueuePaused(this.db) || isLectureHeld(this.db, job.lectureId)) return;
    }
    const timed = job ? { ...event, secondsLeft: this.track(job, event) } : event;
    this.current = timed;
    this.emit('progress', timed);
    // The queue's time left moves with its lectures' progress: say so now and then, not per event.
    const now = performance.now();
    if (job && now - this.lastEstimateAt > ESTIMATE_EVERY_MS) {
      this.lastEstimateAt = now;
      this.emit('changed', this.state());
    }
  }

  /**
   * Times the stages of a running lecture from its progress events; returns its time left. Stages
   * run in two lanes at once (speech recognition beside the picture's stages), so each keeps its
   * own timer, and the lecture is done when its slower lane and then the stages after both are.
   */
  private track(job: Running, event: ProgressEvent): number | null {
    const now = performance.now();
    if (job.mediaSeconds === null && event.stage !== 'probe') {
      job.mediaSeconds = getLectureRow(this.db, job.lectureId)?.duration ?? null;
    }
    if (!(STAGE_ORDER as readonly string[]).includes(event.stage)) {
      for (const timer of job.timers.values()) this.recordStage(job, timer);
      job.timers.clear();
      job.secondsLeft = event.stage === 'done' ? 0 : null;
      return job.secondsLeft;
    }
    const stage = event.stage as StageName;
    const fraction = event.total > 0 ? event.done / event.total : 0;
    let timer = job.timers.get(stage);
    // A stage starts (or runs again: the provisional chapters, then the final ones): the stages
    // that finished meanwhile are timed and let go.
    if (!timer || (timer.completedAt !== null && fraction < 1)) {
      for (const done of job.timers.values()) {
        if (done.completedAt === null) continue;
        this.recordStage(job, done);
        job.timers.delete(done.stage);
      }
      timer = { stage, startedAt: now, fraction: 0, completedAt: null };
      job.timers.set(stage, timer);
    }
    timer.fraction = fraction;
    if (fraction >= 1) timer.completedAt = now;
    job.started.add(stage);
    const underWay = [...job.timers.values()]
      .filter((t) => t.completedAt === null)
      .map((t) => ({ stage: t.stage, stageFraction: t.fraction, stageElapsed: (now - t.startedAt) / 1000 }));
    job.secondsLeft = lectureSecondsLeftInLanes(job.mediaSeconds, underWay, job.started, stageRates(this.timings));
    return job.secondsLeft;
  }

  /** Keeps the time a finished stage took (a stage cut short by a pause or an error is not kept). */
  private recordStage(job: Running, timer: StageTimer): void {
    if (timer.completedAt === null || job.mediaSeconds === null) return;
    this.timings.push({
      stage: timer.stage,
      seconds: (timer.completedAt - timer.startedAt) / 1000,
      mediaSeconds: job.mediaSeconds,
    });
    if (this.timings.length > TIMINGS_KEPT) this.timings.splice(0, this.timings.length - TIMINGS_KEPT);
  }

  /** The queue's time left: the running lectures' own estimates, then the waiting ones at the measured rates. */
  private queueSecondsLeft(): number | null {
    const now = performance.now();
    if (!this.waitingMedia || now - this.waitingMedia.at > WAITING_CACHE_MS) {
      this.waitingMedia = { at: now, media: waitingLectureDurations(this.db, [...this.running.keys()]) };
    }
    const running = [...this.running.values()].map((job) => job.secondsLeft);
    return queueSecondsLeft(running, this.waitingMedia.media, stageRates(this.timings), this.parallel);
  }

  /**
   * From now on any queued lecture may run, not only those a one-shot command waits for, and the
   * queue follows the pause, resume and holds another process on the library writes.
   */
  private background(): void {
    this.backgroundStarted = true;
    this.foreground = null;
    if (!this.outsideWatch && !this.stopped) {
      this.seenDataVersion = libraryDataVersion(this.db);
      this.outsideWatch = setInterval(() => this.followOutsideChanges(), OUTSIDE_CHANGES_EVERY_MS);
      this.outsideWatch.unref();
    }
    this.pump();
  }

  /**
   * The lectures that may run, when not all queued ones may: those a one-shot command waits for
   * while it runs alone, and while the queue is paused (a command asked for them by name).
   */
  private allowed(): number[] | undefined {
    if (this.stopped) return [];
    const waiting = readQueuePaused(this.db) ? this.waiters : this.foreground;
    return waiting ? waiting.flatMap((w) => [...w.pending]) : undefined;
  }

  private pump(): void {
    while (this.workers < this.parallel) {
      const next = nextQueuedLecture(this.db, [...this.running.keys()], this.allowed());
      if (!next) break;
      this.workers++;
      void this.work(next.id).finally(() => {
        this.workers--;
        if (this.workers === 0) {
          this.current = null;
          if (!nextQueuedLecture(this.db, [], this.allowed())) {
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
    const job: Running = {
      lectureId,
      controller: new AbortController(),
      cancelled: false,
      timers: new Map(),
      started: new Set(),
      mediaSeconds: row.duration,
      secondsLeft: null,
    };
    this.running.set(lectureId, job);
    this.emit('changed', this.state());
    const waiting = this.waiters.filter((w) => w.pending.has(lectureId));
    try {
      // Another process indexing this library goes first; cancelled or paused meanwhile, the lecture stays queued.
      const lock = await acquireIndexingLock(this.dataDir, {
        signal: job.controller.signal,
        onWait: () =>
          this.emitProgress({ lectureId, file: row.path, stage: 'probe', done: 0, total: 1, message: WAITING }),
      }).catch(() => null);
      let outcome: LectureOutcome;
      if (!lock) {
        outcome = { file: row.path, lectureId, status: 'failed', reason: 'cancelled' };
      } else {
        try {
          outcome = await indexLecture({
            db: this.db,
            dataDir: this.dataDir,
            file: row.path,
            folderId: row.folder_id,
            settings: Object.assign({}, this.settings(), ...waiting.map((w) => w.settings)),
            signal: job.controller.signal,
            onProgress: (event) => this.emitProgress(event),
            onPartial: (event) => this.emit('partial', event),
          });
        } finally {
          lock.release();
        }
      }
      if (job.cancelled) setLectureStatus(this.db, lectureId, 'cancelled', 'Indexing was cancelled.');
      // Paused mid-lecture, it goes back to the queue: its waiters hear when it really ends.
      const ended = !(outcome.status === 'failed' && outcome.reason === 'cancelled' && !job.cancelled);
      // Every caller waiting now hears, including one that asked for this lecture while it was already running.
      for (const waiter of this.waiters.filter((w) => w.pending.has(lectureId))) {
        if (!ended || !waiter.pending.delete(lectureId)) continue;
        waiter.outcomes.set(lectureId, outcome);
        if (waiter.pending.size === 0) waiter.done();
      }
    } finally {
      this.running.delete(lectureId);
      this.waitingMedia = null;
      this.emit('settled', lectureId);
    }
  }
}
