import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LecternService } from '../../src-main/api/lectern-service.ts';
import { findLectureByPath } from '../../src-main/store/lectures-store.ts';
import { tempDir } from '../fixtures/sample-media.ts';
import { openTestLibrary, type TestLibrary } from '../fixtures/test-library.ts';

// Files that are not recordings fail at the probe in milliseconds: enough to see which
// lectures the queue runs, and in what order, without decoding any media.
async function brokenFiles(folder: string, names: string[]): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const files = names.map((name) => path.join(folder, `${name}.mp4`));
  for (const file of files) await writeFile(file, 'not a video');
  return files;
}

describe('indexing now through the one queue (the CLI’s driver)', () => {
  let library: TestLibrary | undefined;
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await library?.close();
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('runs only the lectures it was asked for and reports each one, in order', async () => {
    const media = await tempDir();
    cleanups.push(media.cleanup);
    library = await openTestLibrary();
    const { service, db } = library;
    // A folder the window queued and paused, then a one-shot `lectern index` of another folder.
    const [waiting] = await brokenFiles(path.join(media.dir, 'window'), ['queued by the window']);
    await service.pauseIndexing({});
    await service.addFolder({ path: path.dirname(waiting) });
    for (let i = 0; i < 100 && findLectureByPath(db, waiting)?.status !== 'queued'; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // `lectern index` in another process: its own service and queue over the same library.
    const cli = new LecternService(db, library.dataDir);
    const files = await brokenFiles(path.join(media.dir, 'cli'), ['lecture 2', 'lecture 10']);
    const planned: string[][] = [];
    const summary = await cli.indexNow([path.dirname(files[0])], { onPlan: (f) => planned.push(f) });
    expect(planned).toEqual([files]);
    expect(summary.outcomes.map((o) => o.file)).toEqual(files);
    expect(summary.failed).toBe(2);
    expect(summary.outcomes.every((o) => o.status === 'failed' && /readable|media/i.test(o.reason))).toBe(true);
    expect(findLectureByPath(db, waiting)!.status).toBe('queued');
  });

  it('throws a user error for a folder that does not exist, before indexing anything', async () => {
    library = await openTestLibrary();
    await expect(library.index([path.join(library.dataDir, 'no such folder')])).rejects.toMatchObject({
      code: 'folder-missing',
    });
  });

  it('stops when aborted and leaves the rest queued for later', async () => {
    const media = await tempDir();
    cleanups.push(media.cleanup);
    library = await openTestLibrary();
    const files = await brokenFiles(media.dir, ['a', 'b', 'c']);
    const controller = new AbortController();
    const seen: string[] = [];
    const unsubscribe = library.service.subscribe((update) => {
      if (update.kind !== 'progress' || update.event.stage !== 'failed') return;
      seen.push(update.event.file);
      controller.abort();
    });
    const summary = await library.service.indexNow([media.dir], { signal: controller.signal });
    unsubscribe();
    expect(summary.outcomes.length).toBeLessThan(3);
    expect(seen[0]).toBe(files[0]);
    expect(findLectureByPath(library.db, files[2])!.status).toBe('queued');
  });
});
