import { describe, expect, it } from 'vitest';
import { featureNovelty, twFinchPersistence } from './hierarchy-boundary-strength.ts';
import { seededRandom as random } from './seeded-random.ts';
import { createTwFinch } from './twfinch.ts';

/** Noisy unit rows: three topics of 20 rows each, the middle topic much further from the others. */
function threeTopics(): { features: Float32Array; n: number; dim: number } {
  const dim = 16;
  const n = 60;
  const rnd = random(5);
  const centres = [0, 1, 2].map(() => Array.from({ length: dim }, () => rnd() * 2 - 1));
  const features = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = centres[Math.floor(i / 20)];
    for (let k = 0; k < dim; k++) features[i * dim + k] = c[k] + 0.3 * (rnd() * 2 - 1);
  }
  return { features, n, dim };
}

describe('twFinchPersistence', () => {
  it('is highest at the topic changes, which every chapter count keeps', () => {
    const { features, n, dim } = threeTopics();
    const strength = twFinchPersistence(createTwFinch(features, n, dim), features, dim, 6);
    const ranked = Array.from(strength.keys()).sort((a, b) => strength[b] - strength[a]);
    expect(ranked.slice(0, 2).sort((a, b) => a - b)).toEqual([20, 40]);
    // k = 2 keeps one of the two; every larger k keeps both.
    expect(Math.max(strength[20], strength[40])).toBe(1);
    expect(Math.min(strength[20], strength[40])).toBeGreaterThanOrEqual(0.8);
  });
});

describe('featureNovelty', () => {
  it('ranks the edges between topics above the edges inside them', () => {
    const { features, n, dim } = threeTopics();
    const novelty = featureNovelty(features, n, dim);
    expect(novelty[0]).toBe(0);
    expect(Math.min(novelty[20], novelty[40])).toBeGreaterThan(0.9);
    expect(novelty[10]).toBeLessThan(0.5);
  });
});
