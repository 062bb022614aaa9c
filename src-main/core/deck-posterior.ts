import type { AlignmentParams } from './deck-alignment.ts';

/**
 * Forward-backward over the deck aligner's page states (a voice-only lecture: some page is always
 * on): the probability of each page at each moment, summed over every path of the model, not
 * only the single best one. Speech is evidence that runs ahead of or lags behind the slides, so a
 * page change is rarely sure to a sentence; taking each moment's most probable page puts the
 * change where most of the likely paths put it, where Viterbi commits to one path's guess.
 * Pure, O(moments x pages).
 */

/** Multiplicative weights of the moves: e^(-sharpness x cost). */
interface MoveWeights {
  next: number;
  skip: number;
  /** Each further page skipped multiplies the weight by this. */
  skipPerPage: number;
  back: number;
  backPerPage: number;
}

function moveWeights(params: AlignmentParams, sharpness: number): MoveWeights {
  return {
    next: Math.exp(-sharpness * params.nextCost),
    skip: Math.exp(-sharpness * params.skipCost),
    skipPerPage: Math.exp(-sharpness * params.skipCostPerPage),
    back: Math.exp(-sharpness * params.backCost),
    backPerPage: Math.exp(-sharpness * params.backCostPerPage),
  };
}

/**
 * out[j] = sum_i from[i] x weight(i -> j) over stay (1), next, skip and back moves, in O(pages):
 * a skip's or a back move's weight shrinks geometrically with its distance, so its sum over i is
 * carried along j (as Viterbi carries running maxima).
 */
function arrivals(from: Float64Array, w: MoveWeights, out: Float64Array): void {
  const n = from.length;
  out.set(from);
  for (let j = 1; j < n; j++) out[j] += from[j - 1] * w.next;
  // A skip i -> j passes j - i - 1 pages; skipped = sum over i <= j - 2 of from[i] x skipPerPage^(j - 2 - i).
  let skipped = 0;
  for (let j = 2; j < n; j++) {
    skipped = skipped * w.skipPerPage + from[j - 2];
    out[j] += w.skip * w.skipPerPage * skipped;
  }
  // A move back i -> j passes i - j - 1 pages; returned = sum over i >= j + 1 of from[i] x backPerPage^(i - j - 1).
  let returned = 0;
  for (let j = n - 2; j >= 0; j--) {
    returned = returned * w.backPerPage + from[j + 1];
    out[j] += w.back * returned;
  }
}

/** Scales a row to sum 1 (the forward and backward passes stay in range that way). */
function normalise(row: Float64Array): void {
  let sum = 0;
  for (let j = 0; j < row.length; j++) sum += row[j];
  if (sum > 0) for (let j = 0; j < row.length; j++) row[j] /= sum;
}

/**
 * Posterior probability of each page at each moment (moments x pages, rows sum to 1), from the
 * emission scores `emit` (moments x pages, the aligner's evidence units) and the move costs, both
 * multiplied by `sharpness` (the larger, the closer to Viterbi's all-or-nothing). The deck starts
 * from a virtual page 0, so page 1 first is a "next" move and any later page a skip.
 */
export function pagePosteriors(
  emit: Float64Array,
  pages: number,
  params: AlignmentParams,
  sharpness: number,
): Float64Array {
  const P = pages;
  const U = P > 0 ? emit.length / P : 0;
  const posterior = new Float64Array(U * P);
  if (U === 0) return posterior;
  const w = moveWeights(params, sharpness);
  // Emission likelihoods, each moment's scaled by its best page (a per-moment constant cancels).
  const likelihood = new Float64Array(U * P);
  for (let u = 0; u < U; u++) {
    let best = -Infinity;
    for (let j = 0; j < P; j++) best = Math.max(best, emit[u * P + j]);
    for (let j = 0; j < P; j++) likelihood[u * P + j] = Math.exp(sharpness * (emit[u * P + j] - best));
  }
  const forward = new Float64Array(U * P);
  const start = new Float64Array(P + 1);
  const arrived = new Float64Array(P + 1);
  start[0] = 1;
  arrivals(start, w, arrived);
  for (let j = 0; j < P; j++) forward[j] = arrived[j + 1] * likelihood[j];
  normalise(forward.subarray(0, P));
  for (let u = 1; u < U; u++) {
    const row = forward.subarray(u * P, (u + 1) * P);
    arrivals(forward.subarray((u - 1) * P, u * P), w, row);
    for (let j = 0; j < P; j++) row[j] *= likelihood[u * P + j];
    normalise(row);
  }
  // backward[u][i] = sum_j weight(i -> j) x likelihood and backward of j at u + 1: with the pages
  // in reverse order a move i -> j is the same kind of move as j -> i, so `arrivals` serves.
  const backward = new Float64Array(P).fill(1);
  const reversed = new Float64Array(P);
  const summed = new Float64Array(P);
  for (let u = U - 1; u >= 0; u--) {
    const row = posterior.subarray(u * P, (u + 1) * P);
    for (let j = 0; j < P; j++) row[j] = forward[u * P + j] * backward[j];
    normalise(row);
    if (u === 0) break;
    for (let j = 0; j < P; j++) reversed[P - 1 - j] = likelihood[u * P + j] * backward[j];
    arrivals(reversed, w, summed);
    for (let i = 0; i < P; i++) backward[i] = summed[P - 1 - i];
    normalise(backward);
  }
  return posterior;
}

/** Each moment's most probable page (1-based) under `pagePosteriors`. */
export function mostProbablePages(
  emit: Float64Array,
  pages: number,
  params: AlignmentParams,
  sharpness: number,
): number[] {
  const posterior = pagePosteriors(emit, pages, params, sharpness);
  const U = pages > 0 ? emit.length / pages : 0;
  return Array.from({ length: U }, (_, u) => {
    let best = 0;
    for (let j = 1; j < pages; j++) if (posterior[u * pages + j] > posterior[u * pages + best]) best = j;
    return best + 1;
  });
}
