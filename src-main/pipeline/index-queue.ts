import { EventEmitter } from 'node:events';
import type { JobsState, ProgressEvent } from '../api/contract.ts';
import type { Db } from '../store/database.ts';
import { indexLibrary, type IndexSummary } from './library-indexer.ts';
import type { IndexSettings } from './stage.ts';

/**
 * Runs indexing requests one after another in the background and broadcasts progress.
 * Subscribers (the SSE stream, the Electron window) listen to 'progress' and 'idle'.
 */
export class IndexQueue extends EventEmitter {
  private readonly pending: string[][] = [];
  private current: ProgressEvent | null = null;
  private running = false;
  private controller: AbortController | null = null;
  lastSummary: IndexSummary | null = null;

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    private readonly settings: () => IndexSettings,
  ) {
    super();
  }

  enqueue(targets: string[]): void {
    this.pending.push(targets);
    void this.drain();
  }

  state(): JobsState {
    return { running: this.running, queued: this.pending.length, current: this.current };
  }

  cancelAll(): void {
    this.pending.length = 0;
    this.controller?.abort();
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.once('idle', () => resolve()));
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending.length > 0) {
        const targets = this.pending.shift()!;
        this.controller = new AbortController();
        try {
          this.lastSummary = await indexLibrary({
            db: this.db,
            dataDir: this.dataDir,
            targets,
            settings: this.settings(),
            signal: this.controller.signal,
            onProgress: (event) => {
              this.current = event;
              this.emit('progress', event);
            },
          });
        } catch (error) {
          this.emit('progress', {
            lectureId: null,
            file: targets.join(', '),
            stage: 'failed',
            done: 1,
            total: 1,
            message: (error as Error).message,
          } satisfies ProgressEvent);
        }
      }
    } finally {
      this.running = false;
      this.current = null;
      this.controller = null;
      this.emit('idle');
    }
  }
}
