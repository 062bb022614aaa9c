/**
 * Which page of a slide deck is on at every moment of a lecture: a hidden Markov model over the
 * lecture's moments (pieces of time cut at sentence and visual-span boundaries), decoded with
 * Viterbi. States: "page j is shown" for every page, and "no page is shown, the last one was j"
 * (a talking head, a demo, a blank screen), so the deck resumes where it left off. Slides may stay,
 * go forward one page (cheap), skip ahead or go back (dearer, more so the farther); the pass finds
 * the best whole path instead of each moment's best page on its own. A voice-only lecture may
 * instead take each moment's most probable page over all paths (`posteriorSharpness`, forward-
 * backward in deck-posterior.ts): from speech alone a page change is rarely sure to a sentence.
 *
 * Evidence per moment and page, each optional: picture (keyframe <-> page image descriptor
 * cosine), slide text (OCR of the keyframe <-> page text, lexical cosine) and speech (what is said
 * around the moment <-> page text, lexical cosine). Pure: arrays in, arrays out, O(moments x pages).
 */

import { mostProbablePages } from './deck-posterior.ts';

export interface AlignmentMoment {
  start: number;
  end: number;
  /** Index of the keyframe on screen during this moment, or -1 (voice-only, or no picture). */
  keyframe: number;
}

export interface DeckEvidence {
  pageCount: number;
  moments: readonly AlignmentMoment[];
  /** keyframes x pages, row-major: picture descriptor cosine. */
  picture?: Float32Array;
  /** keyframes x pages: lexical cosine of the keyframe's OCR text and the page text. */
  slideText?: Float32Array;
  /** moments x pages: lexical cosine of the speech around the moment and the page text. */
  speech?: Float32Array;
  /** Like `speech` with a fixed 20 s context, for judging whether the deck is the lecture's. */
  speechForConfidence?: Float32Array;
}

export interface AlignmentParams {
  pictureWeight: number;
  slideTextWeight: number;
  speechWeight: number;
  /** Picture cosine at which "a page is shown" and "no page is shown" are equally likely. */
  pictureShownAt: number;
  /** Slide-text cosine at which the same holds. */
  slideTextShownAt: number;
  /** Costs (negative log-probabilities, in evidence units) of each move between moments. */
  nextCost: number;
  skipCost: number;
  skipCostPerPage: number;
  backCost: number;
  backCostPerPage: number;
  hideCost: number;
  showCost: number;
  /**
   * When set, a lecture without picture evidence takes each moment's most probable page
   * (forward-backward, scores and costs times this sharpness) instead of the Viterbi path.
   */
  posteriorSharpness?: number;
}

export const DEFAULT_ALIGNMENT_PARAMS: AlignmentParams = {
  pictureWeight: 20,
  slideTextWeight: 4,
  speechWeight: 6,
  pictureShownAt: 0.75,
  slideTextShownAt: 0.2,
  nextCost: 1.5,
  skipCost: 3,
  skipCostPerPage: 0.05,
  backCost: 4,
  backCostPerPage: 0.05,
  hideCost: 3,
  showCost: 1,
};

export interface DeckAlignment {
  /** Per moment, the 1-based page shown, or null when no page is shown. */
  pages: Array<number | null>;
  /** Consecutive moments on the same page merged: the deck's slide spans. */
  spans: Array<{ start: number; end: number; page: number }>;
}

/** Row `row` of a rows x pages matrix, or null when the matrix or the row is absent. */
function rowOf(matrix: Float32Array | undefined, row: number, pages: number): Float32Array | null {
  if (!matrix || row < 0) return null;
  return matrix.subarray(row * pages, (row + 1) * pages);
}

/**
 * Emission scores (higher = more likely) of each state for one moment: `shown[j]` for page j
 * shown, `hidden` for no page shown (the same whichever page came last).
 */
function emissions(
  evidence: DeckEvidence,
  params: AlignmentParams,
  speechScale: number,
  moment: number,
  shown: Float64Array,
): number {
  const pages = evidence.pageCount;
  const { keyframe } = evidence.moments[moment];
  shown.fill(0);
  let hidden = 0;
  const picture = rowOf(evidence.picture, keyframe, pages);
  if (picture) {
    for (let j = 0; j < pages; j++) shown[j] += params.pictureWeight * picture[j];
    hidden += params.pictureWeight * params.pictureShownAt;
  }
  const slideText = rowOf(evidence.slideText, keyframe, pages);
  if (slideText) {
    for (let j = 0; j < pages; j++) shown[j] += params.slideTextWeight * slideText[j];
    hidden += params.slideTextWeight * params.slideTextShownAt;
  }
  const speech = rowOf(evidence.speech, moment, pages);
  if (speech) {
    // Speech cannot tell whether a page is on screen: hidden moments score its average.
    const weight = params.speechWeight * speechScale;
    let mean = 0;
    for (let j = 0; j < pages; j++) {
      shown[j] += weight * speech[j];
      mean += speech[j];
    }
    hidden += (weight * mean) / pages;
  }
  return hidden;
}

/**
 * Lectures differ a lot in how many words their pages share with the talk (on the shared
 * lectures the best page's lexical cosine averages 0.07 in one and 0.17 in another), so the
 * speech evidence is measured in units of the lecture's own typical best-page margin: the mean
 * over moments of (best page - average page). Then the move costs mean the same in every lecture.
 */
function speechScale(evidence: DeckEvidence): number {
  const P = evidence.pageCount;
  const scaleOf = (matrix: Float32Array | undefined) => {
    if (!matrix) return 1;
    let sum = 0;
    let count = 0;
    for (let u = 0; u < evidence.moments.length; u++) {
      let best = -Infinity;
      let mean = 0;
      for (let j = 0; j < P; j++) {
        const v = matrix[u * P + j];
        mean += v;
        if (v > best) best = v;
      }
      const margin = best - mean / P;
      if (margin > 0) {
        sum += margin;
        count++;
      }
    }
    return count > 0 && sum > 0 ? count / sum : 1;
  };
  return scaleOf(evidence.speech);
}

/**
 * Best score of arriving at each page j from `from` (scores of the pages of the previous moment),
 * over stay / next / skip / back moves, in O(pages) with running maxima: a skip from i to j > i+1
 * costs skipCost + skipCostPerPage * (j - i - 1), so max_i (from[i] + s*i) is carried along j.
 * `stayCost` is the cost of staying on the same page (0 between shown states).
 */
function bestArrivals(
  from: Float64Array,
  params: AlignmentParams,
  stayCost: number,
  out: Float64Array,
  arg: Int32Array,
): void {
  const n = from.length;
  for (let j = 0; j < n; j++) {
    out[j] = from[j] - stayCost;
    arg[j] = j;
    if (j > 0 && from[j - 1] - params.nextCost > out[j]) {
      out[j] = from[j - 1] - params.nextCost;
      arg[j] = j - 1;
    }
  }
  // Forward skips: from i <= j - 2.
  const s = params.skipCostPerPage;
  let best = -Infinity;
  let bestAt = -1;
  for (let j = 2; j < n; j++) {
    const i = j - 2;
    if (from[i] + s * i > best) {
      best = from[i] + s * i;
      bestAt = i;
    }
    const score = best - params.skipCost - s * (j - 1);
    if (score > out[j]) {
      out[j] = score;
      arg[j] = bestAt;
    }
  }
  // Backward moves: from i >= j + 1; cost backCost + b * (i - j - 1).
  const b = params.backCostPerPage;
  best = -Infinity;
  bestAt = -1;
  for (let j = n - 2; j >= 0; j--) {
    const i = j + 1;
    if (from[i] - b * i > best) {
      best = from[i] - b * i;
      bestAt = i;
    }
    const score = best - params.backCost + b * (j + 1);
    if (score > out[j]) {
      out[j] = score;
      arg[j] = bestAt;
    }
  }
}

/**
 * Decodes the most likely page per moment. States 0..P-1: page j+1 shown; P..2P-1: no page
 * shown, page j+1 shown last; 2P: no page shown yet. Hidden states exist only when some moment
 * has picture evidence (a voice-only lecture always has some page "on").
 */
export function alignDeck(evidence: DeckEvidence, params: AlignmentParams = DEFAULT_ALIGNMENT_PARAMS): DeckAlignment {
  const P = evidence.pageCount;
  const U = evidence.moments.length;
  if (P === 0 || U === 0) return { pages: evidence.moments.map(() => null), spans: [] };
  const scale = speechScale(evidence);
  const canHide = evidence.moments.some((m) => m.keyframe >= 0) && Boolean(evidence.picture || evidence.slideText);
  if (!canHide && params.posteriorSharpness) {
    const emit = new Float64Array(U * P);
    for (let u = 0; u < U; u++) emissions(evidence, params, scale, u, emit.subarray(u * P, (u + 1) * P));
    const pages = mostProbablePages(emit, P, params, params.posteriorSharpness);
    return { pages, spans: pageSpans(evidence.moments, pages) };
  }

  const shownScore = new Float64Array(P);
  const hiddenScore = new Float64Array(P);
  let notYet = 0;
  // Back-pointers: for shown state j at moment u, the previous state (0..2P).
  const backShown = new Int32Array(U * P);
  const backHidden = new Int32Array(U * P);
  const backNotYet = new Int32Array(U);
  const emit = new Float64Array(P);
  const fromShown = new Float64Array(P);
  const fromHidden = new Float64Array(P);
  const hiddenThenShown = new Float64Array(P);
  const argShown = new Int32Array(P);
  const argHidden = new Int32Array(P);
  const virtualStart = new Float64Array(P + 1);
  const startArrive = new Float64Array(P + 1);
  const startArg = new Int32Array(P + 1);

  for (let u = 0; u < U; u++) {
    const hiddenEmit = emissions(evidence, params, scale, u, emit);
    const nextShown = new Float64Array(P);
    const nextHidden = new Float64Array(P);
    if (u === 0) {
      // Before the first moment sits a virtual page 0: page 1 is a "next" move, page 5 a skip.
      virtualStart.fill(-Infinity);
      virtualStart[0] = 0;
      bestArrivals(virtualStart, params, 0, startArrive, startArg);
      for (let j = 0; j < P; j++) {
        nextShown[j] = startArrive[j + 1] + emit[j];
        backShown[j] = 2 * P;
        nextHidden[j] = -Infinity;
      }
      notYet = canHide ? hiddenEmit : -Infinity;
      backNotYet[0] = 2 * P;
    } else {
      // Shown -> shown, and hidden (last page i) -> shown j, which costs showCost on top of the
      // move from i to j; returning to the page shown last is free apart from showCost.
      bestArrivals(shownScore, params, 0, fromShown, argShown);
      for (let j = 0; j < P; j++) hiddenThenShown[j] = hiddenScore[j] - params.showCost;
      bestArrivals(hiddenThenShown, params, 0, fromHidden, argHidden);
      // "Not yet shown" -> page j: as from the virtual page 0.
      virtualStart.fill(-Infinity);
      virtualStart[0] = notYet - params.showCost;
      bestArrivals(virtualStart, params, 0, startArrive, startArg);
      for (let j = 0; j < P; j++) {
        let best = fromShown[j];
        let prev = argShown[j];
        if (fromHidden[j] > best) {
          best = fromHidden[j];
          prev = P + argHidden[j];
        }
        if (startArrive[j + 1] > best) {
          best = startArrive[j + 1];
          prev = 2 * P;
        }
        nextShown[j] = best + emit[j];
        backShown[u * P + j] = prev;
        // Hidden after page j: stay hidden, or hide page j now.
        const stay = hiddenScore[j];
        const hide = shownScore[j] - params.hideCost;
        if (canHide && (stay >= hide || !Number.isFinite(hide))) {
          nextHidden[j] = stay + hiddenEmit;
          backHidden[u * P + j] = P + j;
        } else {
          nextHidden[j] = canHide ? hide + hiddenEmit : -Infinity;
          backHidden[u * P + j] = j;
        }
      }
      notYet = canHide ? notYet + hiddenEmit : -Infinity;
      backNotYet[u] = 2 * P;
    }
    shownScore.set(nextShown);
    hiddenScore.set(nextHidden);
  }

  // Best final state, then follow the back-pointers.
  let state = 2 * P;
  let best = notYet;
  for (let j = 0; j < P; j++) {
    if (shownScore[j] > best) {
      best = shownScore[j];
      state = j;
    }
    if (hiddenScore[j] > best) {
      best = hiddenScore[j];
      state = P + j;
    }
  }
  const pages = new Array<number | null>(U);
  for (let u = U - 1; u >= 0; u--) {
    pages[u] = state < P ? state + 1 : null;
    if (state < P) state = backShown[u * P + state];
    else if (state < 2 * P) state = backHidden[u * P + (state - P)];
    else state = backNotYet[u];
  }
  return { pages, spans: pageSpans(evidence.moments, pages) };
}

/** Merges consecutive moments on the same page into spans (moments without a page are left out). */
export function pageSpans(
  moments: readonly AlignmentMoment[],
  pages: ReadonlyArray<number | null>,
): Array<{ start: number; end: number; page: number }> {
  const spans: Array<{ start: number; end: number; page: number }> = [];
  moments.forEach((m, u) => {
    const page = pages[u];
    if (page === null) return;
    const last = spans[spans.length - 1];
    if (last && last.page === page && u > 0 && pages[u - 1] === page) last.end = m.end;
    else spans.push({ start: m.start, end: m.end, page });
  });
  return spans;
}
