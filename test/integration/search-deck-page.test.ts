import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LecternService } from '../../src-main/api/lectern-service.ts';
import type { SampleLecture } from '../../src-main/media/sample-lecture.ts';
import { readDeck } from '../../src-main/store/deck-store.ts';
import { findLectureByPath } from '../../src-main/store/lectures-store.ts';
import { sampleLectureDeck, SLIDE_16_9 } from '../fixtures/sample-lecture-deck.ts';
import { copySample, sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';
import { openTestLibrary, type TestLibrary } from '../fixtures/test-library.ts';
import { writeTinyPdf } from '../fixtures/tiny-pdf.ts';

describe('moment search with the lecture deck attached (real pipeline, generated lecture and PDF)', () => {
  let sample: SampleLecture;
  let library: TestLibrary;
  let service: LecternService;
  let withDeck: number;
  let withoutDeck: number;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    sample = await sharedSampleLecture();
    const media = await tempDir();
    cleanups.push(media.cleanup);
    const decked = await copySample(sample, path.join(media.dir, 'with slides'), 'lecture 3');
    await writeFile(
      path.join(media.dir, 'with slides', 'lecture 3.pdf'),
      writeTinyPdf(await sampleLectureDeck(), SLIDE_16_9),
    );
    const bare = await copySample(sample, path.join(media.dir, 'without slides'), 'lecture 3');
    library = await openTestLibrary();
    service = library.service;
    await library.index([path.dirname(decked), path.dirname(bare)]);
    withDeck = findLectureByPath(library.db, decked)!.id;
    withoutDeck = findLectureByPath(library.db, bare)!.id;
    expect(readDeck(library.db, withDeck)?.attached).toBe(true);
  }, 300_000);

  afterAll(async () => {
    await library?.close();
    for (const cleanup of cleanups) await cleanup();
  });

  it("names the deck page whose text backs the result ('on slide p. N')", async () => {
    const cholesky = sample.slides.findIndex((s) => s.title === 'Cholesky Factorisation');
    const [top] = await service.search({ query: 'cholesky factorisation without pivoting', lectureId: withDeck });
    expect(top).toBeDefined();
    const slide = sample.slides[cholesky];
    expect(top.start).toBeGreaterThanOrEqual(slide.start - 1);
    expect(top.start).toBeLessThan(slide.end);
    // The deck's pages follow the slides: the Cholesky slide is page cholesky + 1.
    expect(top.why).toContain(`on slide p. ${cholesky + 1}`);
  });

  it('names no page for a lecture without a deck', async () => {
    const moments = await service.search({ query: 'cholesky factorisation without pivoting', lectureId: withoutDeck });
    expect(moments.length).toBeGreaterThan(0);
    for (const m of moments) expect(m.why.join(' ')).not.toMatch(/p\. \d/);
  });
});
