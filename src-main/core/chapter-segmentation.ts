import {
  boundaryCandidates,
  candidateScore,
  type BoundaryCandidate,
  EVIDENCE_SIGNALS,
  type EvidenceSignal,
  type EvidenceWeights,
} from './boundary-evidence.ts';
import { selectBoundaries } from './boundary-selection.ts';
import { expectedChapterCount, minChapterSeconds } from './chapter-count-prior.ts';
import { contiguousSegments, type IndexSegment } from './contiguous-segments.ts';
import { featureNovelty, twFinchPersistence } from './hierarchy-boundary-strength.ts';
import type { LoudnessEnvelope } from './pause-evidence.ts';
import { RowPrefixSums } from './row-prefix-sums.ts';
import type { EvidenceSlide } from './slide-boundary-evidence.ts';
import { createTwFinch, type TwFinch } from './twfinch.ts';
import { UserError } from './user-error.ts';

/**
 * Chapters of one lecture. With the transcript's sentences, chapters start at the sentence where
 * a new topic starts: every sentence start is a candidate, scored by TW-FINCH's hierarchy (how
 * persistently its contiguous segmentations cut there) together with boundary evidence beyond
 * feature similarity (discourse cues, slide changes and what they are, pauses; see
 * boundary-evidence.ts), and the count comes from that evidence weighed against a chapter-count
 * prior grounded in VidChapters-7M (chapter-count-prior.ts). Without sentences (and as the
 * baseline the bench compares against): TW-FINCH on per-clip features, made contiguous, the
 * count chosen by a gap statistic within a duration prior, boundaries snapped to slide changes
 * and sentence ends.
 */

export interface ChapterSegmentationInput {
  /** Seconds. */
  duration: number;
  /** Contiguous, in order, covering [0, duration]. */
  clips: Array<{ start: number; end: number }>;
  /** clips.length x dim, row-major; rows L2-normalised or all-zero (no signal). */
  features: Float32Array;
  dim: number;
  /** Times where transcript sentences end (chapters never cut inside a sentence). */
  sentenceEnds: number[];
  /** Stable visual spans from slide-change detection (may be empty). */
  slideSpans: Array<{ start: number; end: number }>;
  /** `--chapters N` override. */
  requestedK?: number;
  /** Duration prior for automatic K, default { min: 120, max: 600 }; with sentences, hard limits on the count. */
  targetChapterSeconds?: { min: number; max: number };
  /**
   * A chapter length the user chose (seconds): with sentences, it centres the count prior in place
   * of VidChapters-7M's statistics. Leave it out for the published prior.
   */
  preferredChapterSeconds?: number;
  /** Transcript sentences with their text: enables boundary evidence (chapters start at sentence starts). */
  sentences?: ReadonlyArray<{ start: number; end: number; text: string }>;
  /** Slides with titles and text (for title changes, dividers, agenda items, returns). */
  slides?: readonly EvidenceSlide[];
  /** Loudness envelope (for pauses). */
  loudness?: LoudnessEnvelope | null;
  /** Tuning of the evidence path (the bench's ablation and leave-one-out use it). */
  evidence?: Partial<EvidenceTuning>;
}

export interface EvidenceTuning {
  weights: EvidenceWeights;
  /** Score a boundary must beat to earn its place (0..1). */
  threshold: number;
  /** Weight of the chapter-count prior against the evidence. */
  priorWeight: number;
}

/**
 * Default tuning of the evidence path: the plateau of the bench's tuning grid on the three shared
 * lectures (bench/lecture-chapters.ts `bestTuning`; its leave-one-lecture-out figures are what
 * the bench reports as unseen). A weight of 0 switches a signal off.
 */
export const DEFAULT_EVIDENCE_TUNING: EvidenceTuning = {
  weights: {
    hierarchy: 0.5,
    novelty: 0,
    cue: 1,
    slideChange: 1,
    // Measured and left off: no gain on the shared lectures (bench ablation); the code stays for
    // recordings with dividers, agendas and real pauses, where a user or a later tuning can turn them on.
    titleChange: 0,
    divider: 0,
    agendaItem: 0,
    slideReturn: 0,
    pause: 0,
  },
  threshold: 0.9,
  priorWeight: 2,
};

export interface ChapterSegmentation {
  spans: Array<{ start: number; end: number }>;
  k: number;
  reason: string;
}

export const DEFAULT_CHAPTER_SECONDS = { min: 120, max: 600 };
/** A boundary moves to a slide change when one is this close (seconds). */
export const SLIDE_SNAP_SECONDS = 15;
/** Most K values tried by automatic K (evenly spread over the prior's range). */
const MAX_K_CANDIDATES = 40;

/** Exactly k contiguous segments of the clips: TW-FINCH with k clusters, runs, adjacent Ward merges. */
export function contiguousChapters(tw: TwFinch, features: Float32Array, dim: number, k: number): IndexSegment[] {
  return contiguousSegments(features, tw.n, dim, tw.partition(k), k);
}

/** Range of chapter counts the duration prior allows: ceil(duration / max) .. floor(duration / min), at least 1. */
export function priorRange(duration: number, prior = DEFAULT_CHAPTER_SECONDS): { lo: number; hi: number } {
  const lo = Math.max(1, Math.ceil(duration / prior.max - 1e-9));
  const hi = Math.max(lo, Math.floor(duration / prior.min + 1e-9));
  return { lo, hi };
}

/** The chapter count the prior alone suggests: duration over the geometric mean of min and max length. */
export function priorK(duration: number, prior = DEFAULT_CHAPTER_SECONDS): number {
  const { lo, hi } = priorRange(duration, prior);
  return Math.min(hi, Math.max(lo, Math.round(duration / Math.sqrt(prior.min * prior.max))));
}

export function segmentChapters(input: ChapterSegmentationInput): ChapterSegmentation {
  validate(input);
  const n = input.clips.length;
  const withText = (input.sentences ?? []).filter((s) => s.start > 0 && s.start < input.duration);
  if (!(input.duration > 0) || n === 0 || withText.length === 0 || !hasSignal(input.features, n, input.dim)) {
    return segmentChaptersByClustering(input);
  }
  return chaptersFromCandidates(evidenceCandidates(input), input) ?? segmentChaptersByClustering(input);
}

/** The chapter-length prior and `--chapters N` as given: both ways of segmenting check them the same way. */
function validateChapterSettings(input: ChapterSegmentationInput): void {
  const prior = input.targetChapterSeconds ?? DEFAULT_CHAPTER_SECONDS;
  if (!(prior.min > 0) || !(prior.max >= prior.min)) {
    throw new RangeError(`segmentChapters: bad targetChapterSeconds ${JSON.stringify(prior)}`);
  }
  if (input.requestedK !== undefined && !(Number.isFinite(input.requestedK) && input.requestedK >= 1)) {
    throw new UserError(
      'invalid-chapter-count',
      `The number of chapters must be a whole number of at least 1, not ${input.requestedK}.`,
      'Leave --chapters out to let Lectern choose the number of chapters.',
    );
  }
}

function validate(input: ChapterSegmentationInput): void {
  validateChapterSettings(input);
  if (input.features.length < input.clips.length * input.dim) {
    throw new RangeError(
      `segmentChapters: features hold ${input.features.length} values, need ${input.clips.length}x${input.dim}`,
    );
  }
}

/** Signals with a non-zero weight, for the reason shown to the user. */
function signalsUsed(weights: EvidenceWeights): string {
  return EVIDENCE_SIGNALS.filter((s: EvidenceSignal) => weights[s] > 0).join(', ');
}

/** Every sentence start with its evidence, computed once per lecture (the features' TW-FINCH included). */
export function evidenceCandidates(input: ChapterSegmentationInput): BoundaryCandidate[] {
  const { duration, clips, features, dim } = input;
  const n = clips.length;
  const tw = createTwFinch(features, n, dim);
  const persistence = twFinchPersistence(tw, features, dim, Math.ceil(2.5 * expectedChapterCount(duration)) + 1);
  const novelty = featureNovelty(features, n, dim);
  return boundaryCandidates({
    duration,
    clips,
    persistence,
    novelty,
    sentences: input.sentences ?? [],
    slides: input.slides ?? input.slideSpans.map((s) => ({ ...s, title: null, text: '' })),
    loudness: input.loudness ?? null,
  });
}

/**
 * Chapters at the candidates the evidence favours (null when a requested count cannot be met
 * that way: the clustering path then cuts at any sentence end).
 */
export function chaptersFromCandidates(
  candidates: readonly BoundaryCandidate[],
  input: Pick<
    ChapterSegmentationInput,
    'duration' | 'requestedK' | 'targetChapterSeconds' | 'evidence' | 'preferredChapterSeconds'
  >,
): ChapterSegmentation | null {
  const { duration } = input;
  const tuning: EvidenceTuning = {
    ...DEFAULT_EVIDENCE_TUNING,
    ...input.evidence,
    weights: { ...DEFAULT_EVIDENCE_TUNING.weights, ...input.evidence?.weights },
  };
  const preferred = input.preferredChapterSeconds;
  const expected = expectedChapterCount(duration, preferred);
  const scored = candidates.map((c) => ({ time: c.time, score: candidateScore(c, tuning.weights) }));
  const asked = input.requestedK === undefined ? undefined : Math.round(input.requestedK);
  const minGap = asked
    ? Math.min(minChapterSeconds(duration, preferred), duration / (2 * asked))
    : minChapterSeconds(duration, preferred);
  const range = input.targetChapterSeconds ? priorRange(duration, input.targetChapterSeconds) : undefined;
  const { boundaries, why } = selectBoundaries(scored, {
    duration,
    minGap,
    k: asked,
    threshold: tuning.threshold,
    priorWeight: tuning.priorWeight,
    preferredChapterSeconds: preferred,
    minK: asked === undefined ? range?.lo : undefined,
    maxK: asked === undefined ? range?.hi : undefined,
  });
  if (asked !== undefined && boundaries.length + 1 < asked) return null;
  const times = [0, ...boundaries, duration];
  const spans = times.slice(1).map((end, i) => ({ start: times[i], end }));
  const reason =
    asked !== undefined
      ? `${spans.length} chapters as requested, at the sentences where the evidence for a new topic is strongest`
      : `${why} (${(duration / 60).toFixed(1)} min: about ${expected.toFixed(1)} expected${preferred ? '' : ' from VidChapters-7M'}); chapters start at sentences, scored by ${signalsUsed(tuning.weights)}`;
  return { spans, k: spans.length, reason };
}

/** Today's chapters without sentences: TW-FINCH clusters made contiguous, gap-statistic count, snapped boundaries. */
export function segmentChaptersByClustering(input: ChapterSegmentationInput): ChapterSegmentation {
  const { duration, clips, dim } = input;
  validateChapterSettings(input);
  const prior = input.targetChapterSeconds ?? DEFAULT_CHAPTER_SECONDS;
  const n = clips.length;
  if (!(duration > 0) || n === 0) {
    return { spans: [{ start: 0, end: Math.max(0, duration || 0) }], k: 1, reason: 'nothing to divide: one chapter' };
  }
  if (input.features.length < n * dim) {
    throw new RangeError(`segmentChapters: features hold ${input.features.length} values, need ${n}x${dim}`);
  }
  const features = input.features;
  const cuts = legalCuts(input);
  const maxK = Math.min(n, cuts.length + 1);
  const minutes = (duration / 60).toFixed(1);
  const signal = hasSignal(features, n, dim);

  let k: number;
  let segments: IndexSegment[] | null = null; // clip-level segmentation, when features decide
  let reason: string;
  if (input.requestedK !== undefined) {
    const asked = Math.round(input.requestedK);
    k = Math.min(maxK, Math.max(1, asked));
    reason = `${k} chapters as requested`;
    if (k !== asked) {
      reason += ` (asked for ${input.requestedK}; ${maxK} is the most this ${minutes}-minute recording allows without cutting inside a sentence or clip)`;
    }
    if (signal && k > 1) segments = contiguousChapters(createTwFinch(features, n, dim), features, dim, k);
    else if (k > 1) reason += '; no content features, so evenly spaced';
  } else if (!signal) {
    k = Math.min(maxK, priorK(duration, prior));
    reason =
      `no content features that change over the recording (no speech, no slide changes): ${k} chapter${k === 1 ? '' : 's'} from the ` +
      `duration prior (${minutes} min at about ${Math.round(Math.sqrt(prior.min * prior.max) / 60)} min per chapter), evenly spaced`;
  } else {
    const range = priorRange(duration, prior);
    const lo = Math.min(range.lo, maxK);
    const hi = Math.min(range.hi, maxK);
    if (hi <= 1) {
      k = 1;
      reason = `${minutes} min is shorter than two chapters of at least ${Math.round(prior.min / 60)} min: one chapter`;
    } else {
      const tw = createTwFinch(features, n, dim);
      // Null blocks of half the shortest chapter: structure below that scale is not chapters.
      const block = Math.max(1, Math.round(prior.min / 2 / (duration / n)));
      const choice = chooseK(tw, features, dim, lo, hi, block);
      k = choice.k;
      segments = choice.segments;
      reason = `${k} chapters: ${choice.why}; the duration prior (${minutes} min, chapters of ${Math.round(prior.min / 60)}-${Math.round(prior.max / 60)} min) allowed ${lo}-${hi}`;
    }
  }

  // Boundary times at clip level, then snapped to slide changes / sentence ends.
  let wanted: number[];
  if (k <= 1) wanted = [];
  else if (segments) wanted = segments.slice(1).map((s) => clips[s.start].start);
  else wanted = Array.from({ length: k - 1 }, (_, i) => ((i + 1) * duration) / k);
  const snapped = snapBoundaries(wanted, cuts, slideEdges(input));
  const times = [0, ...snapped, duration];
  const spans = times.slice(1).map((end, i) => ({ start: times[i], end }));
  return { spans, k: spans.length, reason };
}

/** Within-segment sum of squared distances to the segment means. */
export function withinDispersion(
  features: Float32Array,
  dim: number,
  segments: IndexSegment[],
  sums = new RowPrefixSums(features, segments.at(-1)?.end ?? 0, dim),
): number {
  let within = 0;
  for (const s of segments) within += sums.scatter(s.start, s.end);
  return within;
}

/** Permutations of time order used as the null reference of the gap statistic. */
const NULL_PERMUTATIONS = 8;

/**
 * Automatic K within [lo, hi] by the gap statistic (Tibshirani, Walther & Hastie 2001) with
 * a null reference that keeps the clips but destroys their order in time at chapter scale
 * (blocks of `block` consecutive clips are shuffled, so continuity shorter than a block,
 * which every recording has, is not mistaken for chapter structure): for each K,
 * gap(K) = mean log W_null(K) - log W(K), where W is the within-segment dispersion of the
 * contiguous TW-FINCH segmentation with K chapters, and W_null the same on the clips in a
 * random order. The chosen K is the smallest with gap(K) >= gap(K') - s(K') for the next
 * candidate K' (s = spread of the null), i.e. where more chapters stop adding structure that
 * chance would not give.
 */
export function chooseK(
  tw: TwFinch,
  features: Float32Array,
  dim: number,
  lo: number,
  hi: number,
  block = 1,
): { k: number; segments: IndexSegment[]; why: string } {
  const n = tw.n;
  const ks: number[] = [];
  const step = Math.max(1, (hi - lo) / (MAX_K_CANDIDATES - 1));
  for (let x = lo; x <= hi + 1e-9; x += step)
    if (!ks.includes(Math.round(x)) && Math.round(x) <= n) ks.push(Math.round(x));
  if (ks.length === 1) {
    return { k: ks[0], segments: contiguousChapters(tw, features, dim, ks[0]), why: 'the only count allowed' };
  }
  const realLabels = tw.partitions(ks);
  const realSums = new RowPrefixSums(features, n, dim);
  const real = ks.map((k) => contiguousSegments(features, n, dim, realLabels.get(k) as Int32Array, k, realSums));
  const logW = real.map((segments) => Math.log(withinDispersion(features, dim, segments, realSums) + 1e-12));
  const nullLogW = ks.map(() => [] as number[]);
  let seed = 0x2545f491;
  const permuted = new Float32Array(n * dim);
  for (let b = 0; b < NULL_PERMUTATIONS; b++) {
    // Shuffle blocks of `block` consecutive clips: keeps continuity shorter than a block.
    const blocks = Array.from({ length: Math.ceil(n / block) }, (_, i) => i);
    for (let i = blocks.length - 1; i > 0; i--) {
      seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      const j = seed % (i + 1);
      [blocks[i], blocks[j]] = [blocks[j], blocks[i]];
    }
    const order: number[] = [];
    for (const b of blocks) for (let i = b * block; i < Math.min(n, (b + 1) * block); i++) order.push(i);
    for (let i = 0; i < n; i++) permuted.set(features.subarray(order[i] * dim, order[i] * dim + dim), i * dim);
    const nullLabels = createTwFinch(permuted, n, dim).partitions(ks);
    const nullSums = new RowPrefixSums(permuted, n, dim);
    ks.forEach((k, c) => {
      const segments = contiguousSegments(permuted, n, dim, nullLabels.get(k) as Int32Array, k, nullSums);
      nullLogW[c].push(Math.log(withinDispersion(permuted, dim, segments, nullSums) + 1e-12));
    });
  }
  const gap = ks.map((_, c) => nullLogW[c].reduce((s, v) => s + v, 0) / NULL_PERMUTATIONS - logW[c]);
  const spread = ks.map((_, c) => {
    const m = nullLogW[c].reduce((s, v) => s + v, 0) / NULL_PERMUTATIONS;
    const sd = Math.sqrt(nullLogW[c].reduce((s, v) => s + (v - m) ** 2, 0) / NULL_PERMUTATIONS);
    return sd * Math.sqrt(1 + 1 / NULL_PERMUTATIONS);
  });
  let chosen = ks.length - 1;
  for (let c = 0; c + 1 < ks.length; c++) {
    if (gap[c] >= gap[c + 1] - spread[c + 1]) {
      chosen = c;
      break;
    }
  }
  const table = ks.map((k, c) => `${k}: ${gap[c].toFixed(3)}`).join(', ');
  return {
    k: ks[chosen],
    segments: real[chosen],
    why:
      `gap statistic levels off at K=${ks[chosen]} against the same clips with blocks of ${block} clip${block === 1 ? '' : 's'} ` +
      `shuffled (gap by K: ${table})`,
  };
}

/**
 * Whether the features say anything about where topics change: some clip must differ from the
 * first. All-zero rows (no speech, no slides) and identical rows (one static picture, no
 * speech: a 10-hour recording of that would otherwise cost TW-FINCH all-pairs ties) do not.
 */
function hasSignal(features: Float32Array, n: number, dim: number): boolean {
  for (let i = 1; i < n; i++) {
    for (let q = 0; q < dim; q++) if (Math.abs(features[i * dim + q] - features[q]) > 1e-6) return true;
  }
  return false;
}

/** Where a chapter may start: sentence ends when there is speech; otherwise clip edges and slide changes. */
function legalCuts(input: ChapterSegmentationInput): number[] {
  const { duration } = input;
  const inside = (t: number): boolean => Number.isFinite(t) && t > 0 && t < duration;
  let cuts: number[];
  if (input.sentenceEnds.some(inside)) cuts = input.sentenceEnds.filter(inside);
  else cuts = [...input.clips.map((c) => c.end), ...slideEdges(input)].filter(inside);
  return [...new Set(cuts)].sort((a, b) => a - b);
}

function slideEdges(input: ChapterSegmentationInput): number[] {
  const edges = input.slideSpans.flatMap((s) => [s.start, s.end]).filter((t) => t > 0 && t < input.duration);
  return [...new Set(edges)].sort((a, b) => a - b);
}

/**
 * Moves each wanted boundary to a legal cut: aiming at the nearest slide change when one is
 * within SLIDE_SNAP_SECONDS, else at the boundary itself; boundaries stay distinct and in
 * order (dynamic programming over the legal cuts, least total movement).
 */
export function snapBoundaries(wanted: number[], cuts: number[], slideChanges: number[]): number[] {
  const k = wanted.length;
  const m = cuts.length;
  if (k === 0) return [];
  if (m < k) throw new RangeError(`snapBoundaries: ${k} boundaries but only ${m} legal cuts`);
  const target = wanted.map((b) => {
    let best = b;
    let bestD = SLIDE_SNAP_SECONDS;
    for (const s of slideChanges) {
      const d = Math.abs(s - b);
      if (d <= bestD) {
        best = s;
        bestD = d;
      }
    }
    return best;
  });
  // cost[i][p]: boundary i at cut p; prefix minima keep it O(k m).
  const cost = (i: number, p: number): number => Math.abs(cuts[p] - target[i]) + 1e-3 * Math.abs(cuts[p] - wanted[i]);
  let prev = new Float64Array(m).fill(Infinity);
  const from: Int32Array[] = [];
  for (let i = 0; i < k; i++) {
    const cur = new Float64Array(m).fill(Infinity);
    const back = new Int32Array(m).fill(-1);
    let bestPrev = Infinity;
    let bestPrevAt = -1;
    for (let p = i; p <= m - (k - i); p++) {
      if (i > 0 && p - 1 >= 0 && prev[p - 1] < bestPrev) {
        bestPrev = prev[p - 1];
        bestPrevAt = p - 1;
      }
      const before = i === 0 ? 0 : bestPrev;
      if (before === Infinity) continue;
      cur[p] = before + cost(i, p);
      back[p] = bestPrevAt;
    }
    from.push(back);
    prev = cur;
  }
  let p = -1;
  let bestEnd = Infinity;
  for (let q = 0; q < m; q++) {
    if (prev[q] < bestEnd) {
      bestEnd = prev[q];
      p = q;
    }
  }
  const out = new Array<number>(k);
  for (let i = k - 1; i >= 0; i--) {
    out[i] = cuts[p];
    p = from[i][p];
  }
  return out;
}
