import { readFile } from 'node:fs/promises';
import { transcriptWindows } from '../../core/transcript-windows.ts';
import { uniqueTexts } from '../../core/unique-texts.ts';
import { readSlides, readTranscript } from '../../store/lecture-content-store.ts';
import { replaceVectors, type StoredVector, type VectorKind } from '../../store/vectors-store.ts';
import { imageEmbedderChoice, textEmbedderChoice } from '../embedder-choice.ts';
import { sharedImageEmbedder, sharedTextEmbedder } from '../engine-registry.ts';
import type { Stage } from '../stage.ts';

type Pending = Omit<StoredVector, 'idx'>;

interface EmbedResult {
  vectors: Record<VectorKind, Pending[]>;
  warnings: string[];
}

/**
 * Embeds what was said (overlapping transcript windows), what was on the slides (OCR text)
 * and what the slides looked like (keyframes): the dense half of search and the content
 * features of chapter segmentation.
 */
export const embedStage: Stage<EmbedResult> = {
  name: 'embed',
  version: 1,
  dependsOn: ['transcript', 'frames', 'ocr'],
  // The built-ins keep the key libraries were first indexed with; an installed model re-embeds.
  settingsKey: (ctx) => {
    const models = [textEmbedderChoice(ctx.dataDir).key, imageEmbedderChoice(ctx.dataDir).key];
    return models.every((key) => key === 'default') ? 'default-engines' : `text=${models[0]};image=${models[1]}`;
  },
  async compute(ctx) {
    const windows = transcriptWindows(readTranscript(ctx.db, ctx.lectureId));
    const slides = readSlides(ctx.db, ctx.lectureId);
    const withText = slides.filter((s) => s.text.trim());
    const withImage = slides.filter((s) => s.keyframe);
    const total = windows.length + withText.length + withImage.length;
    const vectors: EmbedResult['vectors'] = { window: [], 'slide-text': [], 'slide-image': [] };
    const warnings: string[] = [];
    if (total === 0) return { vectors, warnings };
    let done = 0;
    const tick = (n: number) => ctx.progress((done += n), total);

    if (windows.length + withText.length > 0) {
      try {
        const text = await sharedTextEmbedder(ctx.dataDir);
        const spoken = await text.embed(
          windows.map((w) => w.text),
          { signal: ctx.signal, onProgress: (d) => ctx.progress(done + d, total) },
        );
        tick(windows.length);
        vectors.window = windows.map((w, i) => ({ ...w, model: text.id, vector: spoken[i] }));
        // A slide shown again has the same text: each distinct text is embedded once.
        const slideTexts = uniqueTexts(withText.map((s) => [s.title, s.text].filter(Boolean).join('. ')));
        const distinct = await text.embed(slideTexts.unique, { signal: ctx.signal });
        const shown = slideTexts.indexOf.map((i) => distinct[i]);
        tick(withText.length);
        vectors['slide-text'] = withText.map((s, i) => ({
          start: s.start,
          end: s.end,
          text: s.text,
          model: text.id,
          vector: shown[i],
        }));
      } catch (error) {
        if (ctx.signal?.aborted) throw error;
        warnings.push(`text not embedded: ${(error as Error).message}`);
      }
    }
    if (withImage.length > 0) {
      try {
        const images = await sharedImageEmbedder(ctx.dataDir);
        const bytes = await Promise.all(withImage.map((s) => readFile(s.keyframe!)));
        const pictures = await images.embedImages(bytes, { signal: ctx.signal });
        tick(withImage.length);
        vectors['slide-image'] = withImage.map((s, i) => ({
          start: s.start,
          end: s.end,
          text: '',
          model: images.id,
          vector: pictures[i],
        }));
      } catch (error) {
        if (ctx.signal?.aborted) throw error;
        warnings.push(`slides not embedded: ${(error as Error).message}`);
      }
    }
    return { vectors, warnings };
  },
  persist(ctx, result) {
    for (const [kind, vectors] of Object.entries(result.vectors)) {
      replaceVectors(ctx.db, ctx.lectureId, kind as VectorKind, vectors);
    }
  },
  summarize: (result) => ({
    windows: result.vectors.window.length,
    slideTexts: result.vectors['slide-text'].length,
    slideImages: result.vectors['slide-image'].length,
    warnings: result.warnings,
  }),
};
