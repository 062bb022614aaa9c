import { describe, expect, it } from 'vitest';
import { FIRST_SHOWN, resultKey } from './search-result-keys.ts';

describe('resultKey', () => {
  it('steps down and up through the shown results, stopping at either end', () => {
    let active = 0;
    const seen = [];
    for (let i = 0; i < FIRST_SHOWN + 2; i++) {
      const outcome = resultKey('ArrowDown', active, FIRST_SHOWN);
      if (outcome.kind === 'step') active = outcome.active;
      seen.push(active);
    }
    expect(seen).toEqual([1, 2, 3, 4, 4, 4, 4]);
    expect(resultKey('ArrowUp', 0, FIRST_SHOWN)).toEqual({ kind: 'step', active: 0 });
    expect(resultKey('ArrowUp', 3, FIRST_SHOWN)).toEqual({ kind: 'step', active: 2 });
  });

  it('jumps to the highlighted result on Enter, the first when the list shrank under it', () => {
    expect(resultKey('Enter', 2, 5)).toEqual({ kind: 'jump', active: 2 });
    expect(resultKey('Enter', 4, 2)).toEqual({ kind: 'jump', active: 1 });
    expect(resultKey('Enter', 0, 0)).toEqual({ kind: 'jump', active: 0 });
  });

  it('closes on Escape and leaves letters and the caret keys to the box', () => {
    expect(resultKey('End', 0, 5)).toEqual({ kind: 'none' });
    expect(resultKey('Escape', 1, 5)).toEqual({ kind: 'close' });
    expect(resultKey('a', 1, 5)).toEqual({ kind: 'none' });
  });
});
