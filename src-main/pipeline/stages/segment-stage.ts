import { segmentChapters } from '../../core/chapter-segmentation.ts';
import { titleChapters } from '../../core/chapter-titles.ts';
import { fuseClipFeatures, makeClipGrid, type FeatureBlock } from '../../core/clip-features.ts';
import { spansToClips } from '../../core/span-features.ts';
import { readVectors, type VectorKind } from '../../store/vectors-store.ts';
import { textVectors } from '../../core/text-vectors.ts';
import { readSlides, readTranscript, replaceChapters } from '../../store/lecture-content-store.ts';
import type { Stage } from '../stage.ts';

const CLIP_SECONDS = 10;

interface SegmentResult {
  chapters: Array<{ start: number; end: number; title: string }>;
  k: number;
  reason: string;
}

/** Texts overlapping each clip, so a long cue informs every clip it spans. */
function textsPerClip(
  clips: ReadonlyArray<{ start: number; end: number }>,
  items: ReadonlyArray<{ start: number; end: number; text: string }>,
): string[] {
  const texts = clips.map(() => [] as string[]);
  let first = 0;
  for (const item of items) {
    while (first < clips.length && clips[first].end <= item.start) first++;
    for (let c = first; c < clips.length && clips[c].start < item.end; c++) texts[c].push(item.text);
  }
  return texts.map((parts) => parts.join(' '));
}

/** Chapters from TW-FINCH over 10 s clips of fused features: lexical and dense, spoken and on-slide, and slide looks. */
export const segmentStage: Stage<SegmentResult> = {
  name: 'segment',
  version: 2,
  dependsOn: ['transcript', 'frames', 'ocr', 'embed'],
  settingsKey: (ctx) =>
    `k=${ctx.settings.requestedChapters ?? 'auto'};target=${ctx.settings.chapterTargetSeconds.min}-${ctx.settings.chapterTargetSeconds.max}`,
  async compute(ctx) {
    const duration = ctx.media.duration;
    const transcript = readTranscript(ctx.db, ctx.lectureId);
    const slides = readSlides(ctx.db, ctx.lectureId);
    const clips = makeClipGrid(duration, CLIP_SECONDS);
    const lexicalDim = 512;
    const blocks: FeatureBlock[] = [
      { vectors: textVectors(textsPerClip(clips, transcript), lexicalDim), dim: lexicalDim, weight: 0.5 },
      { vectors: textVectors(textsPerClip(clips, slides), lexicalDim), dim: lexicalDim, weight: 0.4 },
    ];
    // Dense features from the embed stage: what was said, what the slides say, how they look.
    const weights: Record<VectorKind, number> = { window: 1, 'slide-text': 0.7, 'slide-image': 0.5 };
    for (const kind of Object.keys(weights) as VectorKind[]) {
      const stored = readVectors(ctx.db, ctx.lectureId, kind);
      if (stored.length === 0) continue;
      const dim = stored[0].vector.length;
      blocks.push({ vectors: spansToClips(clips, stored, dim), dim, weight: weights[kind] });
    }
    const { features, dim } = fuseClipFeatures(blocks, clips.length);
    const segmentation = segmentChapters({
      duration,
      clips,
      features,
      dim,
      sentenceEnds: transcript.map((s) => s.end),
      slideSpans: slides.map((s) => ({ start: s.start, end: s.end })),
      requestedK: ctx.settings.requestedChapters,
      targetChapterSeconds: ctx.settings.chapterTargetSeconds,
    });
    const titles = titleChapters(segmentation.spans, {
      transcript,
      slides: slides.map((s) => ({ start: s.start, end: s.end, title: s.title })),
    });
    ctx.progress(1, 1);
    return {
      chapters: segmentation.spans.map((span, i) => ({ ...span, title: titles[i] })),
      k: segmentation.k,
      reason: segmentation.reason,
    };
  },
  persist(ctx, result) {
    replaceChapters(ctx.db, ctx.lectureId, result.chapters, { k: result.k, reason: result.reason });
  },
  summarize: (result) => ({ chapters: result.chapters.length, reason: result.reason }),
};
