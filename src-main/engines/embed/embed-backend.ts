/**
 * What runs inside the embedding worker: a model loaded in-process, called one batch at a time.
 * The public embedders (text-embedder.ts, image-embedder.ts) are thin proxies to one of these.
 */
import type { OnnxTextEmbedderOptions } from './text-embedder.ts';
import type { ClipEmbedderOptions } from './image-embedder.ts';

export interface EmbedBackend {
  readonly id: string;
  readonly dim: number;
  readonly textAligned: boolean;
  /** Text backends. */
  embed?(texts: string[]): Promise<Float32Array[]>;
  /** Image backends. */
  embedImages?(images: Uint8Array[]): Promise<Float32Array[]>;
  /** Text-aligned image backends (CLIP-class): texts into the image space. */
  embedTexts?(texts: string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export type EmbedBackendSpec =
  | { kind: 'use-text'; cacheDir?: string }
  | { kind: 'onnx-text'; options: OnnxTextEmbedderOptions; fingerprint: string }
  | { kind: 'slide-descriptor' }
  | { kind: 'clip'; options: ClipEmbedderOptions; fingerprint: string };

export type EmbedMethod = 'embed' | 'embedImages' | 'embedTexts';

/** Loads the backend a spec names, in the current thread. */
export async function loadEmbedBackend(spec: EmbedBackendSpec): Promise<EmbedBackend> {
  switch (spec.kind) {
    case 'use-text':
      return (await import('./use-text-backend.ts')).loadUseTextBackend(spec.cacheDir);
    case 'onnx-text':
      return (await import('./onnx-text-backend.ts')).loadOnnxTextBackend(spec.options, spec.fingerprint);
    case 'slide-descriptor':
      return (await import('./slide-descriptor-backend.ts')).loadSlideDescriptorBackend();
    case 'clip':
      return (await import('./clip-backend.ts')).loadClipBackend(spec.options, spec.fingerprint);
  }
}
