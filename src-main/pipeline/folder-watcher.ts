import { existsSync } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Folder } from '../core/domain-types.ts';
import type { IndexQueue } from './index-queue.ts';
import { isMediaFile, MEDIA_EXTENSIONS } from './media-files.ts';

const SIDECAR_EXTENSIONS = new Set(['.vtt', '.srt']);

/**
 * Watches the library's folders: new and changed recordings are queued, a changed sidecar
 * re-queues its recording, removed ones are marked missing (their chapters kept). A rename
 * shows up as remove + add; the queue recognises the content and moves the lecture along.
 */
export class FolderWatcher {
  private readonly watchers = new Map<number, FSWatcher>();

  constructor(private readonly queue: IndexQueue) {}

  add(folder: Folder): void {
    if (this.watchers.has(folder.id)) return;
    const watcher = watch(folder.path, {
      ignoreInitial: true,
      ignored: (file) => path.basename(file).startsWith('.') && file !== folder.path,
      awaitWriteFinish: { stabilityThreshold: 1500, pollInterval: 250 },
    });
    const queueFile = (file: string) => {
      const ext = path.extname(file).toLowerCase();
      if (isMediaFile(file)) void this.queue.enqueueFile(file, folder.id).catch(() => undefined);
      else if (SIDECAR_EXTENSIONS.has(ext)) {
        const stem = file.slice(0, -ext.length).replace(/\.en$/, '');
        for (const mediaExt of MEDIA_EXTENSIONS) {
          if (existsSync(stem + mediaExt))
            void this.queue.enqueueFile(stem + mediaExt, folder.id).catch(() => undefined);
        }
      }
    };
    watcher.on('add', queueFile);
    watcher.on('change', queueFile);
    watcher.on('unlink', (file) => {
      if (isMediaFile(file)) this.queue.markMissing(folder.path);
    });
    watcher.on('error', () => undefined); // an unreadable subfolder must not stop the others
    this.watchers.set(folder.id, watcher);
  }

  /** Resolves when every watcher has finished its initial scan (tests wait for this). */
  async ready(): Promise<void> {
    await Promise.all(
      [...this.watchers.values()].map((w) => new Promise<void>((resolve) => w.once('ready', () => resolve()))),
    );
  }

  async remove(folderId: number): Promise<void> {
    await this.watchers.get(folderId)?.close();
    this.watchers.delete(folderId);
  }

  async close(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((w) => w.close()));
    this.watchers.clear();
  }
}
