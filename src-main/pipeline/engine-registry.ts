import type { ImageEmbedder } from '../engines/embed/image-embedder.ts';
import type { TextEmbedder } from '../engines/embed/text-embedder.ts';
import { createOcrEngine, type OcrEngine } from '../engines/ocr/ocr-engine.ts';
import { imageEmbedderChoice, textEmbedderChoice, type EmbedderChoice } from './embedder-choice.ts';

/**
 * Engines are expensive to start (worker threads, models), so one of each serves every
 * lecture in a run. Hosts and the CLI call `closeEngines()` before exiting.
 */
interface Closable {
  close(): Promise<void>;
}

const engines = new Map<string, Promise<Closable>>();

function shared<T extends Closable>(name: string, create: () => Promise<T>): Promise<T> {
  let engine = engines.get(name) as Promise<T> | undefined;
  if (!engine) {
    engine = create();
    engines.set(name, engine);
    // A failed start is not cached: the next lecture tries again.
    engine.catch(() => engines.delete(name));
  }
  return engine;
}

export const sharedOcrEngine = (): Promise<OcrEngine> => shared('ocr', () => createOcrEngine());
/** The text embedder a library uses (its installed model, else the built-in; see embedder-choice.ts). */
export function sharedTextEmbedder(dataDir?: string): Promise<TextEmbedder> {
  const choice = textEmbedderChoice(dataDir);
  return shared(`text-embed:${choice.key}`, choice.create);
}

const sharedImage = (choice: EmbedderChoice<ImageEmbedder>) => shared(`image-embed:${choice.key}`, choice.create);

export function sharedImageEmbedder(dataDir?: string): Promise<ImageEmbedder> {
  return sharedImage(imageEmbedderChoice(dataDir));
}

/** The library's CLIP-class embedder when one is installed (search then matches words to slide pictures), else null. */
export function sharedTextAlignedImageEmbedder(dataDir?: string): Promise<ImageEmbedder | null> {
  const choice = imageEmbedderChoice(dataDir);
  return choice.key === 'default' ? Promise.resolve(null) : sharedImage(choice);
}

export async function closeEngines(): Promise<void> {
  const pending = [...engines.values()];
  engines.clear();
  await Promise.all(pending.map(async (engine) => (await engine.catch(() => null))?.close()));
}
