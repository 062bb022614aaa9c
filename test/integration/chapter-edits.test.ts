import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LecternService } from '../../src-main/api/lectern-service.ts';
import type { Db } from '../../src-main/store/database.ts';
import { findLectureByPath } from '../../src-main/store/lectures-store.ts';
import { copySample, sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';
import { openTestLibrary, type TestLibrary } from '../fixtures/test-library.ts';

describe('chapter edits survive re-indexing', () => {
  let library: TestLibrary;
  let db: Db;
  let service: LecternService;
  let video: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const sample = await sharedSampleLecture();
    const media = await tempDir();
    cleanups.push(media.cleanup);
    video = await copySample(sample, media.dir, 'edited');
    library = await openTestLibrary();
    ({ db, service } = library);
    await library.index([video], { chapters: 3 });
  }, 120_000);

  afterAll(async () => {
    await library?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  it('renames, splits and merges through the API, then keeps the edits after a re-index', async () => {
    const id = findLectureByPath(db, video)!.id;
    const automatic = (await service.getLecture({ id })).chapters;
    expect(automatic).toHaveLength(3);
    await service.editChapters({ lectureId: id, edit: { kind: 'rename', at: 1, title: 'My own title' } });
    const middle = (automatic[1].start + automatic[1].end) / 2;
    const afterSplit = await service.editChapters({
      lectureId: id,
      edit: { kind: 'split', at: middle, title: 'Half' },
    });
    expect(afterSplit).toHaveLength(4);
    await expect(service.editChapters({ lectureId: id, edit: { kind: 'rename', at: 1, title: '' } })).rejects.toThrow(
      /cannot be empty/,
    );

    // Force the segment stage to run again: change the transcript.
    const vtt = video.replace(/\.mp4$/, '.vtt');
    await writeFile(vtt, (await readFile(vtt, 'utf8')).replace('Welcome back.', 'Good morning.'));
    const again = await library.index([video], { chapters: 3 });
    expect(again.outcomes[0].status).toBe('indexed');

    const chapters = (await service.getLecture({ id })).chapters;
    expect(chapters[0]).toMatchObject({ title: 'My own title', edited: true });
    expect(chapters.find((c) => c.title === 'Half')?.start).toBeCloseTo(middle, 3);
    const reset = await service.resetChapters({ lectureId: id });
    expect(reset.every((c) => !c.edited)).toBe(true);
    expect(reset).toHaveLength(3);
  });
});
