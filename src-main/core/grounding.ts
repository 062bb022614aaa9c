/**
 * Moment grounding: from ranked candidate lists (lexical BM25 and dense cosine, over transcript
 * windows, slide spans and chapter titles) to ranked moments with a natural span and the
 * signals that matched.
 *
 * 1. Each unit (a window, a slide span, a chapter) gets a reciprocal-rank-fusion score from the
 *    lists it appears in: sum of weight / (k + rank). Ranks are global over the searched scope,
 *    so scores from different lectures are on one scale; they are divided by the best score a
 *    unit could reach, so 1 means "first in every list of its kind".
 * 2. Units support each other in time: a window gets half the score of the slide it sits in
 *    (and of its chapter), a slide half the score of its best window, a chapter half the score
 *    of its best slide or window. So a slide whose own text matched beats its windows only when
 *    the slide's own evidence is stronger than theirs (the "natural span" is the slide), and a
 *    window wins when what was said matched best (the natural span is the sentence window).
 * 3. The best window is widened over the windows next to it that score nearly as well.
 * 4. Moments overlapping a better one (in the same lecture) are dropped.
 */

export type UnitKind = 'window' | 'slide' | 'chapter';
export type Why = 'spoken' | 'on slide' | 'chapter title';

export interface GroundingUnit {
  /** Unique per unit, e.g. the database row id with a kind prefix. */
  key: string;
  kind: UnitKind;
  lectureId: number;
  start: number;
  end: number;
  /** The caller's row id, when it has one. */
  rowId?: number;
}

/** One ranked list from one retriever over one kind of unit, best first. */
export interface RankedList {
  kind: UnitKind;
  /** 'visual': the query's words against slide pictures (CLIP-class models). */
  signal: 'lexical' | 'dense' | 'visual';
  units: GroundingUnit[];
  /** The retriever's scores, parallel to `units`: equal scores share a rank (twins tie). */
  scores?: number[];
}

export interface FusionOptions {
  /** RRF constant: larger flattens the difference between ranks. */
  rrfK: number;
  /** Weight per list, by `${kind}:${signal}`; missing lists weigh 0. */
  weights: Record<string, number>;
  /** How much a unit takes from the units it overlaps (slide <-> window, chapter). */
  support: number;
  /** Dense ranks beyond this do not count as a match for `why`. */
  denseWhyRank: number;
  /** Neighbouring windows scoring at least this fraction of the best are merged into it. */
  widenRatio: number;
  /** A moment is dropped when it overlaps a better one by this fraction of the shorter. */
  overlap: number;
}

export const DEFAULT_FUSION: FusionOptions = {
  rrfK: 10,
  // What was said carries the most; a slide's text or a chapter title mostly supports the
  // windows inside it (one common word in a title is weak evidence on its own).
  weights: {
    'window:lexical': 1,
    'window:dense': 1,
    'slide:lexical': 0.3,
    'slide:dense': 0.2,
    'slide:visual': 0.2,
    'chapter:lexical': 0.1,
  },
  support: 0.5,
  denseWhyRank: 3,
  widenRatio: 0.85,
  overlap: 0.5,
};

export interface GroundedMoment {
  lectureId: number;
  start: number;
  end: number;
  /** 0..1, comparable across lectures within one query. */
  score: number;
  /** The unit that won, and the windows merged into it (for a window). */
  unit: GroundingUnit;
  windows: GroundingUnit[];
  /** For a slide or chapter: the best-scoring retrieved window inside it, if any. */
  bestWindow?: GroundingUnit;
  /** Fused scores of the retrieved windows of this lecture (for sentenceSpan). */
  windowScores: Array<{ start: number; end: number; score: number }>;
  why: Why[];
}

interface Scored {
  unit: GroundingUnit;
  own: number;
  total: number;
  /** Signals this unit matched on its own. */
  lexical: boolean;
  denseRank: number;
}

const WHY_OF: Record<UnitKind, Why> = { window: 'spoken', slide: 'on slide', chapter: 'chapter title' };

const overlapOf = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** Reciprocal-rank fusion per unit: own score, and whether a lexical list or a top dense rank matched it. */
export function fuseRanks(lists: readonly RankedList[], options: FusionOptions = DEFAULT_FUSION): Map<string, Scored> {
  const scored = new Map<string, Scored>();
  for (const list of lists) {
    const weight = options.weights[`${list.kind}:${list.signal}`] ?? 0;
    if (weight === 0) continue;
    let rank = 0;
    list.units.forEach((unit, i) => {
      if (!list.scores || i === 0 || list.scores[i] !== list.scores[i - 1]) rank = i + 1;
      let s = scored.get(unit.key);
      if (!s) {
        s = { unit, own: 0, total: 0, lexical: false, denseRank: Infinity };
        scored.set(unit.key, s);
      }
      s.own += weight / (options.rrfK + rank);
      if (list.signal === 'lexical') s.lexical = true;
      else s.denseRank = Math.min(s.denseRank, rank);
    });
  }
  return scored;
}

/** The best own score any unit of each kind could reach (first in all of its kind's lists). */
function ceilingOf(lists: readonly RankedList[], options: FusionOptions): number {
  const byKind = new Map<UnitKind, number>();
  for (const list of lists) {
    const w = options.weights[`${list.kind}:${list.signal}`] ?? 0;
    byKind.set(list.kind, (byKind.get(list.kind) ?? 0) + w / (options.rrfK + 1));
  }
  // A window can also take support from its slide and chapter.
  const own = Math.max(0, ...byKind.values());
  return own + options.support * ((byKind.get('slide') ?? 0) + (byKind.get('chapter') ?? 0)) || 1;
}

/**
 * Fuses the ranked lists into moments, best first (at most `limit`). Units not present in any
 * list are unknown here, so widening only merges windows that were retrieved.
 */
export function groundMoments(
  lists: readonly RankedList[],
  limit: number,
  options: FusionOptions = DEFAULT_FUSION,
): GroundedMoment[] {
  const scored = fuseRanks(lists, options);
  if (scored.size === 0) return [];
  const byLecture = new Map<number, Scored[]>();
  for (const s of scored.values()) {
    const list = byLecture.get(s.unit.lectureId) ?? [];
    list.push(s);
    byLecture.set(s.unit.lectureId, list);
  }
  // Support between overlapping units of different kinds.
  for (const units of byLecture.values()) {
    for (const s of units) {
      let fromSlide = 0;
      let fromWindow = 0;
      let fromChapter = 0;
      const length = Math.max(1e-6, s.unit.end - s.unit.start);
      for (const o of units) {
        if (o === s || o.unit.kind === s.unit.kind) continue;
        const shared = overlapOf(s.unit, o.unit);
        if (shared <= 0) continue;
        if (o.unit.kind === 'chapter') {
          // A window or slide lies mostly inside its chapter.
          if (shared >= 0.5 * length) fromChapter = Math.max(fromChapter, o.own);
        } else if (o.unit.kind === 'slide') {
          if (s.unit.kind === 'window' ? shared >= 0.5 * length : true) fromSlide = Math.max(fromSlide, o.own);
        } else if (shared >= 0.5 * Math.max(1e-6, o.unit.end - o.unit.start)) {
          fromWindow = Math.max(fromWindow, o.own);
        }
      }
      const support =
        s.unit.kind === 'window'
          ? fromSlide + fromChapter
          : s.unit.kind === 'slide'
            ? fromWindow + fromChapter
            : Math.max(fromSlide, fromWindow);
      s.total = s.own + options.support * support;
    }
  }
  const ceiling = ceilingOf(lists, options);
  const ranked = [...scored.values()].sort((a, b) => b.total - a.total || a.unit.start - b.unit.start);
  // A lecture's windows, in time order (for widening) and with their scores: the same for
  // every moment of the lecture, so made once.
  const windowsOf = new Map<number, { inTime: Scored[]; scores: GroundedMoment['windowScores'] }>();
  const lectureWindows = (lectureId: number) => {
    let found = windowsOf.get(lectureId);
    if (!found) {
      const windows = byLecture.get(lectureId)!.filter((u) => u.unit.kind === 'window');
      found = {
        inTime: [...windows].sort((a, b) => a.unit.start - b.unit.start),
        scores: windows.map((u) => ({ start: u.unit.start, end: u.unit.end, score: u.total })),
      };
      windowsOf.set(lectureId, found);
    }
    return found;
  };
  const picked: GroundedMoment[] = [];
  for (const s of ranked) {
    if (picked.length >= limit) break;
    const units = byLecture.get(s.unit.lectureId)!;
    const windows =
      s.unit.kind === 'window' ? widen(s, lectureWindows(s.unit.lectureId).inTime, options.widenRatio) : [];
    const span =
      windows.length > 0
        ? { start: Math.min(...windows.map((w) => w.start)), end: Math.max(...windows.map((w) => w.end)) }
        : { start: s.unit.start, end: s.unit.end };
    const clash = picked.some(
      (p) =>
        p.lectureId === s.unit.lectureId &&
        overlapOf(p, span) > options.overlap * Math.max(1e-6, Math.min(p.end - p.start, span.end - span.start)),
    );
    if (clash) continue;
    const inside =
      s.unit.kind === 'window'
        ? undefined
        : units
            .filter((u) => u.unit.kind === 'window' && overlapOf(u.unit, span) >= 0.5 * (u.unit.end - u.unit.start))
            .sort((a, b) => b.total - a.total)[0]?.unit;
    picked.push({
      lectureId: s.unit.lectureId,
      ...span,
      score: Math.min(1, s.total / ceiling),
      unit: s.unit,
      windows,
      ...(inside ? { bestWindow: inside } : {}),
      windowScores: lectureWindows(s.unit.lectureId).scores,
      why: whyOf(s, span, units, options),
    });
  }
  return picked;
}

/**
 * A sentence window that straddles a slide change, trimmed to the slide it mostly lies in (the
 * words said over the other slide belong to another topic). Unchanged when no slide holds at
 * least half of it.
 */
export function clipToSlide(
  span: { start: number; end: number },
  slides: ReadonlyArray<{ start: number; end: number }>,
): { start: number; end: number } {
  const length = span.end - span.start;
  let best: { start: number; end: number } | null = null;
  let bestShared = 0;
  for (const s of slides) {
    const shared = overlapOf(span, s);
    if (shared > bestShared) {
      best = s;
      bestShared = shared;
    }
  }
  if (!best || bestShared < 0.5 * length || bestShared >= length) return span;
  return { start: Math.max(span.start, best.start), end: Math.min(span.end, best.end) };
}

export interface SentenceEvidence {
  start: number;
  end: number;
  /** How many of the query's topic words the sentence contains (0..1). */
  lexical: number;
}

/**
 * Which sentences of a sentence window answer: each sentence scores the mean fused score of
 * the windows that contain it (windows not retrieved count 0; so a sentence shared with a
 * window that also matched beats one shared with a window that did not), relative to the best,
 * plus half its share of the query's words. The span is the best sentence and its neighbours
 * in a row scoring at least `keep` of it. With fewer than two sentences, the span stays.
 */
export function sentenceSpan(
  span: { start: number; end: number },
  sentences: readonly SentenceEvidence[],
  allWindows: ReadonlyArray<{ start: number; end: number }>,
  scored: ReadonlyArray<{ start: number; end: number; score: number }>,
  keep = 0.95,
): { start: number; end: number } {
  const inside = sentences.filter((c) => overlapOf(c, span) >= 0.5 * Math.max(1e-6, c.end - c.start));
  if (inside.length < 2) return span;
  const containing = (c: SentenceEvidence) =>
    allWindows.filter((w) => overlapOf(c, w) >= 0.5 * Math.max(1e-6, c.end - c.start));
  const scoreOf = (w: { start: number; end: number }) =>
    scored.find((x) => Math.abs(x.start - w.start) < 1e-3 && Math.abs(x.end - w.end) < 1e-3)?.score ?? 0;
  const fused = inside.map((c) => {
    const windows = containing(c);
    return windows.length ? windows.reduce((sum, w) => sum + scoreOf(w), 0) / windows.length : 0;
  });
  const top = Math.max(...fused, 1e-9);
  const score = inside.map((c, i) => fused[i] / top + 0.5 * c.lexical);
  let best = 0;
  score.forEach((x, i) => {
    if (x > score[best]) best = i;
  });
  let first = best;
  let last = best;
  while (first > 0 && score[first - 1] >= keep * score[best]) first--;
  while (last < inside.length - 1 && score[last + 1] >= keep * score[best]) last++;
  return { start: inside[first].start, end: inside[last].end };
}

/**
 * The best window plus its retrieved neighbours (overlapping or touching) scoring >= ratio of it;
 * `windows` are the lecture's retrieved windows in time order.
 */
function widen(best: Scored, windows: readonly Scored[], ratio: number): GroundingUnit[] {
  const out = [best.unit];
  let start = best.unit.start;
  let end = best.unit.end;
  let grown = true;
  while (grown) {
    grown = false;
    for (const w of windows) {
      if (out.includes(w.unit) || w.total < ratio * best.total) continue;
      if (w.unit.start <= end + 0.5 && w.unit.end >= start - 0.5) {
        out.push(w.unit);
        start = Math.min(start, w.unit.start);
        end = Math.max(end, w.unit.end);
        grown = true;
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Which signals matched in the moment: its own unit's and the overlapping units' that matched on their own. */
function whyOf(best: Scored, span: { start: number; end: number }, units: readonly Scored[], options: FusionOptions) {
  const matched = (s: Scored) => s.lexical || s.denseRank <= options.denseWhyRank;
  const found = new Map<Why, number>();
  for (const s of units) {
    if (!matched(s)) continue;
    const shared = overlapOf(s.unit, span);
    const length = Math.max(1e-6, Math.min(s.unit.end - s.unit.start, span.end - span.start));
    if (s !== best && shared < 0.5 * length) continue;
    const why = WHY_OF[s.unit.kind];
    found.set(why, Math.max(found.get(why) ?? 0, s.own));
  }
  if (found.size === 0) found.set(WHY_OF[best.unit.kind], best.own);
  return [...found.entries()].sort((a, b) => b[1] - a[1]).map(([why]) => why);
}
