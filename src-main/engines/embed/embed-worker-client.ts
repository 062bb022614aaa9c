/**
 * The caller-side half of an embedder: starts embed-worker in a worker thread, splits each call
 * into batches, sends them one at a time, and honours AbortSignal and progress between batches.
 * The worker is unref'd while idle, so an embedder left open does not keep Node alive.
 */
import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../module-worker.ts';
import type { EmbedBackendSpec, EmbedMethod } from './embed-backend.ts';
import { deserializeError, type FromWorker, type ToWorker } from './embed-worker-protocol.ts';
import type { EmbedCallOptions } from './text-embedder.ts';

export interface WorkerSettings {
  /** Items per message to a worker (one inference batch). */
  batchSize: number;
  /**
   * Worker threads at most, each with its own copy of the model, taking batches in turn
   * (default 1). One starts with the embedder; the others when a call first has several batches.
   */
  workers?: number;
}

function spawnWorker(spec: EmbedBackendSpec): Worker {
  return spawnModuleWorker(import.meta.url, 'embed-worker', { spec });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** Resolves or rejects with `promise`, or rejects as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** One worker thread: sends batches, matches their answers, fails every pending batch if the worker dies. */
export class EmbedWorkerClient {
  private readonly pending = new Map<number, { resolve: (v: Float32Array[]) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;

  constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'result' || (message.type === 'error' && message.id !== null)) {
        const entry = this.pending.get(message.id as number);
        if (!entry) return; // an aborted call's batch finishing late
        this.pending.delete(message.id as number);
        if (message.type === 'result') entry.resolve(message.vectors);
        else entry.reject(deserializeError(message.error));
        this.updateRef();
      }
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const entry of this.pending.values()) entry.reject(this.failure);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) =>
      fail(new Error(this.closing ? 'the embedder is closed' : `the embedding worker exited (code ${code})`)),
    );
  }

  get closed(): boolean {
    return this.closing !== null;
  }

  private updateRef(): void {
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  /** One batch: the worker answers with one vector per item. */
  send(method: EmbedMethod, items: Array<string | Uint8Array>): Promise<Float32Array[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.updateRef();
      this.worker.postMessage({ type: 'call', id, method, items } satisfies ToWorker);
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => void this.worker.terminate(), 5000);
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.ref();
      if (this.failure) void this.worker.terminate();
      else this.worker.postMessage({ type: 'close' } satisfies ToWorker);
    });
    return this.closing;
  }
}

/** How a pool adds workers: up to `max`, started by `start` (each loads its own copy of the model). */
export interface PoolGrowth {
  max: number;
  start: () => Promise<EmbedWorkerClient>;
}

/**
 * The workers of one embedder: a call is cut into batches (texts sorted by length to cut
 * padding) that the workers take in turn, each as soon as it is free; calls run one at a time.
 * A pool starts with one worker and adds the others (`growth`) the first time a call has more
 * than one batch: a search embeds one query at a time and never pays for a second model copy.
 */
export class EmbedWorkerPool {
  private lock: Promise<void> = Promise.resolve();
  /** Calls running or waiting for the lock. */
  private calls = 0;
  /** Workers being started, each resolving to its client (or null when it could not start). */
  private starting: Array<Promise<EmbedWorkerClient | null>> = [];

  constructor(
    private readonly clients: EmbedWorkerClient[],
    private readonly batchSize: number,
    private readonly growth?: PoolGrowth,
  ) {}

  /** Starts the missing workers once; a worker that fails to start is not retried. */
  private grow(): Array<Promise<EmbedWorkerClient | null>> {
    if (!this.growth) return [];
    const missing = this.growth.max - this.clients.length - this.starting.length;
    for (let i = 0; i < missing; i++) {
      const started = this.growth.start().then(
        (client) => {
          this.clients.push(client);
          return client;
        },
        () => null,
      );
      this.starting.push(started);
      void started.then(() => (this.starting = this.starting.filter((s) => s !== started)));
    }
    return this.starting;
  }

  async call(
    method: EmbedMethod,
    items: Array<string | Uint8Array>,
    options: EmbedCallOptions = {},
  ): Promise<Float32Array[]> {
    if (!Array.isArray(items)) throw new TypeError(`${method} takes an array`);
    if (this.clients.some((c) => c.closed)) throw new Error('the embedder is closed');
    const { signal, onProgress } = options;
    signal?.throwIfAborted();
    if (items.length === 0) return [];
    const previous = this.lock;
    let release!: () => void;
    this.lock = new Promise((r) => (release = r));
    this.calls++;
    try {
      // With no other call in the way, the first batches go out before this returns: a caller
      // that embeds a query and then does synchronous work (a search's SQLite half) gets both
      // done at once instead of the worker starting only after that work.
      if (this.calls > 1) await abortable(previous, signal);
      const order = items.map((_, i) => i);
      if (method !== 'embedImages') order.sort((a, b) => (items[a] as string).length - (items[b] as string).length);
      const batches: number[][] = [];
      for (let start = 0; start < order.length; start += this.batchSize) {
        batches.push(order.slice(start, start + this.batchSize));
      }
      const out = new Array<Float32Array>(items.length);
      let next = 0;
      let done = 0;
      let stopped = false;
      const lane = async (client: EmbedWorkerClient): Promise<void> => {
        while (!stopped && next < batches.length) {
          signal?.throwIfAborted();
          const idx = batches[next++];
          const vectors = await abortable(
            client.send(
              method,
              idx.map((i) => items[i]),
            ),
            signal,
          );
          idx.forEach((i, k) => (out[i] = vectors[k]));
          done += idx.length;
          onProgress?.(done, items.length);
        }
      };
      const run = (client: EmbedWorkerClient) =>
        lane(client).catch((error: unknown) => {
          stopped = true;
          throw error;
        });
      const lanes = this.clients.slice(0, batches.length).map(run);
      // Workers still starting join this call when they are ready, if batches are left.
      const joining = batches.length > this.clients.length ? this.grow() : [];
      for (const started of joining) {
        lanes.push(started.then((client) => (client && !stopped && next < batches.length ? run(client) : undefined)));
      }
      await Promise.all(lanes);
      return out;
    } finally {
      this.calls--;
      release();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.starting);
    await Promise.all(this.clients.map((c) => c.close()));
  }
}

/**
 * Starts a worker hosting the backend `spec` names and returns a proxy with the embedder's
 * methods (embed for text models; embedImages, and embedTexts when text-aligned, for image models).
 */
export async function embedderInWorker<T>(spec: EmbedBackendSpec, settings: WorkerSettings): Promise<T> {
  const max = Math.max(1, Math.floor(settings.workers ?? 1));
  const startClient = async (): Promise<{
    client: EmbedWorkerClient;
    ready: Extract<FromWorker, { type: 'ready' }>;
  }> => {
    const worker = spawnWorker(spec);
    try {
      const ready = await workerReady(worker);
      worker.unref();
      return { client: new EmbedWorkerClient(worker), ready };
    } catch (error) {
      await worker.terminate();
      throw error;
    }
  };
  const { client, ready } = await startClient();
  const pool = new EmbedWorkerPool([client], Math.max(1, settings.batchSize), {
    max,
    start: async () => (await startClient()).client,
  });
  const proxy: Record<string, unknown> = {
    id: ready.id,
    dim: ready.dim,
    textAligned: ready.textAligned,
    close: () => pool.close(),
  };
  for (const method of ready.methods) {
    proxy[method] = (items: Array<string | Uint8Array>, options?: EmbedCallOptions) =>
      pool.call(method, items, options);
  }
  return Object.freeze(proxy) as T;
}

/** Waits for a new worker's "ready" (its model loaded), or rejects with its loading error. */
async function workerReady(worker: Worker): Promise<Extract<FromWorker, { type: 'ready' }>> {
  let onMessage!: (message: FromWorker) => void;
  let onError!: (error: Error) => void;
  let onExit!: (code: number) => void;
  try {
    return await new Promise<Extract<FromWorker, { type: 'ready' }>>((resolve, reject) => {
      onMessage = (message) => {
        if (message.type === 'ready') resolve(message);
        else if (message.type === 'error' && message.id === null) reject(deserializeError(message.error));
      };
      onError = reject;
      onExit = (code) => reject(new Error(`the embedding worker exited while loading (code ${code})`));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  } finally {
    // Only our own listeners: removeAllListeners() would also drop the Worker's internal ones.
    worker.off('message', onMessage);
    worker.off('error', onError);
    worker.off('exit', onExit);
  }
}
