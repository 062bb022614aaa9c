import { describe, expect, it } from 'vitest';
import { sparseCosine } from './sparse-cosine.ts';

const vector = (entries: Array<[string, number]>): Map<string, number> => new Map(entries);

describe('sparseCosine', () => {
  it('is 1 for vectors pointing the same way and 0 for vectors sharing no term', () => {
    expect(
      sparseCosine(
        vector([
          ['a', 1],
          ['b', 2],
        ]),
        vector([
          ['a', 2],
          ['b', 4],
        ]),
      ),
    ).toBeCloseTo(1, 12);
    expect(sparseCosine(vector([['a', 1]]), vector([['b', 1]]))).toBe(0);
  });

  it('weighs shared terms by both weights', () => {
    // (1*1) / (sqrt(1+1) * sqrt(1)) = 1/sqrt(2)
    expect(
      sparseCosine(
        vector([
          ['a', 1],
          ['b', 1],
        ]),
        vector([['a', 1]]),
      ),
    ).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('is 0 when either vector is empty', () => {
    expect(sparseCosine(new Map(), vector([['a', 1]]))).toBe(0);
    expect(sparseCosine(vector([['a', 1]]), new Map())).toBe(0);
  });
});
