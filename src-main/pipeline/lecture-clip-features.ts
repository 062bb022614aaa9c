import { fuseClipFeatures, makeClipGrid, type ClipSpan, type FeatureBlock } from '../core/clip-features.ts';
import { spansToClips, type TimedVector } from '../core/span-features.ts';
import type { ChapterSegmentationInput } from '../core/chapter-segmentation.ts';
import { sentencesOf } from '../core/key-sentences.ts';
import { textVectors } from '../core/text-vectors.ts';
import type { Db } from '../store/database.ts';
import type { LectureSignals } from '../store/lecture-content-store.ts';
import { readVectors, type VectorKind } from '../store/vectors-store.ts';

/** Seconds per clip: the unit TW-FINCH clusters. */
const CLIP_SECONDS = 10;
const LEXICAL_DIM = 512;

/** The feature blocks a lecture's chapters are found from; each can be left out (ablations in the bench). */
export type ClipFeatureKind = 'spoken-words' | 'slide-words' | VectorKind;

/** Weight of each block in the fused clip vector. */
export const CLIP_FEATURE_WEIGHTS: Record<ClipFeatureKind, number> = {
  'spoken-words': 0.5,
  'slide-words': 0.4,
  window: 1,
  'slide-text': 0.7,
  'slide-image': 0.5,
};

export interface LectureClipFeatures {
  clips: ClipSpan[];
  features: Float32Array;
  dim: number;
}

/** What the lecture's caller has already read from the store: timed transcript cues and slides. */
export interface LectureTexts {
  transcript: ReadonlyArray<{ start: number; end: number; text: string }>;
  slides: ReadonlyArray<{ start: number; end: number; text: string }>;
  /**
   * How each slide looks (small picture vectors), standing in for the embedded slide images
   * before the embed stage has run (provisional chapters).
   */
  slideLooks?: readonly TimedVector[];
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

/**
 * Per-clip features of an indexed lecture, fused: lexical vectors of what was said and what the
 * slides say, and the embed stage's dense vectors (spoken windows, slide text, slide looks).
 */
export function lectureClipFeatures(
  db: Db,
  lectureId: number,
  duration: number,
  texts: LectureTexts,
  kinds: readonly ClipFeatureKind[] = Object.keys(CLIP_FEATURE_WEIGHTS) as ClipFeatureKind[],
): LectureClipFeatures {
  const clips = makeClipGrid(duration, CLIP_SECONDS);
  const blocks: FeatureBlock[] = [];
  for (const kind of kinds) {
    const weight = CLIP_FEATURE_WEIGHTS[kind];
    if (kind === 'spoken-words' || kind === 'slide-words') {
      const items = kind === 'spoken-words' ? texts.transcript : texts.slides;
      if (items.length)
        blocks.push({ vectors: textVectors(textsPerClip(clips, items), LEXICAL_DIM), dim: LEXICAL_DIM, weight });
    } else if (kind === 'slide-image' && texts.slideLooks) {
      const looks = texts.slideLooks;
      if (looks.length)
        blocks.push({
          vectors: spansToClips(clips, looks, looks[0].vector.length),
          dim: looks[0].vector.length,
          weight,
        });
    } else {
      const stored = readVectors(db, lectureId, kind);
      if (stored.length) {
        const dim = stored[0].vector.length;
        blocks.push({ vectors: spansToClips(clips, stored, dim), dim, weight });
      }
    }
  }
  const { features, dim } = fuseClipFeatures(blocks, clips.length);
  return { clips, features, dim };
}

/** The boundary evidence chaptering reads beside the clip features: sentences, slide spans and titles, loudness. */
export function boundaryEvidenceInput(
  transcript: ReadonlyArray<{ start: number; end: number; text: string }>,
  slides: ReadonlyArray<{ start: number; end: number; title: string | null; text: string }>,
  signals: LectureSignals,
): Pick<ChapterSegmentationInput, 'sentenceEnds' | 'slideSpans' | 'sentences' | 'slides' | 'loudness'> {
  return {
    sentenceEnds: transcript.map((s) => s.end),
    slideSpans: slides.map((s) => ({ start: s.start, end: s.end })),
    sentences: sentencesOf(transcript),
    slides: slides.map((s) => ({ start: s.start, end: s.end, title: s.title, text: s.text })),
    loudness:
      signals.loudness && signals.loudnessStep ? { step: signals.loudnessStep, levels: signals.loudness } : null,
  };
}
