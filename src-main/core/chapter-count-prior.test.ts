import { describe, expect, it } from 'vitest';
import { chapterCountLogPrior, expectedChapterCount, minChapterSeconds } from './chapter-count-prior.ts';

describe('chapter count prior (VidChapters-7M)', () => {
  it('expects 8.3 chapters at the dataset mean of 23 minutes', () => {
    expect(expectedChapterCount(23 * 60)).toBeCloseTo(8.3, 6);
  });

  it('expects 3-8 chapters for 12 minutes and 8-20 for an hour, as people chapter lectures', () => {
    const twelve = expectedChapterCount(12 * 60);
    const hour = expectedChapterCount(60 * 60);
    expect(twelve).toBeGreaterThanOrEqual(3);
    expect(twelve).toBeLessThanOrEqual(8);
    expect(hour).toBeGreaterThanOrEqual(8);
    expect(hour).toBeLessThanOrEqual(20);
  });

  it('gives longer chapters to longer recordings', () => {
    expect(3600 / expectedChapterCount(3600)).toBeGreaterThan(720 / expectedChapterCount(720));
  });

  it('peaks at the expected count and falls off on both sides', () => {
    const d = 720;
    const best = Math.round(expectedChapterCount(d));
    expect(chapterCountLogPrior(best, d)).toBeGreaterThan(chapterCountLogPrior(best - 3, d));
    expect(chapterCountLogPrior(best, d)).toBeGreaterThan(chapterCountLogPrior(best + 5, d));
  });

  it('never allows chapters under 30 s', () => {
    expect(minChapterSeconds(60)).toBeGreaterThanOrEqual(30);
    expect(minChapterSeconds(720)).toBeGreaterThan(30);
  });

  it('follows a chapter length the user asked for instead of the published statistics', () => {
    expect(expectedChapterCount(120, 30)).toBe(4);
    expect(minChapterSeconds(120, 30)).toBe(30);
  });
});
