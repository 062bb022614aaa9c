import { describe, expect, it } from 'vitest';
import { dominantSlideTitle, MAX_TITLE, titleCase, titleChapters } from './chapter-titles.ts';

const transcript = [
  { start: 0, end: 20, text: 'Today we look at the pinhole camera. The pinhole camera projects light through a hole.' },
  { start: 20, end: 40, text: 'A pinhole camera gives an upside down image on the image plane.' },
  { start: 60, end: 80, text: 'Now regular languages. Regular languages are closed under union.' },
  { start: 80, end: 100, text: 'Closure of regular languages under concatenation needs nondeterminism.' },
];

describe('titleChapters', () => {
  it('uses the slide title on screen for most of the chapter', () => {
    const slides = [
      { start: 0, end: 10, title: 'Outline' },
      { start: 10, end: 50, title: 'Origins of the Pinhole Camera  12' },
      { start: 50, end: 100, title: null },
    ];
    const titles = titleChapters([{ start: 0, end: 50 }], { transcript, slides });
    expect(titles).toEqual(['Origins of the Pinhole Camera']);
  });

  it('falls back to distinctive key phrases of what was said, in Title Case', () => {
    const titles = titleChapters(
      [
        { start: 0, end: 50 },
        { start: 50, end: 100 },
      ],
      { transcript, slides: [] },
    );
    expect(titles[0]).toMatch(/Pinhole Camera/);
    expect(titles[1]).toMatch(/Regular Languages/);
    for (const t of titles) {
      const words = t.split(' ').length;
      expect(words).toBeGreaterThanOrEqual(2);
      expect(words).toBeLessThanOrEqual(7);
    }
  });

  it('never repeats a title within a lecture', () => {
    const slides = [
      { start: 0, end: 50, title: 'Origins of the Pinhole Camera' },
      { start: 50, end: 100, title: 'Origins of the Pinhole Camera' },
    ];
    const titles = titleChapters(
      [
        { start: 0, end: 50 },
        { start: 50, end: 100 },
      ],
      { transcript, slides },
    );
    expect(titles[0]).toBe('Origins of the Pinhole Camera');
    expect(titles[1]).not.toBe(titles[0]);
    expect(titles[1].startsWith('Origins of the Pinhole Camera')).toBe(true);
  });

  it('numbers duplicates that nothing else tells apart, and never leaves a title empty', () => {
    const titles = titleChapters(
      [
        { start: 0, end: 10 },
        { start: 200, end: 210 },
        { start: 210, end: 220 },
      ],
      { transcript: [], slides: [{ start: 200, end: 220, title: 'Summary' }] },
    );
    expect(titles).toEqual(['Part 1', 'Summary', 'Summary (2)']);
  });

  it(`keeps titles within ${MAX_TITLE} characters`, () => {
    const long = 'A Very Long Slide Title That Goes On and On About Many Different Things at Once';
    const [title] = titleChapters([{ start: 0, end: 10 }], {
      transcript: [],
      slides: [{ start: 0, end: 10, title: long }],
    });
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE);
    expect(title.endsWith('…')).toBe(true);
  });
});

describe('opening slide', () => {
  it('names a chapter after the slide it opens on, even when a later slide stays up longer', () => {
    const slides = [
      { start: 0, end: 40, title: 'Eigenvalues and Eigenvectors' },
      { start: 40, end: 120, title: 'The Characteristic Polynomial' },
    ];
    expect(dominantSlideTitle({ start: 0, end: 120 }, slides)).toBe('Eigenvalues and Eigenvectors');
    // A previous slide's short tail does not name the chapter.
    expect(dominantSlideTitle({ start: 35, end: 120 }, slides)).toBe('The Characteristic Polynomial');
  });
});

describe('helpers', () => {
  it('ignores a slide title on screen for too little of the chapter', () => {
    expect(dominantSlideTitle({ start: 0, end: 100 }, [{ start: 0, end: 10, title: 'Brief Slide' }])).toBeNull();
  });

  it('title-cases without breaking acronyms or numbers', () => {
    expect(titleCase('the MIT course on 3D point clouds and nfa')).toBe('The MIT Course on 3D Point Clouds and Nfa');
  });
});

describe('titles a student would write', () => {
  it('takes the next slide title of a chapter rather than repeat the chapter before', () => {
    const slides = [
      { start: 0, end: 60, title: 'Origins of the Pinhole Camera' },
      { start: 60, end: 90, title: 'Origins of the Pinhole Camera' },
      { start: 90, end: 150, title: 'Physical and Mathematical Models' },
    ];
    const titles = titleChapters(
      [
        { start: 0, end: 60 },
        { start: 60, end: 150 },
      ],
      { transcript, slides },
    );
    expect(titles).toEqual(['Origins of the Pinhole Camera', 'Physical and Mathematical Models']);
  });

  it("uses the agenda's shorter wording for a chapter it announced", () => {
    const slides = [
      { start: 0, end: 30, title: 'Outline', text: 'Outline\n- Perspective projection\n- Lens distortion' },
      { start: 30, end: 100, title: 'Perspective Projection of 3D Points to Pixels', text: 'x = f X / Z' },
    ];
    const [, second] = titleChapters(
      [
        { start: 0, end: 30 },
        { start: 30, end: 100 },
      ],
      { transcript, slides },
    );
    expect(second).toBe('Perspective projection');
  });
});

describe('slide titles that do not name a topic', () => {
  it('skips course codes and lecture numbers, and drops a lead-in before an ellipsis', () => {
    const chapter = { start: 0, end: 100 };
    expect(dominantSlideTitle(chapter, [{ start: 0, end: 100, title: '18.404/6.840 Lecture 2' }])).toBeNull();
    expect(dominantSlideTitle(chapter, [{ start: 0, end: 100, title: 'Lecture 3' }])).toBeNull();
    expect(dominantSlideTitle(chapter, [{ start: 0, end: 100, title: 'Before we begin... Review of Readings' }])).toBe(
      'Review of Readings',
    );
    expect(dominantSlideTitle(chapter, [{ start: 0, end: 100, title: 'Closure Properties' }])).toBe(
      'Closure Properties',
    );
  });
});
