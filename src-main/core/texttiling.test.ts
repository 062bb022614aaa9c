import { describe, expect, it } from 'vitest';
import { textTiling } from './texttiling.ts';

const cameras = [
  'the pinhole camera projects light through a hole onto the image plane',
  'a camera obscura is a dark room with a hole that projects the scene',
  'the image on the plane of the camera is upside down and dim',
  'lenses let the camera collect more light than a pinhole',
  'focal length of the lens sets the scale of the projected image',
  'perspective projection divides by depth in the camera model',
];
const automata = [
  'a finite automaton accepts a regular language over an alphabet',
  'nondeterministic automata may guess which transition to follow',
  'regular languages are closed under union concatenation and star',
  'every regular expression converts to an equivalent automaton',
  'the subset construction turns an nfa into a deterministic automaton',
  'states of the automaton read the input string symbol by symbol',
];

describe('textTiling', () => {
  it('finds the lexical break between two topics', () => {
    const units = [...cameras, ...automata];
    const bounds = textTiling(units, { tokensPerSequence: 6, blockSequences: 3, k: 2 });
    expect(bounds).toHaveLength(1);
    expect(Math.abs(bounds[0] - cameras.length)).toBeLessThanOrEqual(1);
  });

  it('returns exactly k - 1 boundaries when asked, and none for a single unit', () => {
    const units = [...cameras, ...automata, ...cameras];
    expect(textTiling(units, { tokensPerSequence: 6, blockSequences: 3, k: 5 })).toHaveLength(4);
    expect(textTiling(['just one unit of text here'], { k: 3 })).toEqual([]);
  });
});
