import { describe, expect, it } from 'vitest';
import { americanSpelling, britishSpelling } from './british-spelling.ts';
import { stem } from './lexical-terms.ts';

describe('British spellings', () => {
  it('reads -ise, -our, -re, -ogue and -ence words as their American forms', () => {
    expect(americanSpelling('factorisation')).toBe('factorization');
    expect(americanSpelling('optimised')).toBe('optimized');
    expect(americanSpelling('normalising')).toBe('normalizing');
    expect(americanSpelling('categorise')).toBe('categorize');
    expect(americanSpelling('criticised')).toBe('criticized');
    expect(americanSpelling('colour')).toBe('color');
    expect(americanSpelling('behavioural')).toBe('behavioral');
    expect(americanSpelling('centre')).toBe('center');
    expect(americanSpelling('centred')).toBe('centered');
    expect(americanSpelling('kilometres')).toBe('kilometers');
    expect(americanSpelling('catalogue')).toBe('catalog');
    expect(americanSpelling('defence')).toBe('defense');
    expect(americanSpelling('programme')).toBe('program');
  });

  it('so the stemmer gives both spellings one stem', () => {
    expect(stem(americanSpelling('factorisation'))).toBe(stem('factor'));
    expect(stem(americanSpelling('optimisation'))).toBe(stem('optimization'));
  });

  it('leaves alone the words whose -ise is not the -ize ending, and American or other words', () => {
    for (const word of [
      'promise',
      'exercises',
      'precise',
      'concise',
      'sunrise',
      'arise',
      'otherwise',
      'surprised',
      'advised',
      'revise',
      'praised',
      'noise',
      'raise',
      'expertise',
      'analysis',
      'crisis',
      'decision',
      'hour',
      'genre',
      'factorization',
      'color',
    ])
      expect(americanSpelling(word)).toBe(word);
  });
});

describe('American spellings', () => {
  it('reads them the British way, the other way round', () => {
    for (const [american, british] of [
      ['optimization', 'optimisation'],
      ['normalized', 'normalised'],
      ['color', 'colour'],
      ['behaviors', 'behaviours'],
      ['center', 'centre'],
      ['centered', 'centred'],
      ['catalog', 'catalogue'],
      ['defense', 'defence'],
      ['program', 'programme'],
    ])
      expect([britishSpelling(american), americanSpelling(british)]).toEqual([british, american]);
  });

  it('leaves the other words alone', () => {
    for (const word of ['colour', 'size', 'prize', 'hour', 'optimisation']) expect(britishSpelling(word)).toBe(word);
  });
});
