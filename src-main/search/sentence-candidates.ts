/**
 * From the first stage's moments to the second stage's candidates: every sentence said in a
 * moment (a slide's, or a chapter's best window's), with what is around it, so the reranker can
 * pick the sentence where the answer begins. A moment without transcript stays one candidate.
 */
import type { GroundedMoment } from '../core/grounding.ts';
import type { RerankCandidate, TermMatcher } from '../core/grounding-rerank.ts';
import type { ShownDeckPage } from '../store/deck-store.ts';
import type { MomentRows, TimedRow } from '../store/moment-search.ts';

/**
 * Seconds read around each moment, so its first and last sentences have neighbours (the one
 * before, the two after). 10 rather than 20: a third fewer rows per search; on the grounding
 * bench 32 of 29,414 candidates changed and the held-out figures did not move.
 */
export const NEIGHBOUR_SECONDS = 10;
/** Sentences one moment may contribute (a long slide's). */
const PER_MOMENT = 40;

export interface DenseHit {
  lectureId: number;
  start: number;
  end: number;
  cosine: number;
}

export interface DenseEvidence {
  windows: readonly DenseHit[];
  slides: readonly DenseHit[];
}

export interface SentenceCandidate {
  lectureId: number;
  start: number;
  end: number;
  /** Index of the first-stage moment it comes from. */
  parent: number;
  rows: MomentRows;
  candidate: RerankCandidate;
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  Math.min(a.end, b.end) - Math.max(a.start, b.start);
const holds = (outer: { start: number; end: number }, inner: { start: number; end: number }) =>
  overlap(outer, inner) >= 0.5 * Math.max(1e-6, inner.end - inner.start);

/** Dense hits grouped by lecture (a candidate looks only at its own lecture's), with the best cosine of all. */
interface DenseByLecture {
  byLecture: Map<number, DenseHit[]>;
  top: number;
}

function byLecture(hits: readonly DenseHit[]): DenseByLecture {
  const out = new Map<number, DenseHit[]>();
  for (const h of hits) {
    const list = out.get(h.lectureId);
    if (list) list.push(h);
    else out.set(h.lectureId, [h]);
  }
  return { byLecture: out, top: hits[0]?.cosine ?? 0 };
}

/** The best cosine of a hit holding `span`, relative to the best of all hits; null when none holds it. */
function bestCosine(hits: DenseByLecture, lectureId: number, span: { start: number; end: number }): number | null {
  let best = -Infinity;
  for (const h of hits.byLecture.get(lectureId) ?? []) {
    if (h.cosine > best && overlap(h, span) > 0 && holds(h, span)) best = h.cosine;
  }
  return best === -Infinity ? null : best - hits.top;
}

/** The sentences of a moment the reranker looks at. */
function sentencesOf(moment: GroundedMoment, cues: readonly TimedRow[]): number[] {
  const focus = moment.unit.kind === 'chapter' ? moment.bestWindow : moment;
  if (!focus) return [];
  const out: number[] = [];
  cues.forEach((c, i) => {
    if (out.length < PER_MOMENT && holds(focus, c)) out.push(i);
  });
  return out;
}

/**
 * The candidates of the first-stage moments, best moment first; a sentence reached from two
 * moments counts once, for the better. `rows` were read over each moment widened by
 * NEIGHBOUR_SECONDS. A candidate's span runs on over the next sentence when that one also holds
 * a question word or the sentence is short, and over a third when it too holds one. `pages`
 * (parallel to `rows`, read over the same spans) are the attached deck's pages shown then.
 * Sentences for which `leaveOut` is true (a recording's licence notice) are no candidates.
 */
export function sentenceCandidates(
  moments: readonly GroundedMoment[],
  rows: readonly MomentRows[],
  dense: DenseEvidence,
  matcher: TermMatcher,
  pages: readonly (readonly ShownDeckPage[])[] = [],
  leaveOut: (sentence: string) => boolean = () => false,
): SentenceCandidate[] {
  const out: SentenceCandidate[] = [];
  const seen = new Set<number>();
  const windows = byLecture(dense.windows);
  const slides = byLecture(dense.slides);
  moments.forEach((moment, parent) => {
    const around = rows[parent];
    const cues = around.cues;
    const shown = pages[parent] ?? [];
    const pagesOver = (span: { start: number; end: number }) => shown.filter((p) => overlap(p, span) > 0);
    const chosen = sentencesOf(moment, cues);
    const common = {
      fused: moment.score,
      // Moments that tie (the same words in two lectures) share a rank.
      rank: moments.filter((m) => m.score > moment.score).length,
      kind: moment.unit.kind,
    };
    if (chosen.length === 0) {
      const span = { start: moment.start, end: moment.end };
      out.push({
        lectureId: moment.lectureId,
        ...span,
        parent,
        rows: around,
        candidate: {
          ...common,
          spoken: false,
          text: [
            ...around.slides.filter((s) => holds(span, s) || holds(s, span)).map((s) => `${s.title ?? ''} ${s.text}`),
          ].join(' '),
          previous: '',
          next: '',
          at: span.start,
          opens: true,
          slides: around.slides.filter((s) => overlap(s, span) > 0),
          pages: pagesOver(span),
          chapters: around.chapters.filter((c) => overlap(c, span) > 0).map((c) => c.text),
          denseWindow: bestCosine(windows, moment.lectureId, span),
          denseSlide: bestCosine(slides, moment.lectureId, span),
        },
      });
      return;
    }
    for (const i of chosen) {
      const cue = cues[i];
      // A cue's id is unique in the library, whichever lecture it is in.
      if (seen.has(cue.id) || leaveOut(cue.text)) continue;
      seen.add(cue.id);
      let last = i;
      const next = cues[i + 1];
      if (next && (matcher.coverage(next.text) > 0 || cue.text.split(/\s+/).length < 8)) {
        last = i + 1;
        if (cues[i + 2] && matcher.coverage(cues[i + 2].text) > 0) last = i + 2;
      }
      const span = { start: cue.start, end: cue.end };
      out.push({
        lectureId: moment.lectureId,
        start: cue.start,
        end: cues[last].end,
        parent,
        rows: around,
        candidate: {
          ...common,
          spoken: true,
          text: cue.text,
          previous: cues[i - 1]?.text ?? '',
          next: next?.text ?? '',
          at: cue.start,
          opens: i === chosen[0],
          slides: around.slides.filter((s) => holds(s, span)),
          pages: pagesOver(span),
          chapters: around.chapters.filter((c) => holds(c, span)).map((c) => c.text),
          denseWindow: bestCosine(windows, moment.lectureId, span),
          denseSlide: bestCosine(slides, moment.lectureId, span),
        },
      });
    }
  });
  return out;
}
