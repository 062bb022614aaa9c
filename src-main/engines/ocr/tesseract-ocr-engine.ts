import { setMaxListeners } from 'node:events';
import os from 'node:os';
import { chooseSlideTitle, slideText, sortReadingOrder } from '../../core/slide-title.ts';
import type { OcrEngine, OcrLine, OcrResult } from './ocr-engine.ts';
import { loadOcrImage } from './ocr-image.ts';
import { DEFAULT_PREPROCESSING, prepareSlideImage, type SlidePreprocessing } from './slide-preprocessing.ts';
import { startTesseractWorker, type PageSegMode, type TesseractWorker } from './tesseract-worker.ts';
import { abortError, WorkerPool } from './worker-pool.ts';

export interface TesseractOcrOptions {
  /** Worker threads (default `defaultOcrWorkerCount()`). */
  workers?: number;
  preprocessing?: SlidePreprocessing;
  pageSegMode?: PageSegMode;
}

/** One tesseract thread per core, at most 4 (each holds ~100 MB and the pipeline runs other stages too). */
export function defaultOcrWorkerCount(cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(4, cores));
}

/** Sparse-text segmentation reads slides best on the bench (scattered blocks, not a page of prose). */
export const DEFAULT_PAGE_SEG_MODE: PageSegMode = '11';

function scaleLine(line: OcrLine, scale: number): OcrLine {
  if (scale === 1) return line;
  const { x, y, width, height } = line.box;
  return {
    ...line,
    box: {
      x: Math.round(x / scale),
      y: Math.round(y / scale),
      width: Math.round(width / scale),
      height: Math.round(height / scale),
    },
  };
}

export async function createTesseractOcrEngine(options: TesseractOcrOptions = {}): Promise<OcrEngine> {
  const size = options.workers ?? defaultOcrWorkerCount();
  const preprocessing = options.preprocessing ?? DEFAULT_PREPROCESSING;
  const pageSegMode = options.pageSegMode ?? DEFAULT_PAGE_SEG_MODE;
  const pool = new WorkerPool<TesseractWorker>({
    size,
    create: () => startTesseractWorker(pageSegMode),
    destroy: (worker) => worker.terminate(),
  });
  // One worker up front: a broken install fails here, and a single image needs no more.
  await pool.warm(1);

  async function recognizeOne(image: string | Buffer, signal?: AbortSignal): Promise<OcrResult> {
    return pool.run(async ({ worker, signal: jobSignal, markBroken }) => {
      const loaded = await loadOcrImage(image);
      const prepared = await prepareSlideImage(loaded, preprocessing, jobSignal);
      if (jobSignal.aborted) throw abortError(jobSignal);
      let page;
      try {
        page = await worker.recognize(prepared.bytes);
      } catch (error) {
        if (worker.dead) markBroken();
        throw error;
      }
      const lines = sortReadingOrder(page.lines.map((line) => scaleLine(line, prepared.scale)));
      const width = loaded.width ?? Math.round(page.width / prepared.scale);
      const height = loaded.height ?? Math.round(page.height / prepared.scale);
      return { lines, title: chooseSlideTitle(lines, { width, height }), text: slideText(lines), width, height };
    }, signal);
  }

  return {
    recognize(image, callOptions) {
      return recognizeOne(image, callOptions?.signal);
    },

    async recognizeMany(images, callOptions = {}) {
      const { signal, onProgress } = callOptions;
      if (signal?.aborted) throw abortError(signal);
      // One controller for the batch: the caller's abort or the first failure cancels the rest.
      const batch = new AbortController();
      setMaxListeners(0, batch.signal); // every image in flight listens to it
      const forward = () => batch.abort(signal?.reason);
      signal?.addEventListener('abort', forward, { once: true });
      const results = new Array<OcrResult>(images.length);
      let next = 0;
      let done = 0;
      // Each lane reads one image after another; the pool runs the lanes' images on its workers.
      const lane = async () => {
        while (next < images.length) {
          if (batch.signal.aborted) throw abortError(batch.signal);
          const i = next++;
          try {
            results[i] = await recognizeOne(images[i], batch.signal);
          } catch (error) {
            if (!batch.signal.aborted) batch.abort(error);
            throw error;
          }
          done += 1;
          onProgress?.(done, images.length);
        }
      };
      const lanes = Math.max(1, Math.min(images.length, Math.floor(callOptions.concurrency ?? images.length)));
      try {
        await Promise.all(Array.from({ length: lanes }, lane));
        return results;
      } finally {
        signal?.removeEventListener('abort', forward);
      }
    },

    close() {
      return pool.close();
    },
  };
}
