import { existsSync } from 'node:fs';
import type { Stage, StageContext } from '../stage.ts';
import { firstShowings } from '../../engines/ocr/repeated-slides.ts';
import { decodeGreyRasters } from '../../media/grey-rasters.ts';
import { readSlides, updateSlideText, type StoredSlide } from '../../store/lecture-content-store.ts';
import { sharedOcrEngine } from '../engine-registry.ts';

interface OcrStageResult {
  slides: Array<{ idx: number; title: string | null; text: string }>;
  /** Slides shown again later whose earlier reading was reused. */
  repeats: number;
  warnings: string[];
}

/** Compared at the thumbnails' own size (320 px wide, 16:9). */
const RASTER = { width: 320, height: 180 };

/**
 * For each slide, the position of the first slide with the same picture (itself when new),
 * from the thumbnails. Without thumbnails, or when they cannot be read, every slide is new.
 */
async function firstShowingOfEach(slides: readonly StoredSlide[], ctx: StageContext): Promise<number[]> {
  const own = slides.map((_, i) => i);
  if (slides.length < 2 || slides.some((s) => !s.thumbnail || !existsSync(s.thumbnail))) return own;
  try {
    return firstShowings(
      await decodeGreyRasters(
        slides.map((s) => s.thumbnail!),
        RASTER,
        ctx.signal,
      ),
    );
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    return own;
  }
}

/**
 * Reads each slide keyframe with tesseract (on a worker pool): slide text and a title. A slide
 * shown again (same picture as an earlier keyframe) takes the earlier reading.
 */
export const ocrStage: Stage<OcrStageResult> = {
  name: 'ocr',
  version: 2,
  dependsOn: ['frames'],
  settingsKey: () => 'tesseract-eng',
  async compute(ctx) {
    const slides = readSlides(ctx.db, ctx.lectureId).filter((s) => s.keyframe);
    if (slides.length === 0) return { slides: [], repeats: 0, warnings: [] };
    let engine;
    try {
      engine = await sharedOcrEngine();
    } catch (error) {
      return {
        slides: [],
        repeats: 0,
        warnings: [`slides not read: the OCR engine did not start (${(error as Error).message})`],
      };
    }
    const first = await firstShowingOfEach(slides, ctx);
    const toRead = slides.map((_, i) => i).filter((i) => first[i] === i);
    const read = await engine.recognizeMany(
      toRead.map((i) => slides[i].keyframe!),
      { signal: ctx.signal, concurrency: ctx.threads, onProgress: (done, total) => ctx.progress(done, total) },
    );
    const byPosition = new Map(toRead.map((i, k) => [i, read[k]]));
    return {
      slides: slides.map((s, i) => {
        const result = byPosition.get(first[i])!;
        return { idx: s.idx, title: result.title, text: result.text };
      }),
      repeats: slides.length - toRead.length,
      warnings: [],
    };
  },
  persist(ctx, result) {
    for (const slide of result.slides) updateSlideText(ctx.db, ctx.lectureId, slide.idx, slide.title, slide.text);
  },
  summarize: (result) => ({
    slides: result.slides.length,
    titled: result.slides.filter((s) => s.title).length,
    repeats: result.repeats,
    warnings: result.warnings,
  }),
};
