import { describe, expect, it } from 'vitest';
import { DEFAULT_FUSION, fuseRanks, groundMoments, type GroundingUnit, type RankedList } from './grounding.ts';

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
    const lists: RankedList[] = [
      { kind: 'slide', signal: 'lexical', units: [s] },
      { kind: 'slide', signal: 'dense', units: [s] },
      { kind: 'window', signal: 'dense', units: [window(9, 400, 420), window(1, 90, 110)] },
    ];
    const [top] = groundMoments(lists, 3);
    expect(top).toMatchObject({ start: 60, end: 180 });
    expect(top.why[0]).toBe('on slide');
    expect(top.why).toContain('spoken');
    expect(top.bestWindow?.key).toBe('w:1');
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
