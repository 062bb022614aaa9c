import { describe, expect, it } from 'vitest';
import { applyChapterEdit, replayChapterEdits, type ChapterSpan } from './chapter-edits.ts';

const auto: ChapterSpan[] = [
  { start: 0, end: 100, title: 'Intro', edited: false },
  { start: 100, end: 250, title: 'Cholesky', edited: false },
  { start: 250, end: 400, title: 'Gradient descent', edited: false },
];

const spans = (chapters: ChapterSpan[]) => chapters.map((c) => [c.start, c.end, c.title, c.edited]);

describe('chapter edits', () => {
  it('renames the chapter containing a time', () => {
    expect(spans(applyChapterEdit(auto, { kind: 'rename', at: 120, title: '  Reusing  the factor ' }))[1]).toEqual([
      100,
      250,
      'Reusing the factor',
      true,
    ]);
  });

  it('splits and merges, keeping the chapters contiguous', () => {
    const split = applyChapterEdit(auto, { kind: 'split', at: 180, title: 'Triangular solves' });
    expect(spans(split)).toEqual([
      [0, 100, 'Intro', false],
      [100, 180, 'Cholesky', true],
      [180, 250, 'Triangular solves', true],
      [250, 400, 'Gradient descent', false],
    ]);
    const merged = applyChapterEdit(split, { kind: 'merge', at: 252 });
    expect(spans(merged).map((s) => s.slice(0, 2))).toEqual([
      [0, 100],
      [100, 180],
      [180, 400],
    ]);
  });

  it('moves the nearest boundary and refuses to move it past a neighbour', () => {
    expect(spans(applyChapterEdit(auto, { kind: 'move', from: 104, to: 90 })).map((s) => s.slice(0, 2))).toEqual([
      [0, 90],
      [90, 250],
      [250, 400],
    ]);
    expect(() => applyChapterEdit(auto, { kind: 'move', from: 100, to: 260 })).toThrow(/past the next/);
    expect(() => applyChapterEdit(auto, { kind: 'merge', at: 170 })).toThrow(/no chapter boundary/);
    expect(() => applyChapterEdit(auto, { kind: 'rename', at: 5, title: '   ' })).toThrow(/empty/);
  });

  it('replays edits on a new automatic segmentation, skipping ones whose boundary vanished', () => {
    const reindexed: ChapterSpan[] = [
      { start: 0, end: 104, title: 'Welcome', edited: false },
      { start: 104, end: 400, title: 'Factorisations', edited: false },
    ];
    const { chapters, skipped } = replayChapterEdits(reindexed, [
      { kind: 'rename', at: 10, title: 'My intro' },
      { kind: 'move', from: 100, to: 95 },
      { kind: 'merge', at: 250 },
    ]);
    expect(spans(chapters)).toEqual([
      [0, 95, 'My intro', true],
      [95, 400, 'Factorisations', true],
    ]);
    expect(skipped).toEqual([{ kind: 'merge', at: 250 }]);
  });
});
