import { describe, expect, it } from 'vitest';
import { alignDeck, DEFAULT_ALIGNMENT_PARAMS, type AlignmentParams, type AlignmentMoment } from './deck-alignment.ts';
import { pagePosteriors } from './deck-posterior.ts';
import { seededRandom } from './seeded-random.ts';

const params: AlignmentParams = {
  ...DEFAULT_ALIGNMENT_PARAMS,
  speechWeight: 1,
  nextCost: 1.5,
  skipCost: 3,
  backCost: 4,
};

/** moments x pages scores: the true page gets `hit`, the others uniform noise below `miss`. */
function scores(truth: readonly number[], pages: number, hit: number, miss: number, seed = 1): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(truth.length * pages);
  truth.forEach((page, u) => {
    for (let j = 0; j < pages; j++) out[u * pages + j] = page === j + 1 ? hit : miss * random();
  });
  return out;
}

/** The cost of moving from page i to page j (0-based; i = -1 is the virtual page before the deck). */
function moveCost(i: number, j: number, p: AlignmentParams): number {
  if (j === i) return 0;
  if (j === i + 1) return p.nextCost;
  if (j > i) return p.skipCost + p.skipCostPerPage * (j - i - 1);
  return p.backCost + p.backCostPerPage * (i - j - 1);
}

/** Forward-backward written out over every pair of pages, O(moments x pages^2). */
function bruteForcePosteriors(emit: Float64Array, P: number, p: AlignmentParams, sharpness: number): Float64Array {
  const U = emit.length / P;
  const forward = Array.from({ length: U }, () => new Array<number>(P).fill(0));
  const backward = Array.from({ length: U }, () => new Array<number>(P).fill(1));
  for (let j = 0; j < P; j++) forward[0][j] = Math.exp(-sharpness * moveCost(-1, j, p) + sharpness * emit[j]);
  for (let u = 1; u < U; u++)
    for (let j = 0; j < P; j++) {
      let sum = 0;
      for (let i = 0; i < P; i++) sum += forward[u - 1][i] * Math.exp(-sharpness * moveCost(i, j, p));
      forward[u][j] = sum * Math.exp(sharpness * emit[u * P + j]);
    }
  for (let u = U - 2; u >= 0; u--)
    for (let i = 0; i < P; i++) {
      let sum = 0;
      for (let j = 0; j < P; j++)
        sum += Math.exp(-sharpness * moveCost(i, j, p) + sharpness * emit[(u + 1) * P + j]) * backward[u + 1][j];
      backward[u][i] = sum;
    }
  const out = new Float64Array(U * P);
  for (let u = 0; u < U; u++) {
    const total = forward[u].reduce((s, f, j) => s + f * backward[u][j], 0);
    for (let j = 0; j < P; j++) out[u * P + j] = (forward[u][j] * backward[u][j]) / total;
  }
  return out;
}

const moments = (n: number): AlignmentMoment[] =>
  Array.from({ length: n }, (_, u) => ({ start: u * 5, end: u * 5 + 5, keyframe: -1 }));

describe('pagePosteriors', () => {
  it('equals forward-backward written out over every pair of pages (stay, next, skip, back)', () => {
    const truth = [1, 1, 2, 4, 4, 2, 3, 3, 6];
    const emit = scores(truth, 6, 0.5, 0.4, 3);
    const fast = pagePosteriors(emit, 6, { ...params, skipCostPerPage: 0.3, backCostPerPage: 0.2 }, 2);
    const slow = bruteForcePosteriors(emit, 6, { ...params, skipCostPerPage: 0.3, backCostPerPage: 0.2 }, 2);
    for (let k = 0; k < fast.length; k++) expect(fast[k]).toBeCloseTo(slow[k], 9);
  });

  it('gives each moment a probability over the pages', () => {
    const emit = scores([1, 2, 2, 3, 5], 5, 0.3, 0.3, 5);
    const posterior = pagePosteriors(emit, 5, params, 4);
    for (let u = 0; u < 5; u++) {
      const row = Array.from(posterior.subarray(u * 5, u * 5 + 5));
      expect(row.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('comes to the Viterbi path as the sharpness grows', () => {
    const truth = [1, 1, 1, 2, 2, 5, 5, 5, 5, 5, 5, 3, 3, 3, 3, 4, 4, 4];
    const evidence = {
      pageCount: 6,
      moments: moments(truth.length),
      speech: Float32Array.from(scores(truth, 6, 0.5, 0.2, 11)),
    };
    const viterbi = alignDeck(evidence, params).pages;
    expect(viterbi).toEqual(truth);
    expect(alignDeck(evidence, { ...params, posteriorSharpness: 100 }).pages).toEqual(viterbi);
  });

  it('stays with a page through one sentence that sounds like another', () => {
    const truth = [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3];
    const speech = Float32Array.from(scores(truth, 5, 0.3, 0.2, 7));
    speech[3 * 5 + 2] = 0.35;
    const evidence = { pageCount: 5, moments: moments(truth.length), speech };
    expect(alignDeck(evidence, { ...params, posteriorSharpness: 8 }).pages).toEqual(truth);
  });
});

describe('alignDeck with posteriorSharpness (voice-only)', () => {
  it('starts at the first page and always has a page, without any evidence', () => {
    const result = alignDeck(
      { pageCount: 3, moments: moments(6), speech: new Float32Array(18) },
      { ...params, posteriorSharpness: 8 },
    );
    expect(result.pages[0]).toBe(1);
    expect(result.pages.every((p) => p !== null)).toBe(true);
  });

  it('runs in time linear in pages: an hour of sentences against a 500-page deck', () => {
    const n = 720;
    const pages = 500;
    const truth = Array.from({ length: n }, (_, u) => 1 + Math.floor(u / 2));
    const speech = Float32Array.from(scores(truth, pages, 0.4, 0.2));
    const started = performance.now();
    const result = alignDeck(
      { pageCount: pages, moments: moments(n), speech },
      { ...DEFAULT_ALIGNMENT_PARAMS, posteriorSharpness: 8 },
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.pages.filter((p, u) => p === truth[u]).length / n).toBeGreaterThan(0.95);
  });
});
