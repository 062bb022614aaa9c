import { describe, expect, it } from 'vitest';
import { editDistance, isAlternative, maxDistance, SpellingVocabulary } from './grounding-spelling.ts';

describe('typo tolerance against the index vocabulary', () => {
  it('measures edits, counting a swap of neighbours as one', () => {
    expect(editDistance('factor', 'factor')).toBe(0);
    expect(editDistance('factr', 'factor')).toBe(1);
    expect(editDistance('fcator', 'factor')).toBe(1);
    expect(editDistance('choleski', 'cholesky')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abcdefgh', 'zzzzzzzz', 2)).toBe(3);
  });

  it('allows no edits under 4 letters, one up to 5, two beyond', () => {
    expect(maxDistance('lu')).toBe(0);
    expect(maxDistance('eign')).toBe(1);
    expect(maxDistance('eigenvalu')).toBe(2);
  });

  it('suggests the closest known stems, the more frequent first on ties', () => {
    const vocabulary = new SpellingVocabulary([
      { term: 'factor', docs: 40 },
      { term: 'faction', docs: 1 },
      { term: 'actor', docs: 90 },
      { term: 'gradient', docs: 12 },
      { term: 'radiant', docs: 3 },
      { term: 'x2', docs: 100 },
    ]);
    expect(vocabulary.size).toBe(5);
    expect(vocabulary.nearest('factr')).toEqual(['factor']);
    expect(vocabulary.nearest('gradeint')).toEqual(['gradient']);
    expect(vocabulary.nearest('zzzzzz')).toEqual([]);
    expect(vocabulary.nearest('acto', 'acto', 3)).toEqual(['actor']);
  });

  it('never suggests a stopword, as typed or as the index stems it, nor a word farther than one', () => {
    const vocabulary = new SpellingVocabulary([
      { term: 'that', docs: 348_000 },
      { term: 'test', docs: 900 },
      { term: 'becaus', docs: 50_000 },
      { term: 'becalm', docs: 3 },
      { term: 'thawing', docs: 2 },
    ]);
    // "teat" is one edit from "that" and from "test": only the content word stands in for it.
    expect(vocabulary.nearest('teat')).toEqual(['test']);
    // "becuase" is closest to "because" (stemmed "becaus"): nothing stands in, not the farther "becalm".
    expect(vocabulary.nearest('becuas', 'becuase')).toEqual([]);
    expect(vocabulary.nearest('thta')).toEqual([]);
    expect(isAlternative('that')).toBe(false);
    expect(isAlternative('becaus')).toBe(false);
    expect(isAlternative('treat')).toBe(true);
  });

  it('prefers, among equally close stems, the one closer to the word as typed', () => {
    const vocabulary = new SpellingVocabulary([
      { term: 'factor', docs: 40 },
      { term: 'factoris', docs: 2 },
    ]);
    // "factorsation" stems to "factors": one edit from both; the typed word is closer to "factoris".
    expect(vocabulary.nearest('factors', 'factorsation')).toEqual(['factoris']);
    expect(vocabulary.nearest('factors')).toEqual(['factor', 'factoris']);
  });

  it('finds the same stems as comparing the word with every stem', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const letters = 'abcdeéorst';
    const word = (n: number) => Array.from({ length: n }, () => letters[Math.floor(next() * letters.length)]).join('');
    const terms = Array.from({ length: 1500 }, () => ({
      term: word(3 + Math.floor(next() * 6)),
      docs: 1 + Math.floor(next() * 9),
    }));
    const unique = [...new Map(terms.map((t) => [t.term, t])).values()];
    const vocabulary = new SpellingVocabulary(unique);
    for (let q = 0; q < 100; q++) {
      const stem = word(4 + Math.floor(next() * 4));
      const limit = maxDistance(stem);
      const brute = unique
        .map((t) => ({ ...t, distance: editDistance(stem, t.term) }))
        .filter((t) => t.distance > 0 && t.distance <= limit)
        .sort((a, b) => a.distance - b.distance || b.docs - a.docs || (a.term < b.term ? -1 : 1));
      const expected = brute
        .filter((t) => t.distance === brute[0].distance)
        .slice(0, 2)
        .map((t) => t.term)
        .filter(isAlternative);
      expect(vocabulary.nearest(stem)).toEqual(expected);
    }
  });
});
