import { createOcrEngine, type OcrEngine } from '../engines/ocr/ocr-engine.ts';

/**
 * Engines are expensive to start (worker threads, models), so one of each serves every
 * lecture in a run. Hosts and the CLI call `closeEngines()` before exiting.
 */
let ocr: Promise<OcrEngine> | null = null;

export function sharedOcrEngine(): Promise<OcrEngine> {
  ocr ??= createOcrEngine().catch((error: unknown) => {
    ocr = null;
    throw error;
  });
  return ocr;
}

export async function closeEngines(): Promise<void> {
  const pending = ocr;
  ocr = null;
  if (pending) await (await pending.catch(() => null))?.close();
}
