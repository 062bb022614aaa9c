import { existsSync } from 'node:fs';
import { segmentChapters } from '../../core/chapter-segmentation.ts';
import type { TimedVector } from '../../core/span-features.ts';
import { decodeGreyRasters } from '../../media/grey-rasters.ts';
import { titleChapters } from '../../core/chapter-titles.ts';
import {
  readSignals,
  readSlides,
  readTranscript,
  replaceChapters,
  type StoredSlide,
} from '../../store/lecture-content-store.ts';
import { DEFAULT_SETTINGS } from '../../store/settings-store.ts';
import { boundaryEvidenceInput, lectureClipFeatures, type ClipFeatureKind } from '../lecture-clip-features.ts';
import type { Stage, StageContext } from '../stage.ts';

/**
 * Chapter titles from the slide titles on screen and what was said. The deck stage titles the
 * same chapters again with this function once the deck's exact page titles are placed.
 */
export function titleAutomaticChapters(
  chapters: Array<{ start: number; end: number }>,
  transcript: Array<{ start: number; end: number; text: string }>,
  slides: ReadonlyArray<{ start: number; end: number; title: string | null }>,
): string[] {
  return titleChapters(chapters, {
    transcript,
    slides: slides.map((s) => ({ start: s.start, end: s.end, title: s.title })),
  });
}

interface SegmentResult {
  chapters: Array<{ start: number; end: number; title: string }>;
  k: number;
  reason: string;
  /** Made before the transcript (from the slides, their text and the sound's pauses), to be replaced. */
  provisional: boolean;
}

const settingsKey = (ctx: StageContext) =>
  `k=${ctx.settings.requestedChapters ?? 'auto'};target=${ctx.settings.chapterTargetSeconds.min}-${ctx.settings.chapterTargetSeconds.max}`;

/**
 * Before the transcript, chapters read only what is already stored for certain: slides, their
 * words, how they look (from their thumbnails: the slide images are embedded only later), the sound.
 */
const PROVISIONAL_FEATURES: readonly ClipFeatureKind[] = ['slide-words', 'slide-image'];

/** Slide looks are compared at this size: the layout and colour of a slide, not its words. */
const LOOK = { width: 32, height: 18 };

/**
 * How each slide looks, as a small grey picture less the mean slide (what all slides share, like
 * the template, cancels; a new section's background or layout stands out). Empty without thumbnails.
 */
async function slideLooks(ctx: StageContext, slides: readonly StoredSlide[]): Promise<TimedVector[]> {
  const shown = slides.filter((s) => s.thumbnail && existsSync(s.thumbnail));
  if (shown.length < 2) return [];
  let rasters: Uint8Array[];
  try {
    rasters = await decodeGreyRasters(
      shown.map((s) => s.thumbnail!),
      LOOK,
      ctx.signal,
    );
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    return []; // a thumbnail that cannot be read leaves the looks out, not the chapters
  }
  const size = LOOK.width * LOOK.height;
  const mean = new Float32Array(size);
  for (const raster of rasters) for (let i = 0; i < size; i++) mean[i] += raster[i] / rasters.length;
  return shown.map((s, k) => ({
    start: s.start,
    end: s.end,
    vector: Float32Array.from(rasters[k], (v, i) => v - mean[i]),
  }));
}

async function computeChapters(ctx: StageContext, provisional: boolean): Promise<SegmentResult> {
  const duration = ctx.media.duration;
  // A transcript still being written (or the windows of an old one) must not make provisional chapters depend on timing.
  const transcript = provisional ? [] : readTranscript(ctx.db, ctx.lectureId);
  const slides = readSlides(ctx.db, ctx.lectureId);
  const looks = provisional ? await slideLooks(ctx, slides) : undefined;
  const { clips, features, dim } = lectureClipFeatures(
    ctx.db,
    ctx.lectureId,
    duration,
    { transcript, slides, slideLooks: looks },
    provisional ? PROVISIONAL_FEATURES : undefined,
  );
  const signals = readSignals(ctx.db, ctx.lectureId);
  // A chapter length the user changed from the default is a wish the count follows; the
  // default leaves the count to the published prior (VidChapters-7M).
  const target = ctx.settings.chapterTargetSeconds;
  const chosen = Math.sqrt(target.min * target.max);
  const preferredChapterSeconds = Math.abs(chosen - DEFAULT_SETTINGS.chapterTargetSeconds) > 1 ? chosen : undefined;
  const segmentation = segmentChapters({
    duration,
    clips,
    features,
    dim,
    ...boundaryEvidenceInput(transcript, slides, signals),
    requestedK: ctx.settings.requestedChapters,
    preferredChapterSeconds,
    targetChapterSeconds: ctx.settings.chapterTargetSeconds,
  });
  const titles = titleAutomaticChapters(segmentation.spans, transcript, slides);
  ctx.progress(1, 1);
  return {
    chapters: segmentation.spans.map((span, i) => ({ ...span, title: titles[i] })),
    k: segmentation.k,
    reason: segmentation.reason,
    provisional,
  };
}

function persist(ctx: StageContext, result: SegmentResult): void {
  replaceChapters(ctx.db, ctx.lectureId, result.chapters, { k: result.k, reason: result.reason });
}

const summarize = (result: SegmentResult) => ({
  chapters: result.chapters.length,
  reason: result.reason,
  ...(result.provisional ? { provisional: true } : {}),
});

/**
 * Chapters at the sentences where new topics start: TW-FINCH over 10 s clips of fused features
 * (lexical and dense, spoken and on-slide, and slide looks) together with boundary evidence
 * (discourse cues, slide changes and titles, pauses in the loudness envelope).
 */
export const segmentStage: Stage<SegmentResult> = {
  name: 'segment',
  version: 3,
  dependsOn: ['audio', 'transcript', 'frames', 'ocr', 'embed'],
  settingsKey,
  compute: (ctx) => computeChapters(ctx, false),
  persist,
  summarize,
};

/**
 * The first chapters a lecture shows while speech recognition runs, as soon as its slides are
 * found: the same segmentation from the slide spans and the pauses alone (the slides are not
 * read yet). Replaced by `provisionalSegmentStage` once they are, and by the final chapters.
 */
export const pictureSegmentStage: Stage<SegmentResult> = {
  name: 'segment',
  version: 1,
  dependsOn: ['audio', 'frames'],
  settingsKey: (ctx) => `provisional-picture;${settingsKey(ctx)}`,
  compute: (ctx) => computeChapters(ctx, true),
  persist,
  summarize,
};

/**
 * The chapters a lecture shows while speech recognition runs once its slides are read: the same
 * segmentation from the slides (spans, titles, words) and the pauses alone. Stored under the segment stage with its own
 * key, so the final chapters replace them once the transcript and its embeddings are in.
 */
export const provisionalSegmentStage: Stage<SegmentResult> = {
  name: 'segment',
  version: 2,
  dependsOn: ['audio', 'frames', 'ocr'],
  settingsKey: (ctx) => `provisional;${settingsKey(ctx)}`,
  compute: (ctx) => computeChapters(ctx, true),
  persist,
  summarize,
};
