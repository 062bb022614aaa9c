/**
 * Which embedding models a library uses: an installed ONNX sentence encoder (e.g. all-MiniLM-L6-v2)
 * over the built-in USE lite for text, and an installed CLIP-class model over the built-in slide
 * descriptor for slide pictures (CLIP also lets search match a query's words to what a slide
 * shows). Without installed models, the built-ins: nothing to download.
 *
 * `key` names the choice: the embed stage re-runs when it changes, and the engine registry keeps
 * one running embedder per key.
 */
import { createClipEmbedder, createDefaultImageEmbedder, type ImageEmbedder } from '../engines/embed/image-embedder.ts';
import {
  createDefaultTextEmbedder,
  createOnnxTextEmbedder,
  type TextEmbedder,
} from '../engines/embed/text-embedder.ts';
import { listModels, type ModelListing } from '../models/index.ts';
import { cacheDir } from '../store/data-dir.ts';

export interface EmbedderChoice<T> {
  /** 'default', or the installed model's name. */
  key: string;
  create(): Promise<T>;
}

type ModelFiles = ModelListing['files'];

const fileNamed = (files: ModelFiles, ...names: string[]) => files.find((f) => names.includes(f.name))?.path;

/** The first installed model of a task whose files the loader needs are all there. */
function installed<T>(dataDir: string | undefined, task: ModelListing['task'], pick: (files: ModelFiles) => T | null) {
  if (!dataDir) return null;
  for (const model of listModels(dataDir)) {
    if (model.task !== task || model.status !== 'installed') continue;
    const picked = pick(model.files);
    if (picked) return { name: model.name, ...picked };
  }
  return null;
}

export function textEmbedderChoice(dataDir?: string): EmbedderChoice<TextEmbedder> {
  const model = installed(dataDir, 'text-embed', (files) => {
    const modelPath = files.find((f) => f.name.endsWith('.onnx'))?.path;
    const tokenizerPath = fileNamed(files, 'tokenizer.json', 'vocab.txt');
    return modelPath && tokenizerPath ? { modelPath, tokenizerPath } : null;
  });
  if (!model) {
    const options = dataDir ? { cacheDir: cacheDir(dataDir) } : {};
    return { key: 'default', create: () => createDefaultTextEmbedder(options) };
  }
  return { key: model.name, create: () => createOnnxTextEmbedder(model) };
}

export function imageEmbedderChoice(dataDir?: string): EmbedderChoice<ImageEmbedder> {
  const model = installed(dataDir, 'clip', (files) => {
    const visualModelPath = fileNamed(files, 'vision_model.onnx', 'visual.onnx');
    const textModelPath = fileNamed(files, 'text_model.onnx', 'textual.onnx');
    const tokenizerPath = fileNamed(files, 'tokenizer.json');
    return visualModelPath && textModelPath && tokenizerPath ? { visualModelPath, textModelPath, tokenizerPath } : null;
  });
  if (!model) return { key: 'default', create: createDefaultImageEmbedder };
  return { key: model.name, create: () => createClipEmbedder(model) };
}
