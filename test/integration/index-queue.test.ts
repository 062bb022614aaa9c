import { copyFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LecternService } from '../../src-main/api/lectern-service.ts';
import type { ProgressEvent } from '../../src-main/api/contract.ts';
import { findLectureByPath, setLectureStatus } from '../../src-main/store/lectures-store.ts';
import { queueTestLibraries } from '../fixtures/queue-test-library.ts';
import { sharedSampleLecture } from '../fixtures/sample-media.ts';
import { until } from '../fixtures/wait-until.ts';

/** Resolves once nothing is running or queued, as the window sees it through getJobs. */
async function idle(service: LecternService): Promise<void> {
  await until(async () => {
    const jobs = await service.getJobs({});
    return !jobs.running && jobs.queued === 0;
  }, 'the queue to go idle');
}

describe('the persistent indexing queue and folder watching', () => {
  const { setup, restart } = queueTestLibraries();

  it('runs the lecture the student opened first, and cancelled ones wait until retried', async () => {
    const { folder, db, service } = await setup(['a', 'b', 'c']);
    const started: string[] = [];
    service.subscribe((update) => {
      const e: ProgressEvent | null = update.kind === 'progress' ? update.event : null;
      if (e?.stage === 'probe' && e.done === 0) started.push(path.basename(e.file));
    });
    await service.pauseIndexing({});
    await service.addFolder({ path: folder });
    const lecture = (name: string) => findLectureByPath(db, path.join(folder, `${name}.mp4`))!;
    await until(() => ['a', 'b', 'c'].every((n) => lecture(n)?.status === 'queued'), 'the files to be queued');
    expect(['a', 'b', 'c'].map((n) => lecture(n).status)).toEqual(['queued', 'queued', 'queued']);
    await service.prioritise({ lectureId: lecture('c').id });
    await service.cancelIndexing({ lectureId: lecture('b').id });
    await service.resumeIndexing({});
    await idle(service);
    expect(started).toEqual(['c.mp4', 'a.mp4']);
    expect(lecture('b').status).toBe('cancelled');
    expect(await service.retryFailed({})).toEqual({ queued: 1 });
    await idle(service);
    expect(['a', 'b', 'c'].map((n) => lecture(n).status)).toEqual(['ready', 'ready', 'ready']);
  });

  it('picks up a lecture that was being indexed when the app stopped', async () => {
    const { folder, db, service: first } = await setup(['interrupted']);
    await first.pauseIndexing({});
    await first.addFolder({ path: folder });
    const file = path.join(folder, 'interrupted.mp4');
    await until(() => findLectureByPath(db, file)?.status === 'queued', 'the file to be queued');
    const row = findLectureByPath(db, file)!;
    setLectureStatus(db, row.id, 'indexing'); // as a crash leaves it
    const service = await restart();
    await service.resumeIndexing({}); // the pause above only held it in the queue; a crash leaves none
    await service.startBackgroundWork().ready();
    await idle(service);
    expect(findLectureByPath(db, row.path)!.status).toBe('ready');
  });

  it('watches folders: new files are indexed, removed ones marked missing, renamed ones keep their lecture', async () => {
    const { folder, db, service } = await setup(['first']);
    await service.addFolder({ path: folder });
    const watcher = service.startBackgroundWork();
    await watcher.ready();
    await until(() => findLectureByPath(db, path.join(folder, 'first.mp4'))?.status === 'ready', 'first indexed');

    const added = path.join(folder, 'second.mp4');
    await copyFile((await sharedSampleLecture()).video, added);
    await until(() => findLectureByPath(db, added)?.status === 'ready', 'a new file to be indexed');

    const original = findLectureByPath(db, path.join(folder, 'first.mp4'))!;
    const renamed = path.join(folder, 'first renamed.mp4');
    await rm(path.join(folder, 'first.vtt'));
    await rename(path.join(folder, 'first.mp4'), renamed);
    await until(() => findLectureByPath(db, renamed)?.status === 'ready', 'the renamed file to be recognised');
    expect(findLectureByPath(db, renamed)!.id).toBe(original.id);

    await rm(added);
    await until(() => findLectureByPath(db, added)?.status === 'missing', 'the removed file to be marked missing');
    expect(findLectureByPath(db, added)!.chapter_count).toBeGreaterThan(0);
  });
});
