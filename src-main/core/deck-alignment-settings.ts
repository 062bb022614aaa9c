import { DEFAULT_ALIGNMENT_PARAMS, type AlignmentParams } from './deck-alignment.ts';

/**
 * The aligner's settings, one set for recordings that show a picture and one for voice-only
 * recordings (speech alone needs a firmer hold on the page order). Chosen by random search on
 * the shared lectures (`npm run bench -- deck`, which reports leave-one-lecture-out figures).
 */
export interface AlignmentSettings {
  params: AlignmentParams;
  /** Seconds of speech either side of a moment compared with the pages. */
  speechSeconds: number;
}

export const PICTURE_ALIGNMENT: AlignmentSettings = {
  params: DEFAULT_ALIGNMENT_PARAMS,
  speechSeconds: 20,
};

export const VOICE_ALIGNMENT: AlignmentSettings = {
  params: {
    ...DEFAULT_ALIGNMENT_PARAMS,
    speechWeight: 2.77,
    nextCost: 1.42,
    skipCost: 15,
    skipCostPerPage: 0.0127,
    backCost: 10.9,
    backCostPerPage: 0.886,
  },
  speechSeconds: 0,
};

/** The settings for a lecture: picture ones when any visual span has a picture or slide text. */
export function alignmentSettingsFor(
  slides: ReadonlyArray<{ text: string; picture: Float32Array | null }>,
): AlignmentSettings {
  return slides.some((s) => s.picture || s.text.trim()) ? PICTURE_ALIGNMENT : VOICE_ALIGNMENT;
}
