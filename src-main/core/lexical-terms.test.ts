import { describe, expect, it } from 'vitest';
import { stem, termRanges } from './lexical-terms.ts';

describe('where a text holds the question’s terms', () => {
  const marked = (text: string, words: string[]) =>
    termRanges(text, new Set(words.map(stem))).map(([start, end]) => text.slice(start, end));

  it('marks every form of a term by its stem, whatever its case', () => {
    expect(marked('Rooms lit by a pinhole: the room is dark.', ['room', 'pinhole'])).toEqual([
      'Rooms',
      'pinhole',
      'room',
    ]);
  });

  it('never marks a function word or a word that only starts like a term', () => {
    expect(marked('If you make this at home, it is a little dark.', ['lit', 'make', 'this', 'if'])).toEqual(['make']);
  });

  it('marks a word given as it is (a spelling correction has no stem of its own)', () => {
    expect(termRanges('Cholesky factor', new Set(['cholesky']))).toEqual([[0, 8]]);
  });
});
