import { describe, expect, it } from 'vitest';
import { timeWeightedFirstNeighbours } from './twfinch-first-neighbours.ts';
import { bruteNeighbours, pointsOf, rowsFrom } from './testing/twfinch-reference.ts';

describe('timeWeightedFirstNeighbours', () => {
  it('matches a brute-force search on noisy piecewise sequences, with ties and zero rows', () => {
    const cases: Array<{ protos: number[]; dim: number; noise: number }> = [
      { protos: [0, 0, 0, 1, 1, 1, 1, 2, 2, 0, 0, 3, 3, 3, 1, 1], dim: 8, noise: 0.3 },
      { protos: [0, 0, 0, 1, 1, 1, 1, 2, 2, 0, 0, 3, 3, 3, 1, 1], dim: 40, noise: 0.0 }, // identical rows
      { protos: [0, -1, -1, 1, 1, -1, 2, 2, -1, -1, -1, 0, 0, 0, 1, -1, 2], dim: 6, noise: 0.0 }, // zero rows
      { protos: Array.from({ length: 60 }, (_, i) => Math.floor(i / 7) % 4), dim: 64, noise: 0.5 },
      { protos: Array.from({ length: 90 }, (_, i) => (i * 7919) % 5), dim: 3, noise: 0.05 },
      { protos: [0, 1], dim: 5, noise: 0.1 },
      { protos: [0, 0, 0], dim: 5, noise: 0 },
    ];
    cases.forEach(({ protos, dim, noise }, c) => {
      const features = rowsFrom(protos, dim, noise, 100 + c);
      const points = pointsOf(features, protos.length, dim);
      const fast = timeWeightedFirstNeighbours(points);
      const brute = bruteNeighbours(points, dim);
      expect(Array.from(fast.neighbour), `case ${c}`).toEqual(Array.from(brute));
    });
  });

  it('finds a far identical row before a near different one (distance 0 beats any time gap)', () => {
    const protos = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0];
    const features = rowsFrom(protos, 16, 0, 7);
    const { neighbour, distance } = timeWeightedFirstNeighbours(pointsOf(features, protos.length, 16));
    expect(neighbour[0]).toBe(12);
    expect(neighbour[12]).toBe(0);
    expect(distance[0]).toBe(0);
  });

  it('breaks ties by the smaller time gap, then the earlier row', () => {
    const features = new Float32Array(5 * 2).fill(0); // five zero rows: all distances 0
    const { neighbour } = timeWeightedFirstNeighbours(pointsOf(features, 5, 2));
    expect(Array.from(neighbour)).toEqual([1, 0, 1, 2, 3]);
  });
});
