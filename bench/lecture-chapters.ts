/**
 * The shared lectures against a person's chapters (../shared/data/lectures/<name>/chapters.json):
 * each lecture as the app indexes it (the grounding bench's cached library: real pipeline, OCR,
 * slide changes, embeddings, loudness), its boundary candidates and evidence computed once, and
 * every method scored by boundary P/R/F1 within 10 s and the share of the person's *clear*
 * boundaries found. Also: each evidence signal alone and left out (ablation), and
 * leave-one-lecture-out tuning (the tuning grid is searched on two lectures, scored on the third).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EVIDENCE_SIGNALS, type BoundaryCandidate, type EvidenceWeights } from '../src-main/core/boundary-evidence.ts';
import {
  chaptersFromCandidates,
  DEFAULT_EVIDENCE_TUNING,
  evidenceCandidates,
  segmentChaptersByClustering,
  snapBoundaries,
  type ChapterSegmentationInput,
  type EvidenceTuning,
} from '../src-main/core/chapter-segmentation.ts';
import { expectedChapterCount } from '../src-main/core/chapter-count-prior.ts';
import { boundaryMatch } from '../src-main/core/segmentation-metrics.ts';
import { textTiling } from '../src-main/core/texttiling.ts';
import { boundaryEvidenceInput, lectureClipFeatures } from '../src-main/pipeline/lecture-clip-features.ts';
import { openDatabase } from '../src-main/store/database.ts';
import { readSignals, readSlides, readTranscript } from '../src-main/store/lecture-content-store.ts';
import { lectureLibrary, lectureTruths } from './grounding-data.ts';

/** The app's default chapter-length setting (150 s) as the service turns it into a range. */
export const APP_TARGET_SECONDS = { min: 75, max: 300 };
/** The setting's default before this change (300 s), for the "TW-FINCH alone" baseline. */
const PREVIOUS_TARGET_SECONDS = { min: 150, max: 600 };

export interface PersonChapters {
  boundaries: number[];
  clear: number[];
}

export interface LectureCase {
  name: string;
  input: ChapterSegmentationInput;
  candidates: BoundaryCandidate[];
  person: PersonChapters;
  /** Clip texts (what was said in each clip), for TextTiling. */
  clipTexts: string[];
  slideChanges: number[];
}

function personChapters(file: string): PersonChapters | null {
  if (!existsSync(file)) return null;
  const chapters = (JSON.parse(readFileSync(file, 'utf8')) as { chapters: Array<{ start: number; boundary: string }> })
    .chapters;
  const inner = chapters.filter((c) => c.start > 0);
  return {
    boundaries: inner.map((c) => c.start),
    clear: inner.filter((c) => c.boundary === 'clear').map((c) => c.start),
  };
}

/** The shared lectures with a person's chapters, as indexed by the real pipeline. */
export async function lectureCases(shared: string): Promise<LectureCase[]> {
  const truths = lectureTruths(shared);
  if (truths.length === 0) return [];
  const library = await lectureLibrary(truths);
  const db = openDatabase(library);
  const cases: LectureCase[] = [];
  try {
    for (const truth of truths) {
      const person = personChapters(path.join(path.dirname(truth.file), 'chapters.json'));
      const row = db.prepare('SELECT id, duration FROM lectures WHERE path = ?').get(truth.file) as
        { id: number; duration: number } | undefined;
      if (!person || !row) continue;
      const transcript = readTranscript(db, row.id);
      const slides = readSlides(db, row.id);
      const signals = readSignals(db, row.id);
      const { clips, features, dim } = lectureClipFeatures(db, row.id, row.duration, { transcript, slides });
      const input: ChapterSegmentationInput = {
        duration: row.duration,
        clips,
        features,
        dim,
        ...boundaryEvidenceInput(transcript, slides, signals),
      };
      const clipTexts = clips.map((c) =>
        transcript
          .filter((x) => x.end > c.start && x.start < c.end)
          .map((x) => x.text)
          .join(' '),
      );
      cases.push({
        name: truth.name,
        input,
        candidates: evidenceCandidates(input),
        person,
        clipTexts,
        slideChanges: slides.slice(1).map((x) => x.start),
      });
    }
  } finally {
    db.close();
  }
  return cases;
}

export interface ChapterScore {
  k: number;
  precision: number;
  recall: number;
  f1: number;
  matched: number;
  predicted: number;
  truth: number;
  clearFound: number;
  clearTotal: number;
}

/** Boundary P/R/F1 within 10 s (one-to-one), and how many clear boundaries have a predicted one within 10 s. */
export function scoreChapters(boundaries: number[], person: PersonChapters): ChapterScore {
  const m = boundaryMatch(boundaries, person.boundaries, 10);
  const clearFound = person.clear.filter((t) => boundaries.some((b) => Math.abs(b - t) <= 10)).length;
  return {
    k: boundaries.length + 1,
    precision: m.precision,
    recall: m.recall,
    f1: m.f1,
    matched: m.matched,
    predicted: m.predicted,
    truth: m.truth,
    clearFound,
    clearTotal: person.clear.length,
  };
}

/** Pooled over lectures: P/R/F1 from summed counts (micro), clear found summed. */
export function pooled(scores: ChapterScore[]): ChapterScore {
  const sum = (f: (s: ChapterScore) => number): number => scores.reduce((a, s) => a + f(s), 0);
  const matched = sum((s) => s.matched);
  const predicted = sum((s) => s.predicted);
  const truth = sum((s) => s.truth);
  const precision = predicted ? matched / predicted : 1;
  const recall = truth ? matched / truth : 1;
  return {
    k: sum((s) => s.k) / Math.max(1, scores.length),
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    matched,
    predicted,
    truth,
    clearFound: sum((s) => s.clearFound),
    clearTotal: sum((s) => s.clearTotal),
  };
}

const starts = (spans: Array<{ start: number }>): number[] => spans.slice(1).map((s) => s.start);

/** Lectern's chapters (evidence path) under a tuning. */
export function evidenceBoundaries(c: LectureCase, tuning: EvidenceTuning = DEFAULT_EVIDENCE_TUNING): number[] {
  const result = chaptersFromCandidates(c.candidates, {
    duration: c.input.duration,
    evidence: tuning,
    targetChapterSeconds: APP_TARGET_SECONDS,
  });
  return result ? starts(result.spans) : [];
}

/** The baselines: today's TW-FINCH path, TextTiling, evenly spaced, every slide change. */
export function baselineBoundaries(c: LectureCase): Array<{ method: string; boundaries: number[] }> {
  const today = segmentChaptersByClustering({ ...c.input, targetChapterSeconds: PREVIOUS_TARGET_SECONDS });
  const cuts = [...new Set(c.input.sentenceEnds.filter((t) => t > 0 && t < c.input.duration))].sort((a, b) => a - b);
  const priorK = Math.max(1, Math.round(expectedChapterCount(c.input.duration)));
  const even = Array.from({ length: priorK - 1 }, (_, i) => ((i + 1) * c.input.duration) / priorK);
  const tiling = textTiling(c.clipTexts, { blockSequences: 10 }).map((u) => c.input.clips[u].start);
  return [
    { method: 'TW-FINCH alone (before this change, app default 150-600 s)', boundaries: starts(today.spans) },
    { method: 'TextTiling (own cutoff)', boundaries: snapBoundaries(tiling, cuts, []) },
    { method: `evenly spaced (K = ${priorK}, the prior's)`, boundaries: snapBoundaries(even, cuts, []) },
    { method: 'every slide change', boundaries: c.slideChanges },
  ];
}

/** Weights with one signal alone (plus nothing else). */
export function aloneWeights(signal: string): EvidenceWeights {
  const w = Object.fromEntries(EVIDENCE_SIGNALS.map((s) => [s, 0])) as EvidenceWeights;
  w[signal as keyof EvidenceWeights] = 1;
  return w;
}

/** Default weights with one signal left out. */
export function withoutWeights(signal: string, base = DEFAULT_EVIDENCE_TUNING.weights): EvidenceWeights {
  return { ...base, [signal]: 0 };
}

/** Values of each tuned parameter; the grid is their product. */
const GRID_AXES = {
  hierarchy: [0.5, 1, 2],
  cue: [0.5, 1, 2],
  slideChange: [0, 0.5, 1],
  novelty: [0, 0.5],
  /** 0: the slide-structure and pause signals off; 1: on (title change, divider, agenda item at 0.5; slide return, pause at 0.25). */
  structure: [0, 1],
  threshold: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  priorWeight: [0, 0.25, 0.5, 1, 2],
};
type Axis = keyof typeof GRID_AXES;
const AXES = Object.keys(GRID_AXES) as Axis[];

function tuningAt(at: Record<Axis, number>): EvidenceTuning {
  const v = (a: Axis): number => GRID_AXES[a][at[a]];
  const structure = v('structure');
  return {
    weights: {
      hierarchy: v('hierarchy'),
      cue: v('cue'),
      slideChange: v('slideChange'),
      novelty: v('novelty'),
      titleChange: structure * 0.5,
      divider: structure * 0.5,
      agendaItem: structure * 0.5,
      slideReturn: structure * 0.25,
      pause: structure * 0.25,
    },
    threshold: v('threshold'),
    priorWeight: v('priorWeight'),
  };
}

/**
 * The tuning grid searched by leave-one-lecture-out: the weights of TW-FINCH persistence, cues
 * and slide changes, whether novelty and the slide-structure signals are on, the threshold and
 * the prior's weight. Each point with its axis indices.
 */
export function tuningGrid(): Array<{ at: Record<Axis, number>; tuning: EvidenceTuning }> {
  let points: Array<Record<Axis, number>> = [{} as Record<Axis, number>];
  for (const axis of AXES) points = points.flatMap((p) => GRID_AXES[axis].map((_, i) => ({ ...p, [axis]: i })));
  return points.map((at) => ({ at, tuning: tuningAt(at) }));
}

/** What tuning maximises on the training lectures: pooled F1 plus the share of clear boundaries found. */
function trainingObjective(score: ChapterScore): number {
  return score.f1 + (score.clearTotal ? score.clearFound / score.clearTotal : 0);
}

/**
 * The tuning with the best objective on the given lectures. The objective is averaged with the grid neighbours (one step along one axis), so a
 * plateau wins over a lone spike that two lectures happen to favour.
 */
export function bestTuning(train: LectureCase[]): EvidenceTuning {
  const grid = tuningGrid();
  const key = (at: Record<Axis, number>): string => AXES.map((a) => at[a]).join(',');
  const index = new Map(grid.map((g, i) => [key(g.at), i]));
  const objective = grid.map(({ tuning }) =>
    trainingObjective(pooled(train.map((c) => scoreChapters(evidenceBoundaries(c, tuning), c.person)))),
  );
  const smoothed = grid.map(({ at }, i) => {
    let sum = objective[i];
    let count = 1;
    for (const axis of AXES)
      for (const step of [-1, 1]) {
        const j = index.get(key({ ...at, [axis]: at[axis] + step }));
        if (j !== undefined) {
          sum += objective[j];
          count++;
        }
      }
    return sum / count;
  });
  let best = 0;
  for (let i = 1; i < grid.length; i++) if (smoothed[i] > smoothed[best] + 1e-12) best = i;
  return grid[best].tuning;
}

/** Leave one lecture out: {@link bestTuning} on the others, scored on the held-out one. */
export function leaveOneOut(
  cases: LectureCase[],
): Array<{ held: string; tuning: EvidenceTuning; score: ChapterScore }> {
  return cases.map((held) => {
    const tuning = bestTuning(cases.filter((c) => c !== held));
    return { held: held.name, tuning, score: scoreChapters(evidenceBoundaries(held, tuning), held.person) };
  });
}

const f2 = (x: number): number => Math.round(x * 100) / 100;

function chapterRow(item: string, method: string, s: ChapterScore): Record<string, string | number> {
  return {
    corpus: 'lecture vs person',
    item,
    method,
    'true K': item.startsWith('pooled') ? `${s.truth} boundaries` : s.truth + 1,
    K: f2(s.k),
    'P@10s': f2(s.precision),
    'R@10s': f2(s.recall),
    'F1@10s': f2(s.f1),
    'clear found': `${s.clearFound}/${s.clearTotal}`,
  };
}

/**
 * Rows for the segmentation bench: per lecture and pooled, Lectern (default tuning and
 * leave-one-lecture-out) beside the baselines; then the ablation (each signal alone, each left
 * out) pooled over the lectures.
 */
export function lectureChapterRows(cases: LectureCase[]): {
  rows: Array<Record<string, string | number>>;
  notes: string[];
} {
  if (cases.length === 0)
    return { rows: [], notes: ["lecture vs person: skipped (no lecture with a person's chapters.json)"] };
  const rows: Array<Record<string, string | number>> = [];
  const byMethod = new Map<string, ChapterScore[]>();
  const add = (item: string, method: string, boundaries: number[], person: PersonChapters): void => {
    const score = scoreChapters(boundaries, person);
    rows.push(chapterRow(item, method, score));
    byMethod.set(method, [...(byMethod.get(method) ?? []), score]);
  };
  const loo = leaveOneOut(cases);
  for (const c of cases) {
    const held = loo.find((r) => r.held === c.name);
    if (held) add(c.name, 'lectern, leave-one-lecture-out (unseen)', evidenceBoundaries(c, held.tuning), c.person);
    add(c.name, 'lectern, default tuning (tuned on all 3)', evidenceBoundaries(c), c.person);
    for (const b of baselineBoundaries(c)) add(c.name, b.method, b.boundaries, c.person);
  }
  for (const [method, scores] of byMethod) rows.push(chapterRow(`pooled (${scores.length})`, method, pooled(scores)));
  const base = DEFAULT_EVIDENCE_TUNING.weights;
  for (const signal of EVIDENCE_SIGNALS) {
    const pooledWith = (weights: EvidenceWeights): ChapterScore =>
      pooled(cases.map((c) => scoreChapters(evidenceBoundaries(c, { ...DEFAULT_EVIDENCE_TUNING, weights }), c.person)));
    rows.push(chapterRow(`pooled (${cases.length})`, `ablation: ${signal} alone`, pooledWith(aloneWeights(signal))));
    if (base[signal] > 0) {
      rows.push(
        chapterRow(`pooled (${cases.length})`, `ablation: all but ${signal}`, pooledWith(withoutWeights(signal))),
      );
    } else {
      rows.push(
        chapterRow(
          `pooled (${cases.length})`,
          `ablation: default + ${signal} (0.5)`,
          pooledWith({ ...base, [signal]: 0.5 }),
        ),
      );
    }
  }
  const notes = [
    'lecture vs person: boundaries against a person\'s chapters (chapters.json), one-to-one within 10 s; "clear found" = clear boundaries with a predicted one within 10 s; pooled rows sum the counts over lectures',
    `leave-one-lecture-out tunings (grid searched on the other two): ${loo
      .map(
        (r) =>
          `${r.held}: threshold ${r.tuning.threshold}, prior weight ${r.tuning.priorWeight}, weights ${JSON.stringify(r.tuning.weights)}`,
      )
      .join('; ')}`,
    'ablation rows use the default threshold and prior weight; "alone" = that signal with weight 1 and every other 0; "all but" = the default without a signal it uses; "default + X" = the default with a signal it leaves off turned on',
  ];
  return { rows, notes };
}
