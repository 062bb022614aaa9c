import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FolderWatcher } from './folder-watcher.ts';
import type { IndexQueue } from './index-queue.ts';
import type { SkippedEntry } from './media-files.ts';

/** The two calls the watcher makes on the queue, recorded. */
function recordingQueue() {
  const queued: string[] = [];
  const skipped: SkippedEntry[] = [];
  const queue = {
    enqueueFile: async (file: string) => {
      queued.push(file);
      return true;
    },
    reportSkipped: (entry: SkippedEntry) => skipped.push(entry),
    markMissing: () => undefined,
  };
  return { queue: queue as unknown as IndexQueue, queued, skipped };
}

const withinSeconds = <T>(promise: Promise<T>, seconds: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not within ${seconds} s`)), seconds * 1000)),
  ]);

describe('FolderWatcher', () => {
  let base: string;
  let course: string;
  let outside: string;
  let watcher: FolderWatcher | undefined;

  beforeEach(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'lectern-watcher-'));
    course = path.join(base, 'course');
    outside = path.join(base, 'elsewhere');
    await mkdir(path.join(course, 'sub'), { recursive: true });
    await mkdir(outside);
    await writeFile(path.join(outside, 'guest talk.mp4'), 'x');
    // Two links that loop: walked naively, the tree doubles at every level.
    await symlink('..', path.join(course, 'sub', 'up'));
    await symlink('.', path.join(course, 'sub', 'here'));
    await symlink(outside, path.join(course, 'sub', 'elsewhere'));
  });

  afterEach(async () => {
    await watcher?.close();
    await rm(base, { recursive: true, force: true });
  });

  it('watches a folder with looping links without walking into them, and queues a new link to a recording', async () => {
    const { queue, queued, skipped } = recordingQueue();
    watcher = new FolderWatcher(queue);
    watcher.add({ id: 1, path: course, addedAt: new Date().toISOString(), lectureCount: 0 });
    await withinSeconds(watcher.ready(), 15);

    await symlink(path.join(outside, 'guest talk.mp4'), path.join(course, 'guest talk.mp4'));
    await symlink('../..', path.join(course, 'sub', 'top'));
    await vi.waitFor(
      () => {
        expect(queued).toEqual([path.join(course, 'guest talk.mp4')]);
        expect(skipped.map((s) => s.path)).toEqual([path.join(course, 'sub', 'top')]);
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(skipped[0].reason).toMatch(/does not follow folder links/);
  }, 40_000);

  it('watches a library folder that is itself a link, reporting recordings under the library path', async () => {
    const linked = path.join(base, 'course link');
    await symlink(course, linked);
    const { queue, queued } = recordingQueue();
    watcher = new FolderWatcher(queue);
    watcher.add({ id: 1, path: linked, addedAt: new Date().toISOString(), lectureCount: 0 });
    await withinSeconds(watcher.ready(), 15);
    await writeFile(path.join(course, 'sub', 'lecture 3.mp4'), 'x');
    await vi.waitFor(() => expect(queued).toEqual([path.join(linked, 'sub', 'lecture 3.mp4')]), {
      timeout: 15_000,
      interval: 200,
    });
  }, 40_000);
});
