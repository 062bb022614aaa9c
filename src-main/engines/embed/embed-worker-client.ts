/**
 * The caller-side half of an embedder: starts embed-worker in a worker thread, splits each call
 * into batches, sends them one at a time, and honours AbortSignal and progress between batches.
 * The worker is unref'd while idle, so an embedder left open does not keep Node alive.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EmbedBackendSpec, EmbedMethod } from './embed-backend.ts';
import { deserializeError, type FromWorker, type ToWorker } from './embed-worker-protocol.ts';
import type { EmbedCallOptions } from './text-embedder.ts';

export interface WorkerSettings {
  /** Items per message to a worker (one inference batch). */
  batchSize: number;
  /** Worker threads, each with its own copy of the model, taking batches in turn (default 1). */
  workers?: number;
}

/**
 * The worker entry next to this module: the .ts source under tsx/vitest, or a built
 * embed-worker.mjs/.js when this module has been bundled (the build must emit it alongside).
 */
function workerEntry(): URL {
  const candidates = ['./embed-worker.ts', './embed-worker.mjs', './embed-worker.js'].map(
    (p) => new URL(p, import.meta.url),
  );
  const found = candidates.find((u) => existsSync(fileURLToPath(u)));
  if (!found) throw new Error(`embedding worker entry not found next to ${fileURLToPath(import.meta.url)}`);
  return found;
}

function spawnWorker(spec: EmbedBackendSpec): Worker {
  const entry = workerEntry();
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: { spec } });
  // TypeScript source: register tsx's loader inside the worker first (its hooks do not carry over).
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData: { spec } });
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

/**
 * The workers of one embedder: a call is cut into batches (texts sorted by length to cut
 * padding) that the workers take in turn, each as soon as it is free; calls run one at a time.
 */
export class EmbedWorkerPool {
  private lock: Promise<void> = Promise.resolve();
  /** Calls running or waiting for the lock. */
  private calls = 0;

  constructor(
    private readonly clients: EmbedWorkerClient[],
    private readonly batchSize: number,
  ) {}

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
      await Promise.all(
        this.clients.slice(0, batches.length).map((client) =>
          lane(client).catch((error: unknown) => {
            stopped = true;
            throw error;
          }),
        ),
      );
      return out;
    } finally {
      this.calls--;
      release();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
  }
}

/**
 * Starts a worker hosting the backend `spec` names and returns a proxy with the embedder's
 * methods (embed for text models; embedImages, and embedTexts when text-aligned, for image models).
 */
export async function embedderInWorker<T>(spec: EmbedBackendSpec, settings: WorkerSettings): Promise<T> {
  const count = Math.max(1, Math.floor(settings.workers ?? 1));
  const workers: Worker[] = [];
  let readies: Array<Extract<FromWorker, { type: 'ready' }>>;
  try {
    readies = await Promise.all(
      Array.from({ length: count }, () => {
        const worker = spawnWorker(spec);
        workers.push(worker);
        return workerReady(worker);
      }),
    );
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
  const ready = readies[0];
  const pool = new EmbedWorkerPool(
    workers.map((worker) => {
      const client = new EmbedWorkerClient(worker);
      worker.unref();
      return client;
    }),
    Math.max(1, settings.batchSize),
  );
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
