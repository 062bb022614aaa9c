/**
 * A CLIP-class image+text encoder as two ONNX graphs: visual (pixel_values [B,3,S,S] float32 ->
 * image_embeds) and text (input_ids + attention_mask [B,L] int64 -> text_embeds), with the CLIP
 * BPE tokenizer from its tokenizer.json. Both sides are L2-normalised, so a dot product between a
 * text and a frame is their cosine similarity.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../core/user-error.ts';
import type { EmbedBackend } from './embed-backend.ts';
import type { ClipEmbedderOptions } from './image-embedder.ts';
import { decodeRgb } from './image-decode.ts';
import { CLIP_NORM, type ChannelNorm, writeChwTensor } from './image-tensor.ts';
import { openOnnxSession, ort, requireInputs, staticAxis } from './onnx-session.ts';
import { encodeBatch, loadTokenizer } from './tokenizer-file.ts';
import { l2NormaliseInPlace, splitRows } from './vector-pooling.ts';

interface PreprocessorConfig {
  image_mean?: number[];
  image_std?: number[];
  crop_size?: number | { height: number; width: number };
}

/** Reads a Hugging Face preprocessor_config.json next to the visual model, when there is one. */
function readPreprocessorConfig(visualModelPath: string): PreprocessorConfig {
  const file = path.join(path.dirname(visualModelPath), 'preprocessor_config.json');
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PreprocessorConfig;
  } catch {
    return {};
  }
}

function pickOutput(session: ort.InferenceSession, preferred: string): string {
  return session.outputNames.includes(preferred) ? preferred : session.outputNames[0];
}

export async function loadClipBackend(options: ClipEmbedderOptions, fingerprint: string): Promise<EmbedBackend> {
  const tokenizer = loadTokenizer(options.tokenizerPath);
  const [visual, text] = await Promise.all([
    openOnnxSession(options.visualModelPath, options.threads),
    openOnnxSession(options.textModelPath, options.threads),
  ]);
  requireInputs(visual, options.visualModelPath, ['pixel_values']);
  requireInputs(text, options.textModelPath, ['input_ids']);

  const pre = readPreprocessorConfig(options.visualModelPath);
  const crop = typeof pre.crop_size === 'number' ? pre.crop_size : pre.crop_size?.height;
  const size = staticAxis(visual, 'pixel_values', 2) ?? options.imageSize ?? crop ?? 224;
  const norm: ChannelNorm =
    options.norm ??
    (pre.image_mean?.length === 3 && pre.image_std?.length === 3
      ? { mean: pre.image_mean as [number, number, number], std: pre.image_std as [number, number, number] }
      : CLIP_NORM);
  const contextLength = staticAxis(text, 'input_ids', 1);
  const maxTokens = contextLength ?? options.contextLength ?? 77;
  const padId = tokenizer.tokenId('<|endoftext|>');
  const imageOut = pickOutput(visual, 'image_embeds');
  const textOut = pickOutput(text, 'text_embeds');

  async function runVisual(pixels: Float32Array, batch: number): Promise<Float32Array[]> {
    const results = await visual.run({ pixel_values: new ort.Tensor('float32', pixels, [batch, 3, size, size]) }, [
      imageOut,
    ]);
    const out = results[imageOut];
    if (out.dims.length !== 2)
      throw new Error(`visual model output ${imageOut} has shape [${out.dims.join(', ')}], expected [batch, dim]`);
    const rows = splitRows(out.data as Float32Array, batch, Number(out.dims[1]));
    out.dispose();
    return rows.map(l2NormaliseInPlace);
  }

  async function embedImages(images: Uint8Array[]): Promise<Float32Array[]> {
    if (images.length === 0) return [];
    const pixels = new Float32Array(images.length * 3 * size * size);
    await Promise.all(
      images.map(async (image, i) =>
        writeChwTensor(await decodeRgb(image, size, size, 'cover', options.decoder), size, size, norm, pixels, i),
      ),
    );
    return runVisual(pixels, images.length);
  }

  async function embedTexts(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const batch = encodeBatch(tokenizer, texts, maxTokens, { fixedLength: contextLength, padId });
    const dims = [batch.batch, batch.seq];
    const feeds: Record<string, ort.Tensor> = { input_ids: new ort.Tensor('int64', batch.inputIds, dims) };
    if (text.inputNames.includes('attention_mask'))
      feeds.attention_mask = new ort.Tensor('int64', batch.attentionMask, dims);
    const results = await text.run(feeds, [textOut]);
    const out = results[textOut];
    if (out.dims.length !== 2)
      throw new Error(`text model output ${textOut} has shape [${out.dims.join(', ')}], expected [batch, dim]`);
    const rows = splitRows(out.data as Float32Array, batch.batch, Number(out.dims[1]));
    out.dispose();
    return rows.map(l2NormaliseInPlace);
  }

  const imageDim = (await runVisual(new Float32Array(3 * size * size), 1))[0].length;
  const textDim = (await embedTexts(['a slide']))[0].length;
  if (imageDim !== textDim) {
    throw new UserError(
      'model-invalid',
      `The CLIP visual model gives ${imageDim}-d vectors but the text model gives ${textDim}-d.`,
      'Install the visual and text halves of the same CLIP model.',
    );
  }
  return {
    id: `clip:${fingerprint}`,
    dim: imageDim,
    textAligned: true,
    embedImages,
    embedTexts,
    async close(): Promise<void> {
      await Promise.all([visual.release(), text.release()]);
    },
  };
}
