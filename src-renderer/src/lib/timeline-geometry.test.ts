import { describe, expect, it } from 'vitest';
import {
  chapterThumbnail,
  nextChapterStart,
  slideThumbnail,
  percentAlong,
  previousChapterStart,
  spanIndexAt,
  spokenIndexAt,
} from './timeline-geometry.ts';

const chapters = [
  { start: 0, end: 30 },
  { start: 30, end: 75 },
  { start: 75, end: 120 },
];

describe('spanIndexAt', () => {
  it('finds the span playing at a time, including its exact start', () => {
    expect(spanIndexAt(chapters, 0)).toBe(0);
    expect(spanIndexAt(chapters, 29.9)).toBe(0);
    expect(spanIndexAt(chapters, 30)).toBe(1);
    expect(spanIndexAt(chapters, 200)).toBe(2);
  });
  it('answers -1 before the first span and for no spans', () => {
    expect(spanIndexAt([{ start: 5, end: 9 }], 1)).toBe(-1);
    expect(spanIndexAt([], 1)).toBe(-1);
  });
});

describe('percentAlong', () => {
  it('places a time along the duration and clamps outside it', () => {
    expect(percentAlong(30, 120)).toBe(25);
    expect(percentAlong(-5, 120)).toBe(0);
    expect(percentAlong(500, 120)).toBe(100);
    expect(percentAlong(10, 0)).toBe(0);
  });
});

describe('chapter keys', () => {
  it('j goes to the next chapter and stops at the last', () => {
    expect(nextChapterStart(chapters, 10)).toBe(30);
    expect(nextChapterStart(chapters, 80)).toBeNull();
  });
  it('k restarts the playing chapter when well into it, else goes to the previous one', () => {
    expect(previousChapterStart(chapters, 50)).toBe(30);
    expect(previousChapterStart(chapters, 31)).toBe(0);
    expect(previousChapterStart(chapters, 1)).toBe(0);
  });
});

describe('chapterThumbnail', () => {
  const slides = [
    { start: 0, end: 20, thumbnailUrl: '/t/0' },
    { start: 20, end: 40, thumbnailUrl: '/t/1' },
    { start: 40, end: 120, thumbnailUrl: null },
  ];
  it('prefers a slide that starts inside the chapter', () => {
    expect(chapterThumbnail({ start: 0, end: 30 }, slides)).toBe('/t/0');
  });
  it('falls back to the slide on screen at the chapter start', () => {
    expect(chapterThumbnail({ start: 30, end: 75 }, slides)).toBe('/t/1');
    expect(chapterThumbnail({ start: 75, end: 120 }, slides)).toBeNull();
  });
  it("shows the attached deck's page instead of the keyframe, and a page where there is no keyframe", () => {
    const withDeck = [
      { start: 0, end: 20, thumbnailUrl: '/t/0', pageThumbnailUrl: '/pages/1/3/small' },
      { start: 20, end: 120, thumbnailUrl: null, pageThumbnailUrl: '/pages/1/4/small' },
    ];
    expect(chapterThumbnail({ start: 0, end: 30 }, withDeck)).toBe('/pages/1/3/small');
    expect(chapterThumbnail({ start: 30, end: 75 }, withDeck)).toBe('/pages/1/4/small');
    expect(slideThumbnail({ thumbnailUrl: '/t/0', pageThumbnailUrl: null })).toBe('/t/0');
  });
});

describe('spokenIndexAt', () => {
  const lines = [
    { start: 0.5, end: 4 },
    { start: 4, end: 9 },
    { start: 11.2, end: 15 },
  ];
  it('highlights the line being spoken', () => {
    expect(spokenIndexAt(lines, 5)).toBe(1);
  });
  it('in a pause, moves on to a line that starts soon', () => {
    expect(spokenIndexAt(lines, 11)).toBe(2);
    expect(spokenIndexAt(lines, 0)).toBe(0);
  });
  it('in a long pause, keeps the last line', () => {
    expect(spokenIndexAt(lines, 9.2)).toBe(1);
    expect(spokenIndexAt(lines, 30)).toBe(2);
  });
});
