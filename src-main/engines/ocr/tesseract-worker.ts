import Tesseract from 'tesseract.js';
import type { OcrLine } from './ocr-engine.ts';
import { englishLangPath } from './tesseract-lang-path.ts';

/**
 * Tesseract page segmentation modes worth using on slides: 3 = automatic layout,
 * 11 = sparse text (finds scattered text blocks, which slides are), 6 = one uniform block
 * (tesseract.js's default, poor on slides).
 */
export type PageSegMode = '3' | '6' | '11';

export interface TesseractPage {
  /** Lines in tesseract's order, boxes in the pixels of the image it was given. */
  lines: OcrLine[];
  width: number;
  height: number;
}

/** One tesseract.js worker thread with English LSTM data loaded, kept for many images. */
export interface TesseractWorker {
  recognize(image: Uint8Array): Promise<TesseractPage>;
  terminate(): Promise<void>;
  /** True once the thread has died or been terminated. */
  readonly dead: boolean;
}

interface NodeThread {
  on(event: 'error' | 'exit', listener: (arg: unknown) => void): void;
}

/** tesseract.js reports text-less pages with blocks = null; a page's size is on the TSV's first row. */
function pageSize(tsv: string | null): { width: number; height: number } {
  const first = (tsv ?? '').split('\n', 1)[0]?.split('\t') ?? [];
  const width = Number(first[8]);
  const height = Number(first[9]);
  return { width: Number.isFinite(width) ? width : 0, height: Number.isFinite(height) ? height : 0 };
}

function pageLines(page: Tesseract.Page): OcrLine[] {
  const lines: OcrLine[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const text = line.text.replace(/\s+/g, ' ').trim();
        if (!text) continue;
        const { x0, y0, x1, y1 } = line.bbox;
        lines.push({
          text,
          confidence: Math.max(0, Math.min(1, line.confidence / 100)),
          box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
        });
      }
    }
  }
  return lines;
}

export async function startTesseractWorker(pageSegMode: PageSegMode): Promise<TesseractWorker> {
  const worker = await Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
    langPath: englishLangPath(),
    cacheMethod: 'none',
    gzip: true,
    // Without a handler tesseract.js rethrows a job's failure inside its message listener,
    // which would surface as an uncaught exception; the job's own promise still rejects.
    errorHandler: () => undefined,
  });
  await worker.setParameters({
    tessedit_pageseg_mode: pageSegMode as Tesseract.PSM,
    // Keeps "Estimating resolution as ..." and similar chatter off stderr.
    debug_file: '/dev/null',
  });

  // tesseract.js never settles a job whose thread dies or is terminated; track that here.
  let dead = false;
  let deathError: Error | null = null;
  const inFlight = new Set<(error: Error) => void>();
  const die = (error: Error) => {
    if (dead) return;
    dead = true;
    deathError = error;
    for (const reject of inFlight) reject(error);
    inFlight.clear();
  };
  const thread = (worker as unknown as { worker?: NodeThread }).worker;
  thread?.on('error', (error) => die(error instanceof Error ? error : new Error(String(error))));
  thread?.on('exit', (code) => die(new Error(`The OCR worker thread exited (code ${String(code)}).`)));

  return {
    get dead() {
      return dead;
    },
    recognize(image) {
      if (dead) return Promise.reject(deathError ?? new Error('The OCR worker is not running.'));
      return new Promise<TesseractPage>((resolve, reject) => {
        inFlight.add(reject);
        worker
          .recognize(
            Buffer.from(image.buffer, image.byteOffset, image.byteLength),
            {},
            { text: false, blocks: true, tsv: true },
          )
          .then(
            ({ data }) => resolve({ lines: pageLines(data), ...pageSize(data.tsv) }),
            (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
          )
          .finally(() => inFlight.delete(reject));
      });
    },
    async terminate() {
      die(new Error('The OCR worker was terminated.'));
      await worker.terminate();
    },
  };
}
