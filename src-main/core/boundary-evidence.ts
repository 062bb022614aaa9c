import { topicOpenerScore } from './discourse-cues.ts';
import { pauseScores, type LoudnessEnvelope } from './pause-evidence.ts';
import { slideChangeEvidence, type EvidenceSlide } from './slide-boundary-evidence.ts';

/**
 * Where a chapter may start and how much speaks for each place. Candidates are the sentence
 * starts (a chapter starts where the new topic's first sentence starts); without speech, the
 * slide changes and clip edges. Every candidate gets one value in 0..1 per signal; the score is
 * their weighted mean. Signals (each can be switched off, see the segmentation bench's ablation):
 * - hierarchy: TW-FINCH persistence of a cut near the candidate (see hierarchy-boundary-strength)
 * - novelty: change of the clip features across the candidate
 * - cue: the sentence opens a topic ("Let's move on", "So today", see discourse-cues)
 * - slideChange: a slide change at the candidate (1 when simultaneous, falling to 0 at SLIDE_NEAR_SECONDS)
 * - titleChange, divider, agendaItem, slideReturn: what that slide change is (see slide-boundary-evidence)
 * - pause: a quiet stretch just before the candidate (see pause-evidence)
 */

export const EVIDENCE_SIGNALS = [
  'hierarchy',
  'novelty',
  'cue',
  'slideChange',
  'titleChange',
  'divider',
  'agendaItem',
  'slideReturn',
  'pause',
] as const;
export type EvidenceSignal = (typeof EVIDENCE_SIGNALS)[number];
export type EvidenceWeights = Record<EvidenceSignal, number>;

export interface BoundaryCandidate {
  time: number;
  evidence: Record<EvidenceSignal, number>;
}

/** A slide change this close to a candidate (seconds) counts for it. */
export const SLIDE_NEAR_SECONDS = 6;

export interface EvidenceInput {
  duration: number;
  clips: ReadonlyArray<{ start: number; end: number }>;
  /** Per clip edge (index = clip whose start is the edge): TW-FINCH persistence and novelty, 0..1. */
  persistence: Float64Array;
  novelty: Float64Array;
  sentences: ReadonlyArray<{ start: number; text: string }>;
  slides: readonly EvidenceSlide[];
  loudness: LoudnessEnvelope | null;
}

/** Largest value of `perEdge` at clip edges within one clip of t. */
function nearEdge(perEdge: Float64Array, clips: EvidenceInput['clips'], t: number): number {
  let best = 0;
  for (let e = 1; e < clips.length; e++) {
    const reach = clips[e].end - clips[e].start;
    if (Math.abs(clips[e].start - t) <= reach && perEdge[e] > best) best = perEdge[e];
  }
  return best;
}

export function boundaryCandidates(input: EvidenceInput): BoundaryCandidate[] {
  const { duration, clips, sentences } = input;
  const inside = (t: number): boolean => Number.isFinite(t) && t > 0 && t < duration;
  const changes = slideChangeEvidence(input.slides).filter((c) => inside(c.time));
  let points: Array<{ time: number; text: string }>;
  if (sentences.some((s) => inside(s.start))) {
    points = sentences.filter((s) => inside(s.start)).map((s) => ({ time: s.start, text: s.text }));
  } else {
    const times = [...changes.map((c) => c.time), ...clips.slice(1).map((c) => c.start)].filter(inside);
    points = [...new Set(times)].sort((a, b) => a - b).map((time) => ({ time, text: '' }));
  }
  const uniquePoints = new Map<number, string>();
  for (const p of points) if (!uniquePoints.has(p.time)) uniquePoints.set(p.time, p.text);
  const times = [...uniquePoints.keys()].sort((a, b) => a - b);
  const pauses = pauseScores(input.loudness, times);
  return times.map((time, i) => {
    let change: (typeof changes)[number] | null = null;
    for (const c of changes)
      if (
        Math.abs(c.time - time) <= SLIDE_NEAR_SECONDS &&
        (!change || Math.abs(c.time - time) < Math.abs(change.time - time))
      )
        change = c;
    const near = change ? 1 - Math.abs(change.time - time) / SLIDE_NEAR_SECONDS : 0;
    return {
      time,
      evidence: {
        hierarchy: nearEdge(input.persistence, clips, time),
        novelty: nearEdge(input.novelty, clips, time),
        cue: topicOpenerScore(uniquePoints.get(time) ?? ''),
        slideChange: near,
        titleChange: change ? change.titleChange * near : 0,
        divider: change ? change.divider * near : 0,
        agendaItem: change ? change.agendaItem * near : 0,
        slideReturn: change ? change.slideReturn * near : 0,
        pause: pauses[i],
      },
    };
  });
}

/** Weighted mean of a candidate's signals (0..1); 0 when every weight is 0. */
export function candidateScore(candidate: BoundaryCandidate, weights: EvidenceWeights): number {
  let sum = 0;
  let total = 0;
  for (const signal of EVIDENCE_SIGNALS) {
    sum += weights[signal] * candidate.evidence[signal];
    total += weights[signal];
  }
  return total > 0 ? sum / total : 0;
}
