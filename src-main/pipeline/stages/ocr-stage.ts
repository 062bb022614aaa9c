import type { Stage } from '../stage.ts';
import { readSlides, updateSlideText } from '../../store/lecture-content-store.ts';
import { sharedOcrEngine } from '../engine-registry.ts';

interface OcrStageResult {
  slides: Array<{ idx: number; title: string | null; text: string }>;
  warnings: string[];
}

/** Reads each slide keyframe with tesseract (on a worker pool): slide text and a title. */
export const ocrStage: Stage<OcrStageResult> = {
  name: 'ocr',
  version: 1,
  dependsOn: ['frames'],
  settingsKey: () => 'tesseract-eng',
  async compute(ctx) {
    const slides = readSlides(ctx.db, ctx.lectureId).filter((s) => s.keyframe);
    if (slides.length === 0) return { slides: [], warnings: [] };
    let engine;
    try {
      engine = await sharedOcrEngine();
    } catch (error) {
      return { slides: [], warnings: [`slides not read: the OCR engine did not start (${(error as Error).message})`] };
    }
    const results = await engine.recognizeMany(
      slides.map((s) => s.keyframe!),
      { signal: ctx.signal, onProgress: (done, total) => ctx.progress(done, total) },
    );
    return {
      slides: slides.map((s, i) => ({ idx: s.idx, title: results[i].title, text: results[i].text })),
      warnings: [],
    };
  },
  persist(ctx, result) {
    for (const slide of result.slides) updateSlideText(ctx.db, ctx.lectureId, slide.idx, slide.title, slide.text);
  },
  summarize: (result) => ({
    slides: result.slides.length,
    titled: result.slides.filter((s) => s.title).length,
    warnings: result.warnings,
  }),
};
