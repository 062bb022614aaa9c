import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLIDE_DESCRIPTOR_ID } from '../../src-main/engines/embed/slide-descriptor-backend.ts';
import { modelDir } from '../../src-main/models/model-store.ts';
import type { Db } from '../../src-main/store/database.ts';
import { findLectureByPath } from '../../src-main/store/lectures-store.ts';
import { copySample, sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';
import { openTestLibrary, type TestLibrary } from '../fixtures/test-library.ts';
import { installTinyClip, TINY_CLIP_NAME } from '../fixtures/tiny-clip.ts';

describe('an installed CLIP-class model is what the pipeline embeds slide pictures with', () => {
  let library: TestLibrary;
  let db: Db;
  let dataDir: string;
  let folder: string;
  let lectureId: number;
  const cleanups: Array<() => Promise<void>> = [];
  const pictureModels = () =>
    (
      db
        .prepare("SELECT DISTINCT model FROM vectors WHERE lecture_id = ? AND kind = 'slide-image'")
        .all(lectureId) as Array<{ model: string }>
    ).map((r) => r.model);
  const index = () => library.index([folder]);

  beforeAll(async () => {
    const sample = await sharedSampleLecture();
    const media = await tempDir();
    cleanups.push(media.cleanup);
    library = await openTestLibrary();
    ({ db, dataDir } = library);
    const file = await copySample(sample, path.join(media.dir, 'course'), 'lecture 1');
    folder = path.dirname(file);
    installTinyClip(dataDir);
    await index();
    lectureId = findLectureByPath(db, file)!.id;
  }, 300_000);

  afterAll(async () => {
    await library?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  it('embeds the keyframes with the installed model', () => {
    const models = pictureModels();
    expect(models).toHaveLength(1);
    expect(models[0]).toMatch(/^clip:/);
  });

  it('re-embeds with the built-in slide descriptor once the model is removed', async () => {
    rmSync(modelDir(dataDir, TINY_CLIP_NAME), { recursive: true, force: true });
    await index();
    expect(pictureModels()).toEqual([SLIDE_DESCRIPTOR_ID]);
  }, 300_000);
});
