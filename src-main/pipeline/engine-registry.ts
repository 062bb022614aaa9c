import { createDefaultImageEmbedder, type ImageEmbedder } from '../engines/embed/image-embedder.ts';
import { createDefaultTextEmbedder, type TextEmbedder } from '../engines/embed/text-embedder.ts';
import { createOcrEngine, type OcrEngine } from '../engines/ocr/ocr-engine.ts';

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
export const sharedTextEmbedder = (): Promise<TextEmbedder> => shared('text-embed', createDefaultTextEmbedder);
export const sharedImageEmbedder = (): Promise<ImageEmbedder> => shared('image-embed', createDefaultImageEmbedder);

export async function closeEngines(): Promise<void> {
  const pending = [...engines.values()];
  engines.clear();
  await Promise.all(pending.map(async (engine) => (await engine.catch(() => null))?.close()));
}
