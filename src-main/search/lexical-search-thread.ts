/**
 * The search's side of lexical-search-worker: starts the worker on the library, sends it the
 * lexical half of a search and resolves with its result. The worker is unref'd while idle (an open
 * search never keeps Node alive). Until it is ready, or once it has failed, `run` returns null
 * and the search runs the same request on its own connection (LexicalHalf).
 */
import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../engines/module-worker.ts';
import type { LexicalRequest, LexicalResult } from './lexical-half.ts';

export type ToLexicalWorker = { type: 'search'; id: number; request: LexicalRequest };
export type FromLexicalWorker =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: LexicalResult }
  /** A failed request (id), or a worker that could not open the library (null). */
  | { type: 'error'; id: number | null; message: string };

export class LexicalSearchThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: LexicalResult) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private ready = false;
  private failure: Error | null = null;

  /** Starts the worker on the library in `dataDir` (a database on disk: an in-memory one has no second connection). */
  constructor(dataDir: string) {
    this.worker = spawnModuleWorker(import.meta.url, 'lexical-search-worker', { dataDir });
    this.worker.unref();
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const entry of this.pending.values()) entry.reject(this.failure);
      this.pending.clear();
    };
    this.worker.on('message', (message: FromLexicalWorker) => {
      if (message.type === 'ready') {
        this.ready = true;
        return;
      }
      if (message.type === 'error' && message.id === null) {
        fail(new Error(message.message));
        void this.worker.terminate();
        return;
      }
      const entry = this.pending.get(message.id!);
      if (!entry) return;
      this.pending.delete(message.id!);
      if (this.pending.size === 0) this.worker.unref();
      if (message.type === 'result') entry.resolve(message.result);
      else entry.reject(new Error(message.message));
    });
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the lexical search worker exited (code ${code})`)));
  }

  /** True once the worker has opened the database and answers. */
  get usable(): boolean {
    return this.ready && this.failure === null;
  }

  /** The result of `request`, from the worker; null when it cannot take it (starting or failed). */
  run(request: LexicalRequest): Promise<LexicalResult> | null {
    if (!this.usable) return null;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ type: 'search', id, request } satisfies ToLexicalWorker);
    });
  }

  /** Ends the worker (its connection closes with it). */
  async close(): Promise<void> {
    this.failure ??= new Error('the lexical search worker is closed');
    await this.worker.terminate();
  }
}
