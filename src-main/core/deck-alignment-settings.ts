import { DEFAULT_ALIGNMENT_PARAMS, type AlignmentParams } from './deck-alignment.ts';

/**
 * The aligner's settings, one set for recordings that show a picture and one for voice-only
 * recordings (speech alone needs a firmer hold on the page order). Chosen on the three shared
 * lectures by `bench/deck.ts`'s searches (picture: random search; voice: the flattest optimum of
 * a grid over the move costs and the posterior sharpness); the bench reports leave-one-lecture-out
 * figures for both.
 */
export interface AlignmentSettings {
  params: AlignmentParams;
  /** Seconds of speech either side of a moment compared with the pages. */
  speechSeconds: number;
}

export const PICTURE_ALIGNMENT: AlignmentSettings = {
  params: {
    pictureWeight: 18.8,
    slideTextWeight: 19.3,
    speechWeight: 7.9,
    pictureShownAt: 0.83,
    slideTextShownAt: 0.38,
    nextCost: 1.36,
    skipCost: 1.17,
    skipCostPerPage: 0.11,
    backCost: 9.4,
    backCostPerPage: 0.46,
    hideCost: 0.88,
    showCost: 1.29,
  },
  speechSeconds: 30,
};

export const VOICE_ALIGNMENT: AlignmentSettings = {
  params: {
    ...DEFAULT_ALIGNMENT_PARAMS,
    speechWeight: 1,
    nextCost: 1.78,
    skipCost: 30,
    backCost: 9.49,
    posteriorSharpness: 8,
  },
  speechSeconds: 0,
};

/** The settings for a lecture: picture ones when any visual span has a picture or slide text. */
export function alignmentSettingsFor(
  slides: ReadonlyArray<{ text: string; picture: Float32Array | null }>,
): AlignmentSettings {
  return slides.some((s) => s.picture || s.text.trim()) ? PICTURE_ALIGNMENT : VOICE_ALIGNMENT;
}
