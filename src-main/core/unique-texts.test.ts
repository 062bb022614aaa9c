import { describe, expect, it } from 'vitest';
import { uniqueTexts } from './unique-texts.ts';

describe('uniqueTexts', () => {
  it('keeps the first of each text in order and maps every original to it', () => {
    const texts = ['Eigenvalues', 'Cholesky', 'Eigenvalues', 'Summary', 'Cholesky'];
    const { unique, indexOf } = uniqueTexts(texts);
    expect(unique).toEqual(['Eigenvalues', 'Cholesky', 'Summary']);
    expect(indexOf).toEqual([0, 1, 0, 2, 1]);
    expect(indexOf.map((i) => unique[i])).toEqual(texts);
  });

  it('handles an empty list', () => {
    expect(uniqueTexts([])).toEqual({ unique: [], indexOf: [] });
  });
});
