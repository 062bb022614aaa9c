import { describe, expect, it } from 'vitest';
import { markedParts, markedWords, wordParts } from './highlight.ts';

describe('markedParts', () => {
  it('cuts a snippet at the ranges the search marked', () => {
    expect(
      markedParts('The Chain rule, again', [
        [4, 9],
        [10, 14],
      ]),
    ).toEqual([
      { text: 'The ', hit: false },
      { text: 'Chain', hit: true },
      { text: ' ', hit: false },
      { text: 'rule', hit: true },
      { text: ', again', hit: false },
    ]);
  });

  it('leaves the text whole without marks, and skips a range out of order or past the end', () => {
    expect(markedParts('where is it', [])).toEqual([{ text: 'where is it', hit: false }]);
    expect(
      markedParts('abc def', [
        [4, 7],
        [0, 3],
        [6, 20],
      ]),
    ).toEqual([
      { text: 'abc ', hit: false },
      { text: 'def', hit: true },
    ]);
  });
});

describe('the transcript marks the words the results marked', () => {
  it('collects them lower-cased and marks them as whole words', () => {
    const words = markedWords([
      { text: 'A pinhole camera', marks: [[2, 9]] },
      { text: 'Rooms lit by it', marks: [[0, 5]] },
      { text: 'no marks here' },
    ]);
    expect([...words]).toEqual(['pinhole', 'rooms']);
    expect(wordParts('The PINHOLE is little; pinholes differ', words)).toEqual([
      { text: 'The ', hit: false },
      { text: 'PINHOLE', hit: true },
      { text: ' is little; pinholes differ', hit: false },
    ]);
  });
});
