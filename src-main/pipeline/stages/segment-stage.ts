import { segmentChapters } from '../../core/chapter-segmentation.ts';
import { titleChapters } from '../../core/chapter-titles.ts';
import { fuseClipFeatures, makeClipGrid } from '../../core/clip-features.ts';
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

/** Chapters from TW-FINCH over the fused transcript and slide-text features of 10 s clips. */
export const segmentStage: Stage<SegmentResult> = {
  name: 'segment',
  version: 1,
  dependsOn: ['transcript', 'frames', 'ocr'],
  settingsKey: (ctx) =>
    `k=${ctx.settings.requestedChapters ?? 'auto'};target=${ctx.settings.chapterTargetSeconds.min}-${ctx.settings.chapterTargetSeconds.max}`,
  async compute(ctx) {
    const duration = ctx.media.duration;
    const transcript = readTranscript(ctx.db, ctx.lectureId);
    const slides = readSlides(ctx.db, ctx.lectureId);
    const clips = makeClipGrid(duration, CLIP_SECONDS);
    const spokenDim = 512;
    const spoken = textVectors(textsPerClip(clips, transcript), spokenDim);
    const onSlide = textVectors(textsPerClip(clips, slides), spokenDim);
    const { features, dim } = fuseClipFeatures(
      [
        { vectors: spoken, dim: spokenDim, weight: 1 },
        { vectors: onSlide, dim: spokenDim, weight: 0.7 },
      ],
      clips.length,
    );
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
