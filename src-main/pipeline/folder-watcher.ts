import { existsSync, realpathSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Folder } from '../core/domain-types.ts';
import type { IndexQueue } from './index-queue.ts';
import { followLink, isMediaFile, MEDIA_EXTENSIONS } from './media-files.ts';

const SIDECAR_EXTENSIONS = new Set(['.vtt', '.srt']);

/**
 * Watches the library's folders: new and changed recordings are queued, a changed sidecar
 * re-queues its recording, removed ones are marked missing (their chapters kept). A rename
 * shows up as remove + add; the queue recognises the content and moves the lecture along.
 * Links follow `followLink`, as in `lectern index`: links to recordings are indexed, links to
 * folders are not followed (a `up -> ..` inside the folder would otherwise be walked forever).
 */
export class FolderWatcher {
  private readonly watchers = new Map<number, FSWatcher>();

  constructor(private readonly queue: IndexQueue) {}

  add(folder: Folder): void {
    if (this.watchers.has(folder.id)) return;
    let realRoot = folder.path;
    try {
      realRoot = realpathSync(folder.path);
    } catch {
      // a folder that is gone: chokidar reports it, nothing here to resolve
    }
    // Without following links chokidar would not enter a library folder that is itself a link:
    // it watches the real folder, and paths are reported back under the library's own.
    const watcher = watch(realRoot, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (file) => path.basename(file).startsWith('.') && file !== realRoot,
      awaitWriteFinish: { stabilityThreshold: 1500, pollInterval: 250 },
    });
    const inFolder = (file: string) => path.join(folder.path, path.relative(realRoot, file));
    const queueMedia = (file: string) => void this.queue.enqueueFile(file, folder.id).catch(() => undefined);
    const queueLink = async (file: string) => {
      const followed = await followLink(file, realRoot);
      if (followed.skipped === undefined) queueMedia(file);
      else if (followed.report) this.queue.reportSkipped({ path: file, reason: followed.skipped });
    };
    // chokidar reports links found by its first scan despite ignoreInitial: those are not news.
    let scanned = false;
    watcher.once('ready', () => (scanned = true));
    const queueFile = (watched: string) => {
      if (!scanned) return;
      const file = inFolder(watched);
      const ext = path.extname(file).toLowerCase();
      void lstat(file)
        .then((info) => {
          if (info.isSymbolicLink()) return queueLink(file);
          if (isMediaFile(file)) queueMedia(file);
          else if (SIDECAR_EXTENSIONS.has(ext)) {
            const stem = file.slice(0, -ext.length).replace(/\.en$/, '');
            for (const mediaExt of MEDIA_EXTENSIONS) {
              if (existsSync(stem + mediaExt)) queueMedia(stem + mediaExt);
            }
          }
        })
        .catch(() => undefined); // gone again before it could be looked at
    };
    watcher.on('add', queueFile);
    watcher.on('change', queueFile);
    watcher.on('unlink', (watched) => {
      if (isMediaFile(watched)) this.queue.markMissing(folder.path);
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
