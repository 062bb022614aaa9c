/**
 * Visual embeddings for keyframes: one small interface, two kinds of model behind it, each run in
 * a worker thread. The default needs nothing installed; a CLIP-class model adds text-to-frame
 * search (embedTexts).
 */
import type { EmbedCallOptions } from './text-embedder.ts';
import { embedderInWorker } from './embed-worker-client.ts';
import type { DecoderName } from './image-decode.ts';
import type { ChannelNorm } from './image-tensor.ts';
import { fingerprintModelFile, requireModelFile } from './model-file.ts';

export interface ImageEmbedder {
  /** Names the model and its version; vectors from different ids must not be compared. */
  readonly id: string;
  readonly dim: number;
  /** True when embedTexts exists and puts texts in the same space as images (CLIP-class). */
  readonly textAligned: boolean;
  /** Encoded JPEG/PNG/WebP bytes in, one L2-normalised vector per image out, in input order. */
  embedImages(images: Buffer[], options?: EmbedCallOptions): Promise<Float32Array[]>;
  /** Only for text-aligned (CLIP-class) models. */
  embedTexts?(texts: string[], options?: EmbedCallOptions): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export interface ClipEmbedderOptions {
  /** ONNX graph: pixel_values [B,3,S,S] float32 -> image_embeds [B,D]. */
  visualModelPath: string;
  /** ONNX graph: input_ids (+ attention_mask) [B,L] int64 -> text_embeds [B,D]. */
  textModelPath: string;
  /** The model's tokenizer.json (CLIP byte-level BPE). */
  tokenizerPath: string;
  /** Images or texts per inference call (default 16). */
  batchSize?: number;
  /** onnxruntime intra-op threads (default: half the cores, at least 1). */
  threads?: number;
  /** Input side when the graph's pixel_values axes are dynamic (else preprocessor_config.json, else 224). */
  imageSize?: number;
  /** Token context when the graph's input_ids axis is dynamic (default 77). */
  contextLength?: number;
  /** Per-channel normalisation (else preprocessor_config.json next to the visual model, else CLIP's). */
  norm?: ChannelNorm;
  /** Force an image decoder (default: sharp, ffmpeg when sharp cannot load). */
  decoder?: DecoderName;
}

/**
 * The out-of-the-box keyframe embedder: a deterministic slide descriptor (luma/chroma layout,
 * edge-orientation histogram, colour histogram; 448-d). Chosen over nsfwjs's bundled MobileNetV2
 * because it tells slides apart at least as well for slide similarity, at ~5 ms instead of ~130 ms
 * per frame and without a 270 MB tfjs dependency (figures in the embed README / bench).
 */
export function createDefaultImageEmbedder(): Promise<ImageEmbedder> {
  return embedderInWorker<ImageEmbedder>({ kind: 'slide-descriptor' }, { batchSize: 16 });
}

/** A user-installed CLIP-class model as two ONNX graphs plus its tokenizer. */
export async function createClipEmbedder(options: ClipEmbedderOptions): Promise<ImageEmbedder> {
  requireModelFile(options.visualModelPath, 'CLIP visual model');
  requireModelFile(options.textModelPath, 'CLIP text model');
  requireModelFile(options.tokenizerPath, 'CLIP tokenizer');
  const [visual, text] = await Promise.all([
    fingerprintModelFile(options.visualModelPath),
    fingerprintModelFile(options.textModelPath),
  ]);
  return embedderInWorker<ImageEmbedder>(
    { kind: 'clip', options, fingerprint: `${visual}+${text}` },
    { batchSize: options.batchSize ?? 16 },
  );
}
