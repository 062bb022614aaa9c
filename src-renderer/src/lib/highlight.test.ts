import { describe, expect, it } from 'vitest';
import { highlightParts, queryWords } from './highlight.ts';

describe('highlightParts', () => {
  it('marks words of the query, ignoring case', () => {
    expect(highlightParts('The Chain rule, again', 'chain rule')).toEqual([
      { text: 'The ', hit: false },
      { text: 'Chain', hit: true },
      { text: ' ', hit: false },
      { text: 'rule', hit: true },
      { text: ', again', hit: false },
    ]);
  });
  it('marks other forms of a longer word by its stem', () => {
    const hits = highlightParts('we derive it; the derivative follows', 'derivation')
      .filter((p) => p.hit)
      .map((p) => p.text);
    expect(hits).toEqual(['derive', 'derivative']);
  });
  it('leaves the text whole when the query has only stop words', () => {
    expect(highlightParts('where is it', 'where is')).toEqual([{ text: 'where is it', hit: false }]);
  });
});

describe('queryWords', () => {
  it('drops stop words, one-letter words and repeats', () => {
    expect(queryWords('Where does she derive the chain rule, the chain?')).toEqual(['derive', 'chain', 'rule']);
  });
});
