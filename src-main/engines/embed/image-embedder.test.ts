import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClipEmbedder, createDefaultImageEmbedder, type ImageEmbedder } from './image-embedder.ts';
import { CLIP_NORM } from './image-tensor.ts';
import { randomClipVisualOnnx } from './testing/random-encoder-onnx.ts';
import { degrade, renderSlide, SAMPLE_LAYOUTS, solidImage } from './testing/synthetic-slides.ts';
import { tinyClipTextOnnx, tinyClipTokenizerJson, tinyClipVisualOnnx } from './testing/tiny-onnx-models.ts';
import { dot } from './vector-pooling.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'lectern-clip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('default image embedder (slide descriptor)', () => {
  let embedder: ImageEmbedder;
  beforeAll(async () => {
    embedder = await createDefaultImageEmbedder();
  });
  afterAll(() => embedder?.close());

  it('is not text-aligned and has no embedTexts', () => {
    expect(embedder.textAligned).toBe(false);
    expect(embedder.embedTexts).toBeUndefined();
    expect(embedder.id).toBe('slide-descriptor@1');
  });

  it('embeds a batch in order: each degraded frame finds its own slide', async () => {
    const originals = await Promise.all(SAMPLE_LAYOUTS.map((l) => renderSlide(l, 'jpeg')));
    const gallery = await embedder.embedImages(originals);
    const queries = await embedder.embedImages(await Promise.all(originals.map(degrade)));
    expect(gallery).toHaveLength(originals.length);
    queries.forEach((q, i) => {
      const sims = gallery.map((g) => dot(q, g));
      expect(sims.indexOf(Math.max(...sims))).toBe(i);
      expect(gallery[i].length).toBe(embedder.dim);
    });
  });

  it('rejects a batch with an unreadable image and keeps working', async () => {
    await expect(embedder.embedImages([Buffer.from('junk')])).rejects.toMatchObject({ code: 'image-unreadable' });
    expect(await embedder.embedImages([await solidImage(10, 20, 30)])).toHaveLength(1);
  });
});

// Tiny CLIP: image_embeds = per-channel mean of pixel_values x W; text_embeds = sum of token rows.
const W = [
  [1, 0],
  [0, 1],
  [1, 1],
];
const WORDS = ['cat', 'slide', 'graph'];
const tokenizerJson = tinyClipTokenizerJson(WORDS);
const vocab = (tokenizerJson.model as { vocab: Record<string, number> }).vocab;
const vocabSize = Object.keys(vocab).length;
// Token row k = [k, 1]: easy to sum by hand.
const TOKEN_E = Array.from({ length: vocabSize }, (_, k) => [k, 1]);

function expectedImageVector(r: number, g: number, b: number, norm = CLIP_NORM): number[] {
  const m = [r, g, b].map((v, c) => (v / 255 - norm.mean[c]) / norm.std[c]);
  const e = [m[0] * W[0][0] + m[1] * W[1][0] + m[2] * W[2][0], m[0] * W[0][1] + m[1] * W[1][1] + m[2] * W[2][1]];
  const n = Math.hypot(...e);
  return e.map((x) => x / n);
}

function expectedTextVector(tokens: string[]): number[] {
  const e = tokens.map((t) => TOKEN_E[vocab[t]]).reduce((a, row) => [a[0] + row[0], a[1] + row[1]], [0, 0]);
  const n = Math.hypot(...e);
  return e.map((x) => x / n);
}

function writeClip(sub: string, contextLength: number | string = 77) {
  const d = path.join(dir, sub);
  mkdirSync(d, { recursive: true });
  const files = {
    visualModelPath: path.join(d, 'visual.onnx'),
    textModelPath: path.join(d, 'text.onnx'),
    tokenizerPath: path.join(d, 'tokenizer.json'),
  };
  writeFileSync(files.visualModelPath, tinyClipVisualOnnx(W));
  writeFileSync(files.textModelPath, tinyClipTextOnnx(TOKEN_E, contextLength));
  writeFileSync(files.tokenizerPath, JSON.stringify(tokenizerJson));
  return files;
}

describe('CLIP embedder on tiny generated visual and text graphs', () => {
  let clip: ImageEmbedder;
  beforeAll(async () => {
    clip = await createClipEmbedder({ ...writeClip('static'), batchSize: 2 });
  });
  afterAll(() => clip?.close());

  it('is text-aligned with the projection width as dim', () => {
    expect(clip.textAligned).toBe(true);
    expect(clip.dim).toBe(2);
    expect(typeof clip.embedTexts).toBe('function');
    expect(clip.id).toMatch(/^clip:visual\.onnx@[0-9a-f]{12}\+text\.onnx@[0-9a-f]{12}$/);
  });

  it('normalises pixels with the CLIP mean/std into [B,3,224,224] and keeps batch order', async () => {
    const colours: Array<[number, number, number]> = [
      [255, 0, 0],
      [0, 128, 255],
      [30, 200, 60],
      [250, 250, 250],
      [0, 0, 0],
    ];
    const images = await Promise.all(colours.map(([r, g, b], i) => solidImage(r, g, b, 300 + i * 40, 200)));
    const vectors = await clip.embedImages(images);
    vectors.forEach((v, i) => {
      const want = expectedImageVector(...colours[i]);
      expect(v[0]).toBeCloseTo(want[0], 3);
      expect(v[1]).toBeCloseTo(want[1], 3);
    });
  });

  it('tokenises with the CLIP BPE, pads to the static 77-token context and masks the padding', async () => {
    const [a, b] = await clip.embedTexts!(['a cat', 'graph slide cat']);
    const wantA = expectedTextVector(['<|startoftext|>', 'a</w>', 'cat</w>', '<|endoftext|>']);
    const wantB = expectedTextVector(['<|startoftext|>', 'graph</w>', 'slide</w>', 'cat</w>', '<|endoftext|>']);
    expect(a[0]).toBeCloseTo(wantA[0], 5);
    expect(a[1]).toBeCloseTo(wantA[1], 5);
    expect(b[0]).toBeCloseTo(wantB[0], 5);
    expect(b[1]).toBeCloseTo(wantB[1], 5);
  });
});

describe('CLIP embedder on a small random ViT visual tower', () => {
  it('runs patch embedding + attention at 64x64 and gives each image its own vector regardless of batch', async () => {
    const files = writeClip('vit');
    writeFileSync(
      files.visualModelPath,
      randomClipVisualOnnx({ image: 64, patch: 16, layers: 2, hidden: 32, heads: 4, ffn: 64, projection: 2 }),
    );
    const clip = await createClipEmbedder({ ...files, batchSize: 4 });
    try {
      const slides = await Promise.all(SAMPLE_LAYOUTS.map((l) => renderSlide(l)));
      const batch = await clip.embedImages(slides);
      const alone = await clip.embedImages([slides[2]]);
      expect(batch).toHaveLength(SAMPLE_LAYOUTS.length);
      expect(batch[2][0]).toBeCloseTo(alone[0][0], 4);
      expect(batch[2][1]).toBeCloseTo(alone[0][1], 4);
    } finally {
      await clip.close();
    }
  });
});

describe('CLIP embedder options and errors', () => {
  it('works with a dynamic text context and reads mean/std from preprocessor_config.json', async () => {
    const files = writeClip('dynamic', 'sequence');
    const norm = { mean: [0.5, 0.5, 0.5] as const, std: [0.5, 0.5, 0.5] as const };
    writeFileSync(
      path.join(path.dirname(files.visualModelPath), 'preprocessor_config.json'),
      JSON.stringify({ image_mean: norm.mean, image_std: norm.std, crop_size: 224 }),
    );
    const clip = await createClipEmbedder(files);
    try {
      const [v] = await clip.embedImages([await solidImage(200, 100, 50)]);
      const want = expectedImageVector(200, 100, 50, norm);
      expect(v[0]).toBeCloseTo(want[0], 3);
      expect(v[1]).toBeCloseTo(want[1], 3);
      const [t] = await clip.embedTexts!(['slide']);
      const wantT = expectedTextVector(['<|startoftext|>', 'slide</w>', '<|endoftext|>']);
      expect(t[0]).toBeCloseTo(wantT[0], 5);
    } finally {
      await clip.close();
    }
  });

  it('refuses a visual and a text half of different widths', async () => {
    const files = writeClip('mismatch');
    writeFileSync(files.textModelPath, tinyClipTextOnnx(TOKEN_E.map((row) => [...row, 0])));
    await expect(createClipEmbedder(files)).rejects.toMatchObject({ code: 'model-invalid' });
  });

  it('refuses a text graph passed as the visual model', async () => {
    const files = writeClip('swapped');
    await expect(createClipEmbedder({ ...files, visualModelPath: files.textModelPath })).rejects.toMatchObject({
      code: 'model-invalid',
    });
  });

  it('names a missing file as a user error', async () => {
    const files = writeClip('missing');
    await expect(createClipEmbedder({ ...files, tokenizerPath: path.join(dir, 'none.json') })).rejects.toMatchObject({
      code: 'model-missing',
    });
  });
});
