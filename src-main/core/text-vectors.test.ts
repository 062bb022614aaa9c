import { describe, expect, it } from 'vitest';
import { contentTerms, tokenize } from './lexical-terms.ts';
import { textVectors } from './text-vectors.ts';

const dot = (v: Float32Array, a: number, b: number, dim: number): number => {
  let s = 0;
  for (let k = 0; k < dim; k++) s += v[a * dim + k] * v[b * dim + k];
  return s;
};

describe('lexical terms', () => {
  it('drops stopwords, fillers and numbers, and stems', () => {
    expect(tokenize("Um, the camera's aperture — it's 2.5 mm!")).toEqual([
      'um',
      'the',
      "camera's",
      'aperture',
      "it's",
      '2',
      '5',
      'mm',
    ]);
    expect(contentTerms('Um, so the cameras were projecting images onto the retina')).toEqual([
      'camera',
      'project',
      'imag',
      'retina',
    ]);
  });
});

describe('textVectors', () => {
  it('gives unit rows, and all-zero rows for texts without content words', () => {
    const v = textVectors(['the pinhole camera projects an image', 'um, so, yeah, okay', ''], 64);
    expect(dot(v, 0, 0, 64)).toBeCloseTo(1, 5);
    expect(Array.from(v.subarray(64, 192)).every((x) => x === 0)).toBe(true);
  });

  it('puts texts on one topic closer than texts on different topics', () => {
    const texts = [
      'the pinhole camera projects light through a small hole onto the image plane',
      'a camera obscura projects the image of the scene through a tiny hole',
      'regular languages are closed under union and concatenation of automata',
    ];
    const v = textVectors(texts, 512);
    expect(dot(v, 0, 1, 512)).toBeGreaterThan(dot(v, 0, 2, 512) + 0.2);
    expect(dot(v, 0, 1, 512)).toBeGreaterThan(dot(v, 1, 2, 512) + 0.2);
  });

  it('matches inflected forms through stemming', () => {
    const v = textVectors(['projections of cameras', 'camera projection', 'deterministic automaton'], 512);
    expect(dot(v, 0, 1, 512)).toBeCloseTo(1, 5);
  });

  it('rejects a bad dimension', () => {
    expect(() => textVectors(['x'], 0)).toThrow(RangeError);
  });
});
