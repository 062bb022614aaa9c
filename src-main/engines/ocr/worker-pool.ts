/**
 * A fixed-size pool of long-lived workers (tesseract instances here) that run queued tasks one
 * at a time each. Workers start lazily up to the pool size and are reused. A task whose caller
 * aborts while it is queued never runs; one already running is left to finish (its result is
 * dropped) and its worker returns to the pool. A worker that dies is replaced on demand.
 */

export interface WorkerPoolOptions<W> {
  size: number;
  create: () => Promise<W>;
  destroy: (worker: W) => Promise<void>;
}

/** Passed to a task: `markBroken` tells the pool to drop the worker once the task settles. */
export interface WorkerLease<W> {
  worker: W;
  signal: AbortSignal;
  markBroken(): void;
}

interface Slot<W> {
  worker: W | null;
  starting: Promise<W> | null;
  busy: boolean;
  broken: boolean;
}

interface QueuedTask<W> {
  run: (lease: WorkerLease<W>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export function abortError(signal: AbortSignal | undefined): unknown {
  const reason = signal?.reason;
  return reason instanceof Error || (typeof DOMException !== 'undefined' && reason instanceof DOMException)
    ? reason
    : new DOMException('The operation was aborted.', 'AbortError');
}

export function isAbortError(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'AbortError';
}

export class PoolClosedError extends Error {
  constructor() {
    super('The OCR engine was closed.');
    this.name = 'PoolClosedError';
  }
}

export class WorkerPool<W> {
  readonly size: number;
  private readonly options: WorkerPoolOptions<W>;
  private readonly slots: Array<Slot<W>>;
  private readonly queue: Array<QueuedTask<W>> = [];
  private closed = false;
  private readonly running = new Set<Promise<unknown>>();

  constructor(options: WorkerPoolOptions<W>) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new RangeError(`Worker pool size must be a positive integer, got ${options.size}`);
    }
    this.size = options.size;
    this.options = options;
    this.slots = Array.from({ length: options.size }, () => ({
      worker: null,
      starting: null,
      busy: false,
      broken: false,
    }));
  }

  /** Starts `count` workers now (so start-up errors surface early and the first task is fast). */
  async warm(count = 1): Promise<void> {
    await Promise.all(this.slots.slice(0, count).map((slot) => this.ensureWorker(slot)));
  }

  /** How many workers have been started and are alive. */
  get started(): number {
    return this.slots.filter((slot) => slot.worker !== null).length;
  }

  get queued(): number {
    return this.queue.length;
  }

  run<T>(task: (lease: WorkerLease<W>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<T>((resolve, reject) => {
      const queued: QueuedTask<W> = {
        run: task as (lease: WorkerLease<W>) => Promise<unknown>,
        resolve: resolve as (value: unknown) => void,
        reject,
        signal,
        onAbort: () => {
          const index = this.queue.indexOf(queued);
          if (index >= 0) this.queue.splice(index, 1);
          reject(abortError(signal));
        },
      };
      signal?.addEventListener('abort', queued.onAbort, { once: true });
      this.queue.push(queued);
      this.pump();
    });
  }

  /** Rejects queued tasks, waits for running ones to stop, and ends every worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const task of this.queue.splice(0)) {
      task.signal?.removeEventListener('abort', task.onAbort);
      task.reject(new PoolClosedError());
    }
    const ends = this.slots.map(async (slot) => {
      const worker = slot.worker ?? (await slot.starting?.catch(() => null)) ?? null;
      slot.worker = null;
      if (worker !== null) await this.options.destroy(worker).catch(() => undefined);
    });
    await Promise.all(ends);
    await Promise.allSettled([...this.running]);
  }

  private ensureWorker(slot: Slot<W>): Promise<W> {
    if (slot.worker !== null) return Promise.resolve(slot.worker);
    if (!slot.starting) {
      slot.starting = this.options.create().then(
        (worker) => {
          slot.starting = null;
          if (this.closed) {
            void this.options.destroy(worker).catch(() => undefined);
            throw new PoolClosedError();
          }
          slot.worker = worker;
          slot.broken = false;
          return worker;
        },
        (error: unknown) => {
          slot.starting = null;
          throw error;
        },
      );
    }
    return slot.starting;
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy) continue;
      const task = this.queue.shift()!;
      task.signal?.removeEventListener('abort', task.onAbort);
      slot.busy = true;
      const settled = this.execute(slot, task).finally(() => {
        this.running.delete(settled);
        slot.busy = false;
        this.pump();
      });
      this.running.add(settled);
    }
  }

  private async execute(slot: Slot<W>, task: QueuedTask<W>): Promise<void> {
    const controller = new AbortController();
    let callerGone = false;
    const onAbort = () => {
      callerGone = true;
      controller.abort(task.signal?.reason);
      task.reject(abortError(task.signal));
    };
    task.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (task.signal?.aborted) {
        onAbort();
        return;
      }
      const worker = await this.ensureWorker(slot);
      const lease: WorkerLease<W> = {
        worker,
        signal: controller.signal,
        markBroken: () => {
          slot.broken = true;
        },
      };
      const value = await task.run(lease);
      if (!callerGone) task.resolve(value);
    } catch (error) {
      if (!callerGone) task.reject(this.closed && !isAbortError(error) ? new PoolClosedError() : error);
    } finally {
      task.signal?.removeEventListener('abort', onAbort);
      if (slot.broken && slot.worker !== null) {
        const dead = slot.worker;
        slot.worker = null;
        slot.broken = false;
        await this.options.destroy(dead).catch(() => undefined);
      }
    }
  }
}
