import { createTesseractOcrEngine } from './tesseract-ocr-engine.ts';

/** A rectangle in the pixels of the original image (before any pre-processing). */
export interface OcrBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One line of text as the engine read it; `confidence` is 0..1. */
export interface OcrLine {
  text: string;
  confidence: number;
  box: OcrBox;
}

/**
 * `lines`: every line read, in reading order (top to bottom, left to right), uncleaned.
 * `title`: the top/largest confident line (see core/slide-title.ts), or null.
 * `text`: the confident lines, cleaned, one per line. `width`/`height`: the image's size.
 */
export interface OcrResult {
  lines: OcrLine[];
  title: string | null;
  text: string;
  width: number;
  height: number;
}

export interface OcrEngine {
  /** `image` is a path or encoded PNG/JPEG bytes. Rejects with UserError for a missing or unreadable image. */
  recognize(image: string | Buffer, options?: { signal?: AbortSignal }): Promise<OcrResult>;
  /**
   * Recognises images concurrently on the pool; results are in input order. `onProgress` is
   * called once per finished image. The first failure rejects the call and cancels the images
   * still queued. Aborting rejects with the signal's reason (an AbortError by default).
   * `concurrency`: at most this many images at once (default: as many as the pool has workers),
   * so the OCR keeps to the cores speech recognition leaves it.
   */
  recognizeMany(
    images: Array<string | Buffer>,
    options?: { signal?: AbortSignal; concurrency?: number; onProgress?: (done: number, total: number) => void },
  ): Promise<OcrResult[]>;
  /** Ends the worker threads; calls in flight reject. */
  close(): Promise<void>;
}

/**
 * Tesseract (LSTM, English data from @tesseract.js-data/eng) on a pool of worker threads,
 * `workers` of them (default: the machine's cores, at most 4), with the pre-processing the
 * OCR bench found to help.
 */
export function createOcrEngine(options?: { workers?: number }): Promise<OcrEngine> {
  return createTesseractOcrEngine({ workers: options?.workers });
}
