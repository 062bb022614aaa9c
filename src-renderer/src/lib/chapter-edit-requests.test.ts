import { describe, expect, it } from 'vitest';
import { mergeRequest, moveRequest, moveToRequest, renameRequest, splitRequest } from './chapter-edit-requests.ts';

const chapters = [
  { start: 0, end: 40, title: 'A', edited: false },
  { start: 40, end: 100, title: 'B', edited: false },
  { start: 100, end: 130, title: 'C', edited: true },
];

describe('chapter edit requests', () => {
  it('renames a chapter by its middle, so a slightly moved edge after re-indexing still finds it', () => {
    expect(renameRequest(chapters[1], 'Mine')).toEqual({ kind: 'rename', at: 70, title: 'Mine' });
  });

  it('splits at the playhead and merges with the next chapter by their shared boundary', () => {
    expect(splitRequest(55.5)).toEqual({ kind: 'split', at: 55.5 });
    expect(mergeRequest(chapters, 0)).toEqual({ kind: 'merge', at: 40 });
    expect(mergeRequest(chapters, 2)).toBeNull();
  });

  it('nudges a chapter’s start, never before the previous start or past its own end', () => {
    expect(moveRequest(chapters, 1, 1)).toEqual({ kind: 'move', from: 40, to: 41 });
    expect(moveRequest(chapters, 1, -1)).toEqual({ kind: 'move', from: 40, to: 39 });
    expect(moveRequest(chapters, 2, 100)).toEqual({ kind: 'move', from: 100, to: 130 });
    expect(moveRequest(chapters, 1, -100)).toEqual({ kind: 'move', from: 40, to: 0 });
    expect(moveRequest(chapters, 0, 1)).toBeNull();
    expect(moveRequest(chapters, 1, 0)).toBeNull();
  });

  it('moves a boundary to where it was dragged, within its neighbours', () => {
    expect(moveToRequest(chapters, 2, 90.5)).toEqual({ kind: 'move', from: 100, to: 90.5 });
    expect(moveToRequest(chapters, 2, 10)).toEqual({ kind: 'move', from: 100, to: 40 });
    expect(moveToRequest(chapters, 2, 100)).toBeNull();
    expect(moveToRequest(chapters, 0, 5)).toBeNull();
  });
});
