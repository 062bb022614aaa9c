import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultTextEmbedder, createOnnxTextEmbedder, type TextEmbedder } from './text-embedder.ts';
import { randomBertOnnx } from './testing/random-encoder-onnx.ts';
import { tinyTextEncoderOnnx } from './testing/tiny-onnx-models.ts';
import { dot } from './vector-pooling.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'lectern-embed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('default text embedder (Universal Sentence Encoder lite from npm)', () => {
  let embedder: TextEmbedder;
  beforeAll(async () => {
    embedder = await createDefaultTextEmbedder();
  });
  afterAll(() => embedder?.close());

  it('gives 512-d unit vectors and names its model', async () => {
    const [v] = await embedder.embed(['The eigenvalues of a symmetric matrix are real.']);
    expect(embedder.dim).toBe(512);
    expect(embedder.id).toMatch(/^use-lite-en@/);
    expect(v.length).toBe(512);
    expect(dot(v, v)).toBeCloseTo(1, 4);
  });

  it('ranks a paraphrase above unrelated sentences', async () => {
    const [q, para, other1, other2] = await embedder.embed([
      'Why is the Cholesky factor reused?',
      'The reason we keep the Cholesky factorization around is so we can use it again.',
      'The weather in Paris was sunny all week.',
      'Photosynthesis converts light into chemical energy.',
    ]);
    expect(dot(q, para)).toBeGreaterThan(dot(q, other1));
    expect(dot(q, para)).toBeGreaterThan(dot(q, other2));
  });

  it('keeps input order across several batches and matches one-at-a-time results', async () => {
    const texts = Array.from(
      { length: 70 },
      (_, i) => `${'word '.repeat(i % 9)}sentence number ${i} about topic ${i % 5}`,
    );
    const all = await embedder.embed(texts);
    expect(all).toHaveLength(70);
    for (const i of [0, 33, 69]) {
      const [single] = await embedder.embed([texts[i]]);
      expect(dot(all[i], single)).toBeCloseTo(1, 4);
    }
  });

  it('returns an empty list for no texts', async () => {
    expect(await embedder.embed([])).toEqual([]);
  });
});

// Tiny "BERT": word i embeds to [i, 1, 0]; token type 1 adds [0, 0, 5].
const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'the', 'cat', 'sat', 'on', 'mat', 'matrix', 'factor'];
const E = VOCAB.map((_, i) => [i, 1, 0]);
const id = (t: string) => VOCAB.indexOf(t);
const meanOf = (tokens: string[]) => {
  const ids = tokens.map(id);
  const m = [ids.reduce((a, b) => a + b, 0) / ids.length, 1, 0];
  const n = Math.hypot(...m);
  return m.map((x) => x / n);
};

describe('ONNX text embedder on a tiny generated BERT-style graph', () => {
  const modelPath = path.join(dir, 'model.onnx');
  const tokenizerPath = path.join(dir, 'vocab.txt');
  let embedder: TextEmbedder;
  beforeAll(async () => {
    writeFileSync(
      modelPath,
      tinyTextEncoderOnnx(E, [
        [0, 0, 0],
        [0, 0, 5],
      ]),
    );
    writeFileSync(tokenizerPath, `${VOCAB.join('\n')}\n`);
    embedder = await createOnnxTextEmbedder({ modelPath, tokenizerPath, batchSize: 3 });
  });
  afterAll(() => embedder?.close());

  it('reports the output width and a content-based id', () => {
    expect(embedder.dim).toBe(3);
    expect(embedder.id).toMatch(/^onnx-text:model\.onnx@[0-9a-f]{12}$/);
  });

  it('mean-pools the real tokens ([CLS] and [SEP] included, padding excluded) and normalises', async () => {
    // Mixed lengths in one batch: the short text is padded with [PAD] (id 0), which must not count.
    const [short, long] = await embedder.embed(['cat', 'the cat sat on the mat']);
    const wantShort = meanOf(['[CLS]', 'cat', '[SEP]']);
    const wantLong = meanOf(['[CLS]', 'the', 'cat', 'sat', 'on', 'the', 'mat', '[SEP]']);
    Array.from(short).forEach((v, k) => expect(v).toBeCloseTo(wantShort[k], 5));
    Array.from(long).forEach((v, k) => expect(v).toBeCloseTo(wantLong[k], 5));
  });

  it('keeps input order when batches are sorted by length internally', async () => {
    const texts = ['the cat sat on the mat', 'cat', 'matrix factor', 'mat', 'the matrix', 'on', 'sat on the mat'];
    const out = await embedder.embed(texts);
    const singles = await Promise.all(texts.map((t) => embedder.embed([t]).then((r) => r[0])));
    out.forEach((v, i) => expect(dot(v, singles[i])).toBeCloseTo(1, 5));
    expect(dot(out[1], singles[3])).toBeLessThan(0.99999); // 'cat' and 'mat' really differ
  });

  it('truncates to maxTokens', async () => {
    const short = await createOnnxTextEmbedder({ modelPath, tokenizerPath, maxTokens: 3 });
    try {
      const [v] = await short.embed(['matrix the cat']);
      const want = meanOf(['[CLS]', 'matrix', '[SEP]']);
      Array.from(v).forEach((x, k) => expect(x).toBeCloseTo(want[k], 5));
    } finally {
      await short.close();
    }
  });

  it('reports progress per batch and stops when the signal aborts', async () => {
    const seen: number[] = [];
    await embedder.embed(['cat', 'mat', 'sat', 'on', 'the'], { onProgress: (done) => seen.push(done) });
    expect(seen).toEqual([3, 5]);

    const controller = new AbortController();
    const calls: number[] = [];
    const run = embedder.embed(
      Array.from({ length: 30 }, () => 'the cat'),
      {
        signal: controller.signal,
        onProgress: (done) => {
          calls.push(done);
          if (done >= 6) controller.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls.at(-1)).toBeLessThan(30);
    // Still usable afterwards.
    expect(await embedder.embed(['cat'])).toHaveLength(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    await expect(embedder.embed(['cat'], { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('refuses calls after close', async () => {
    const e = await createOnnxTextEmbedder({ modelPath, tokenizerPath });
    await e.close();
    await expect(e.embed(['cat'])).rejects.toThrow(/closed/);
  });
});

describe('ONNX text embedder on a small random BERT with real self-attention', () => {
  it('gives a text the same vector alone and padded in a batch (the attention mask reaches the graph)', async () => {
    const modelPath = path.join(dir, 'small-bert.onnx');
    const tokenizerPath = path.join(dir, 'bert-vocab.txt');
    writeFileSync(
      modelPath,
      randomBertOnnx({ vocab: VOCAB.length, layers: 2, hidden: 16, heads: 4, ffn: 32, maxPositions: 64 }),
    );
    writeFileSync(tokenizerPath, `${VOCAB.join('\n')}\n`);
    const embedder = await createOnnxTextEmbedder({ modelPath, tokenizerPath });
    try {
      expect(embedder.dim).toBe(16);
      const [alone] = await embedder.embed(['cat']);
      const [padded, long] = await embedder.embed(['cat', 'the cat sat on the mat matrix factor']);
      for (let k = 0; k < 16; k++) expect(padded[k]).toBeCloseTo(alone[k], 5);
      expect(dot(alone, long)).toBeLessThan(0.9999);
    } finally {
      await embedder.close();
    }
  });
});

describe('ONNX text embedder errors', () => {
  it('names a missing model file as a user error', async () => {
    await expect(
      createOnnxTextEmbedder({ modelPath: path.join(dir, 'nope.onnx'), tokenizerPath: path.join(dir, 'nope.txt') }),
    ).rejects.toMatchObject({
      code: 'model-missing',
    });
  });

  it('reports a corrupt model file as a user error from the worker', async () => {
    const bad = path.join(dir, 'corrupt.onnx');
    writeFileSync(bad, Buffer.from('this is not protobuf at all'));
    const vocab = path.join(dir, 'vocab2.txt');
    writeFileSync(vocab, `${VOCAB.join('\n')}\n`);
    await expect(createOnnxTextEmbedder({ modelPath: bad, tokenizerPath: vocab })).rejects.toMatchObject({
      name: 'UserError',
      code: 'model-invalid',
    });
  });
});
