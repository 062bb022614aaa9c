import { describe, expect, it } from 'vitest';
import { parseQuery, toMomentFtsPasses, toMomentFtsQuery } from './grounding-query.ts';

describe('turning a question into an FTS5 expression', () => {
  it('drops stopwords and question words, keeps the topic words OR-ed (no phrase for a long question)', () => {
    const parsed = parseQuery('where does he explain why the Cholesky factor is reused ');
    expect(parsed.words.map((w) => w.word)).toEqual(['cholesky', 'factor', 'reused']);
    expect(toMomentFtsQuery(parsed)).toBe('"cholesky" OR "factor" OR "reused"');
  });

  it('keeps "point", "part" or "bit" only where a topic word names it ("vanishing point", not "at what point")', () => {
    const words = (q: string) => parseQuery(q).words.map((w) => w.word);
    expect(words('what is a vanishing point')).toEqual(['vanishing', 'point']);
    expect(words('at what point does the focal point move')).toEqual(['focal', 'point', 'move']);
    expect(words('find the part where he says what a moving part is')).toEqual(['find', 'moving', 'part']);
    expect(words('what is the point of a little bit of noise')).toEqual(['little', 'noise']);
  });

  it('adds the exact phrase for a short name', () => {
    expect(toMomentFtsQuery(parseQuery('camera obscura '))).toBe('"camera" OR "obscura" OR "camera obscura"');
  });

  it('keeps a formula typed exactly as one phrase, single letters included', () => {
    expect(toMomentFtsQuery(parseQuery('A = L L^T '))).toBe('"a l l t"');
    expect(toMomentFtsQuery(parseQuery('O(n^3) '))).toBe('"o n 3"');
  });

  it('lets the last word match as a prefix while it is being typed', () => {
    expect(toMomentFtsQuery(parseQuery('gradient desc'))).toBe('"gradient" OR "desc" OR "desc"* OR "gradient desc"');
  });

  it('adds known terms as alternatives for a misspelled word', () => {
    const parsed = parseQuery('choleski factr ');
    expect(toMomentFtsQuery(parsed, new Map([['factr', ['factor']]]))).toBe(
      '"choleski" OR "factr" OR "factor" OR "choleski factr"',
    );
  });

  it('quotes double quotes and ignores punctuation, and gives null when nothing is searchable', () => {
    expect(toMomentFtsQuery(parseQuery('"eigen" value?'))).toBe('"eigen" OR "value" OR "eigen value"');
    expect(toMomentFtsQuery(parseQuery('?! ...'))).toBeNull();
    expect(toMomentFtsQuery(parseQuery('the'))).toBe('"the"');
  });

  it('stems like the porter tokenizer for lookups in the index vocabulary', () => {
    expect(parseQuery('eigenvalues reusing').words.map((w) => w.stem)).toEqual(['eigenvalu', 'reus']);
  });

  it('keeps one word per stem, so bm25 does not count a term twice', () => {
    expect(parseQuery('the remote and remotes designer designs').words.map((w) => w.word)).toEqual([
      'remote',
      'designer',
    ]);
  });

  it('ranks the full expression in one pass when its words are in few rows', () => {
    const parsed = parseQuery('advantage of putting the image plane in front ');
    const documents = new Map([
      ['advantage', 10],
      ['putting', 40],
      ['image', 900],
      ['plane', 20],
      ['front', 300],
    ]);
    expect(toMomentFtsPasses(parsed, documents, 5000)).toEqual([
      '"advantage" OR "putting" OR "image" OR "plane" OR "front"',
    ]);
  });

  it('splits a query over many rows into rare words, rare with common, and pairs of common words', () => {
    const parsed = parseQuery('advantage of putting the image plane in front ');
    const documents = new Map([
      ['advantage', 10],
      ['putting', 40],
      ['image', 9000],
      ['plane', 20],
      ['front', 3000],
    ]);
    expect(toMomentFtsPasses(parsed, documents, 100)).toEqual([
      '"advantage" OR "plane" OR "putting"',
      '("advantage" OR "plane" OR "putting") AND ("front" OR "image")',
      '(("front") AND ("image"))',
    ]);
    // Three common words: one branch per first common word, the earlier ones excluded.
    const three = toMomentFtsPasses(parsed, documents, 30);
    expect(three[0]).toBe('"advantage" OR "plane"');
    expect(three[2]).toBe('(("putting") AND ("front" OR "image")) OR ((("front") AND ("image")) NOT ("putting"))');
    // Four: the pairs of the three rarest, and the fourth counted once either way.
    const four = toMomentFtsPasses(parsed, documents, 15);
    expect(four[0]).toBe('"advantage"');
    expect(four[2]).toBe(
      '(((("plane") AND ("putting" OR "front")) OR ((("putting") AND ("front")) NOT ("plane"))) AND ("image")) OR ' +
        '(((("plane") AND ("putting" OR "front")) OR ((("putting") AND ("front")) NOT ("plane"))) NOT ("image"))',
    );
  });

  it("keeps the rarest word, a misspelled word's corrections and the exact phrase together in the rare pass", () => {
    const parsed = parseQuery('camera obscra ');
    const documents = new Map([
      ['camera', 20000],
      ['obscra', 300],
    ]);
    const passes = toMomentFtsPasses(parsed, documents, 100, new Map([['obscra', ['obscura']]]));
    expect(passes).toEqual([
      '"obscra" OR "obscura" OR "camera obscra"',
      '("obscra" OR "obscura" OR "camera obscra") AND ("camera")',
    ]);
  });

  it('treats symbols, digits and single letters in a short query as notation, not a long question', () => {
    expect(parseQuery('A = L L^T').formula).toBe(true);
    expect(parseQuery('O(n^3)').formula).toBe(true);
    expect(parseQuery('what did grad b say about the structure of the belief net').formula).toBe(false);
  });
});
