import { describe, expect, it } from 'vitest';
import { parseQuery, toMomentFtsQuery } from './grounding-query.ts';

describe('turning a question into an FTS5 expression', () => {
  it('drops stopwords and question words, keeps the topic words OR-ed (no phrase for a long question)', () => {
    const parsed = parseQuery('where does he explain why the Cholesky factor is reused ');
    expect(parsed.words.map((w) => w.word)).toEqual(['cholesky', 'factor', 'reused']);
    expect(toMomentFtsQuery(parsed)).toBe('"cholesky" OR "factor" OR "reused"');
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

  it('leaves out words common in the library while two others remain', () => {
    const parsed = parseQuery('advantage of putting the image plane in front ');
    const common = new Set(['putting', 'image', 'front']);
    expect(toMomentFtsQuery(parsed, new Map(), new Set(), { common })).toBe('"advantage" OR "plane"');
    expect(toMomentFtsQuery(parseQuery('image front '), new Map(), new Set(), { common })).toBe(
      '"image" OR "front" OR "image front"',
    );
  });

  it('treats symbols, digits and single letters in a short query as notation, not a long question', () => {
    expect(parseQuery('A = L L^T').formula).toBe(true);
    expect(parseQuery('O(n^3)').formula).toBe(true);
    expect(parseQuery('what did grad b say about the structure of the belief net').formula).toBe(false);
  });
});
