import { describe, expect, it } from 'vitest';
import { cerCount, characterErrorRate, editDistance, normaliseForCer } from './character-error-rate.ts';

describe('character error rate', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('divides errors by the reference length after normalising whitespace and quotes', () => {
    expect(characterErrorRate('Gradient  Descent\nBasics', 'Gradient Descent Basics')).toBe(0);
    expect(characterErrorRate('“Gosu”', '"Gosu"')).toBe(0);
    expect(characterErrorRate('Gradiant Descent', 'Gradient Descent')).toBeCloseTo(1 / 16);
    expect(characterErrorRate('gradient descent', 'Gradient Descent')).toBeCloseTo(2 / 16);
  });

  it('reports counts that pool across pages', () => {
    expect(cerCount('ab', 'abcd')).toEqual({ errors: 2, referenceLength: 4 });
    expect(normaliseForCer('  a \t b ')).toBe('a b');
  });

  it('scores text against an empty reference as all wrong unless it is empty too', () => {
    expect(characterErrorRate('', '')).toBe(0);
    expect(characterErrorRate('x', '')).toBe(1);
  });
});
