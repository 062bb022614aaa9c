import { describe, expect, it } from 'vitest';
import {
  clipToSlide,
  DEFAULT_FUSION,
  fuseRanks,
  groundMoments,
  sentenceSpan,
  type GroundingUnit,
  type RankedList,
} from './grounding.ts';

const window = (id: number, start: number, end: number, lectureId = 1): GroundingUnit => ({
  key: `w:${id}`,
  kind: 'window',
  lectureId,
  start,
  end,
});
const slide = (start: number, end: number, lectureId = 1): GroundingUnit => ({
  key: `s:${lectureId}:${start}`,
  kind: 'slide',
  lectureId,
  start,
  end,
});
const chapter = (id: number, start: number, end: number, lectureId = 1): GroundingUnit => ({
  key: `c:${id}`,
  kind: 'chapter',
  lectureId,
  start,
  end,
});

describe('fusing ranked candidates into moments', () => {
  it('scores a unit found by both retrievers above units found by one', () => {
    const a = window(1, 0, 10);
    const b = window(2, 20, 30);
    const c = window(3, 40, 50);
    const scored = fuseRanks([
      { kind: 'window', signal: 'lexical', units: [b, a] },
      { kind: 'window', signal: 'dense', units: [c, a] },
    ]);
    expect(scored.get('w:1')!.own).toBeGreaterThan(scored.get('w:2')!.own);
    expect(scored.get('w:1')!.own).toBeGreaterThan(scored.get('w:3')!.own);
  });

  it('returns the sentence window when what was said matched, with why = spoken', () => {
    const said = window(1, 100, 120);
    const lists: RankedList[] = [
      { kind: 'window', signal: 'lexical', units: [said, window(2, 300, 320)] },
      { kind: 'window', signal: 'dense', units: [said] },
      { kind: 'slide', signal: 'dense', units: [slide(0, 60)] },
    ];
    const [top] = groundMoments(lists, 3);
    expect(top).toMatchObject({ start: 100, end: 120, why: ['spoken'] });
  });

  it('widens to the slide span when the slide matched better than any window in it', () => {
    const s = slide(60, 180);
    const elsewhere = Array.from({ length: 20 }, (_, i) => window(100 + i, 1000 + 50 * i, 1030 + 50 * i));
    const lists: RankedList[] = [
      { kind: 'slide', signal: 'lexical', units: [s] },
      { kind: 'slide', signal: 'dense', units: [s] },
      { kind: 'window', signal: 'dense', units: [...elsewhere, window(1, 90, 110)] },
    ];
    const moments = groundMoments(lists, 30);
    const top = moments.find((m) => m.start < 1000)!;
    expect(top).toMatchObject({ start: 60, end: 180 });
    expect(top.why[0]).toBe('on slide');
    expect(top.bestWindow?.key).toBe('w:1');
  });

  it('lets equal retriever scores share a rank, so identical moments in two lectures tie', () => {
    const a = window(1, 10, 20, 1);
    const b = window(2, 10, 20, 2);
    const moments = groundMoments(
      [
        { kind: 'window', signal: 'lexical', units: [a, b], scores: [3.5, 3.5] },
        { kind: 'window', signal: 'dense', units: [b, a], scores: [0.61, 0.61] },
      ],
      2,
    );
    expect(moments).toHaveLength(2);
    expect(moments[0].score).toBe(moments[1].score);
  });

  it('names the chapter title when the chapter containing the moment matched it', () => {
    const w = window(1, 100, 120);
    const [top] = groundMoments(
      [
        { kind: 'window', signal: 'lexical', units: [w] },
        { kind: 'chapter', signal: 'lexical', units: [chapter(5, 0, 300)] },
      ],
      1,
    );
    expect(top.start).toBe(100);
    expect(top.why).toEqual(['spoken', 'chapter title']);
  });

  it('merges neighbouring windows that score nearly as well into one span', () => {
    const a = window(1, 100, 120);
    const b = window(2, 115, 135);
    const far = window(3, 500, 520);
    const [top] = groundMoments(
      [
        { kind: 'window', signal: 'lexical', units: [a, b, far] },
        { kind: 'window', signal: 'dense', units: [b, a, far] },
      ],
      3,
    );
    expect(top).toMatchObject({ start: 100, end: 135 });
    expect(top.windows.map((w) => w.key)).toEqual(['w:1', 'w:2']);
  });

  it('drops a moment that overlaps a better one, but keeps the same time in another lecture', () => {
    const a = window(1, 100, 120, 1);
    const inside = slide(90, 130, 1);
    const twin = window(7, 100, 120, 2);
    const moments = groundMoments(
      [
        { kind: 'window', signal: 'lexical', units: [a, twin] },
        { kind: 'slide', signal: 'lexical', units: [inside] },
      ],
      5,
    );
    expect(moments.filter((m) => m.lectureId === 1)).toHaveLength(1);
    expect(moments.some((m) => m.lectureId === 2)).toBe(true);
  });

  it('gives scores in 0..1, best first, and 1 only when first in every list', () => {
    const w = window(1, 0, 10);
    const s = slide(0, 20);
    const c = chapter(1, 0, 60);
    const moments = groundMoments(
      [
        { kind: 'window', signal: 'lexical', units: [w, window(2, 30, 40)] },
        { kind: 'window', signal: 'dense', units: [w, window(2, 30, 40)] },
        { kind: 'slide', signal: 'lexical', units: [s] },
        { kind: 'slide', signal: 'dense', units: [s] },
        { kind: 'chapter', signal: 'lexical', units: [c] },
      ],
      5,
    );
    expect(moments[0].score).toBeCloseTo(1, 6);
    for (let i = 1; i < moments.length; i++) {
      expect(moments[i].score).toBeLessThanOrEqual(moments[i - 1].score);
      expect(moments[i].score).toBeGreaterThan(0);
    }
  });

  it('returns nothing for no candidates, and respects the limit', () => {
    expect(groundMoments([], 5)).toEqual([]);
    const units = Array.from({ length: 8 }, (_, i) => window(i, i * 100, i * 100 + 10));
    expect(groundMoments([{ kind: 'window', signal: 'dense', units }], 3, DEFAULT_FUSION)).toHaveLength(3);
  });
});

describe('narrowing a sentence window to its natural span', () => {
  const sentences = [
    { start: 0, end: 5, lexical: 0 },
    { start: 5, end: 10, lexical: 0 },
    { start: 10, end: 15, lexical: 0 },
    { start: 15, end: 20, lexical: 0 },
    { start: 20, end: 25, lexical: 0 },
  ];
  const windows = [
    { start: 0, end: 15 },
    { start: 10, end: 25 },
  ];

  it('picks the sentence it shares with a neighbour that matched too', () => {
    const scored = [
      { start: 0, end: 15, score: 1 },
      { start: 10, end: 25, score: 1.2 },
    ];
    expect(sentenceSpan({ start: 0, end: 15 }, sentences, windows, scored)).toEqual({ start: 10, end: 15 });
  });

  it('keeps away from a sentence shared with a window that did not match', () => {
    const scored = [{ start: 0, end: 15, score: 1 }];
    const span = sentenceSpan({ start: 0, end: 15 }, sentences, windows, scored);
    expect(span.end).toBeLessThanOrEqual(10);
  });

  it('moves to the sentence that says the query words', () => {
    const said = sentences.map((s, i) => ({ ...s, lexical: i === 1 ? 1 : 0 }));
    const scored = [
      { start: 0, end: 15, score: 1 },
      { start: 10, end: 25, score: 1 },
    ];
    expect(sentenceSpan({ start: 0, end: 15 }, said, windows, scored)).toEqual({ start: 5, end: 10 });
  });

  it('leaves a span with one sentence or none alone', () => {
    expect(sentenceSpan({ start: 0, end: 5 }, sentences, windows, [])).toEqual({ start: 0, end: 5 });
    expect(sentenceSpan({ start: 0, end: 15 }, [], windows, [])).toEqual({ start: 0, end: 15 });
  });

  it('trims a window that straddles a slide change to the slide it mostly lies in', () => {
    const slides = [
      { start: 0, end: 12 },
      { start: 12, end: 20 },
      { start: 20, end: 40 },
    ];
    expect(clipToSlide({ start: 10, end: 19 }, slides)).toEqual({ start: 12, end: 19 });
    expect(clipToSlide({ start: 14, end: 19 }, slides)).toEqual({ start: 14, end: 19 });
    expect(clipToSlide({ start: 6, end: 26 }, slides)).toEqual({ start: 6, end: 26 });
  });
});
