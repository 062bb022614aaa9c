import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Moment } from '../../src-main/api/contract.ts';
import type { LecternService } from '../../src-main/api/lectern-service.ts';
import type { SampleLecture } from '../../src-main/media/sample-lecture.ts';
import type { Db } from '../../src-main/store/database.ts';
import { removeFolder } from '../../src-main/store/folders-store.ts';
import { findLectureByPath } from '../../src-main/store/lectures-store.ts';
import { copySample, sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';
import { openTestLibrary, type TestLibrary } from '../fixtures/test-library.ts';

describe('moment search on an indexed lecture (real pipeline, real text encoder)', () => {
  let sample: SampleLecture;
  let library: TestLibrary;
  let db: Db;
  let service: LecternService;
  let first: number;
  let second: number;
  let secondFolder: number;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    sample = await sharedSampleLecture();
    const media = await tempDir();
    cleanups.push(media.cleanup);
    const one = await copySample(sample, path.join(media.dir, 'course a'), 'lecture 3');
    const two = await copySample(sample, path.join(media.dir, 'course b'), 'lecture 3 again');
    library = await openTestLibrary();
    ({ db, service } = library);
    await library.index([path.dirname(one), path.dirname(two)]);
    first = findLectureByPath(db, one)!.id;
    second = findLectureByPath(db, two)!.id;
    secondFolder = findLectureByPath(db, two)!.folder_id!;
  }, 300_000);

  afterAll(async () => {
    await library?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  const slide = (title: string) => sample.slides.find((s) => s.title === title)!;
  const startsIn = (m: Moment | undefined, title: string) => {
    const s = slide(title);
    expect(m, `no moment for ${title}`).toBeDefined();
    expect(m!.start).toBeGreaterThanOrEqual(s.start - 1);
    expect(m!.start).toBeLessThan(s.end);
  };

  it('lands a paraphrased question on the slide that answers it', async () => {
    const [top] = await service.search({ query: 'why keep the triangular factor around', lectureId: first });
    startsIn(top, 'Reusing the Factor');
    expect(top.why.length).toBeGreaterThan(0);
    const [zigzag] = await service.search({
      query: 'why does the method bounce back and forth in a narrow valley',
      lectureId: first,
    });
    startsIn(zigzag, 'Convergence and Conditioning');
  });

  it('still finds the moment when the words are misspelled', async () => {
    const [top] = await service.search({ query: 'choleski factorsation', lectureId: first });
    startsIn(top, 'Cholesky Factorisation');
    const [descent] = await service.search({ query: 'gradeint desent step', lectureId: first });
    startsIn(descent, 'Gradient Descent');
  });

  it('puts an exact term first where it is said, and says so', async () => {
    const moments = await service.search({ query: 'preconditioning', lectureId: first });
    startsIn(moments[0], 'Convergence and Conditioning');
    expect(moments[0].text.toLowerCase()).toContain('preconditioning');
    expect(moments[0].why).toContain('spoken');
    const [spectrum] = await service.search({ query: 'spectrum', lectureId: first });
    startsIn(spectrum, 'Eigenvalues and Eigenvectors');
  });

  it('gives a natural span: a sentence window or a slide, never the whole lecture', async () => {
    const moments = await service.search({
      query: 'cost of solving with a new right-hand side',
      lectureId: first,
      limit: 5,
    });
    expect(moments.length).toBeGreaterThan(1);
    for (const m of moments) {
      expect(m.end).toBeGreaterThan(m.start);
      expect(m.end - m.start).toBeLessThan(sample.duration / 2);
      expect(m.text.length).toBeGreaterThan(0);
      expect(m.file).toMatch(/lecture 3\.mp4$/);
    }
    for (let i = 1; i < moments.length; i++) expect(moments[i].score).toBeLessThanOrEqual(moments[i - 1].score);
  });

  it('searches one lecture or the whole library, with scores comparable across lectures', async () => {
    const scoped = await service.search({ query: 'eigenvalues of a symmetric matrix', lectureId: second, limit: 10 });
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.every((m) => m.lectureId === second)).toBe(true);
    const library = await service.search({ query: 'eigenvalues of a symmetric matrix', limit: 10 });
    const lectures = new Set(library.map((m) => m.lectureId));
    expect(lectures).toEqual(new Set([first, second]));
    // The two lectures are the same recording: their best moments tie.
    const best = (id: number) => library.find((m) => m.lectureId === id)!;
    expect(best(first).score).toBeCloseTo(best(second).score, 6);
    expect(best(first).start).toBeCloseTo(best(second).start, 6);
  });

  it('follows the library: a removed lecture is no longer found', async () => {
    removeFolder(db, secondFolder);
    const library = await service.search({ query: 'eigenvalues of a symmetric matrix', limit: 10 });
    expect(library.length).toBeGreaterThan(0);
    expect(library.every((m) => m.lectureId === first)).toBe(true);
  });

  it('returns nothing for an empty query', async () => {
    expect(await service.search({ query: '  ?! ' })).toEqual([]);
  });
});
