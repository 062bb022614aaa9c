/**
 * Trains the second stage of moment search (core/grounding-rerank.ts) and says how well it does
 * on questions it never saw.
 *
 * 1. Collect: every bench question (the 135 of bench/queries/lectures.json and the 9 about
 *    title slides of bench/queries/title-slides.json, per lecture and across the library, and
 *    QMSum dev's specific queries, per meeting) is searched once; the
 *    search hands over its ~50 first-stage candidates with their features and final spans. A
 *    candidate is right when its span starts inside a true span (what hit@1 counts).
 * 2. Fit: listwise softmax (the probability mass the weights put on the right candidates, in
 *    log, averaged over questions) with an L2 penalty, by Adam from zero weights.
 * 3. Cross-validate, leave one group out: each lecture, and each QMSum meeting, is held out in
 *    turn; the weights fit on all the others rank its questions. Since a search's final moments
 *    are its candidates in score order, ranking the collected candidates is exactly what the
 *    search returns with those weights.
 *    The lecture-opening and definition weights are then set by cross-validation on the
 *    training groups only (SET_AFTER_FIT, chooseSetWeights, nested: they never see the held-out
 *    questions); this takes a few minutes, as most groups have a question the definition feature fires on.
 * 4. Fit on everything: the weights to paste into RERANK_WEIGHTS (those two weights chosen by
 *    cross-validation over every group).
 *
 * Run: node --import tsx bench/grounding-rerank.ts [--reuse] [--rows=0,1,...] [--nested-l2]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hitAt1, hitAtK, recallAt1, type Span } from '../src-main/core/grounding-metrics.ts';
import { FEATURES, pickMoments } from '../src-main/core/grounding-rerank.ts';
import { closeEngines } from '../src-main/pipeline/engine-registry.ts';
import { MomentSearch, type RerankedCandidate } from '../src-main/search/moment-search.ts';
import { openDatabase } from '../src-main/store/database.ts';
import {
  lectureLibrary,
  lectureQueries,
  lectureTruths,
  meetingLibrary,
  meetingQueries,
  meetingTruths,
  type Query,
  TITLE_SLIDES,
  titleSlideQueries,
  warmMomentSearch,
} from './grounding-data.ts';
import { sharedDir } from './shared-data.ts';

export interface Collected {
  query: Query;
  scope: 'lecture' | 'library';
  candidates: RerankedCandidate[];
  /** Parallel to candidates: starts inside a true span of the question's lecture. */
  right: boolean[];
}

const startsInside = (c: RerankedCandidate, q: Query) =>
  c.lectureId === q.lectureId && q.truth.some((t) => c.start >= t.start && c.start <= t.end);

/** Searches each question once and keeps the candidates the second stage saw. */
export async function collect(search: MomentSearch, queries: readonly Query[], scoped: boolean): Promise<Collected[]> {
  const out: Collected[] = [];
  for (const q of queries) {
    let candidates: RerankedCandidate[] = [];
    await search.search(
      q.query,
      { lectureId: scoped ? q.lectureId : undefined, limit: 10 },
      { feedback: true, expansion: true, onCandidates: (c) => (candidates = c) },
    );
    out.push({
      query: q,
      scope: scoped ? 'lecture' : 'library',
      candidates,
      right: candidates.map((c) => startsInside(c, q)),
    });
  }
  return out;
}

const dot = (w: readonly number[], f: readonly number[]) => f.reduce((s, x, i) => s + w[i] * x, 0);

/**
 * The L2 penalty: what nested cross-validation (--nested-l2: chosen on the other groups only)
 * picked for every lecture held out, out of 0.001, 0.003, 0.01, 0.03.
 */
export const L2 = 0.003;

/** Listwise softmax fit with an L2 penalty (Adam, full batch). */
export function fitWeights(train: readonly Collected[], l2 = L2, steps = 300): number[] {
  const d = train[0]?.candidates[0]?.features.length ?? FEATURES.length;
  // Each usable question as one flat matrix (candidates x features) and its right candidates.
  const usable = train
    .filter((c) => c.right.some(Boolean) && c.right.some((r) => !r))
    .map((c) => {
      const x = new Float64Array(c.candidates.length * d);
      c.candidates.forEach((cand, i) => x.set(cand.features, i * d));
      return { x, n: c.candidates.length, right: c.right };
    });
  const w = new Float64Array(d);
  const m = new Float64Array(d);
  const v = new Float64Array(d);
  const grad = new Float64Array(d);
  const rate = 0.05;
  for (let step = 1; step <= steps; step++) {
    for (let k = 0; k < d; k++) grad[k] = 2 * l2 * w[k];
    for (const { x, n, right } of usable) {
      const scores = new Float64Array(n);
      let top = -Infinity;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += w[k] * x[i * d + k];
        scores[i] = s;
        if (s > top) top = s;
      }
      let all = 0;
      let good = 0;
      for (let i = 0; i < n; i++) {
        scores[i] = Math.exp(scores[i] - top);
        all += scores[i];
        if (right[i]) good += scores[i];
      }
      // d(-log good/all)/dw = E_all[f] - E_good[f]
      for (let i = 0; i < n; i++) {
        const coefficient = (scores[i] / all - (right[i] ? scores[i] / good : 0)) / usable.length;
        if (coefficient === 0) continue;
        for (let k = 0; k < d; k++) grad[k] += coefficient * x[i * d + k];
      }
    }
    for (let k = 0; k < d; k++) {
      m[k] = 0.9 * m[k] + 0.1 * grad[k];
      v[k] = 0.999 * v[k] + 0.001 * grad[k] * grad[k];
      const mHat = m[k] / (1 - 0.9 ** step);
      const vHat = v[k] / (1 - 0.999 ** step);
      w[k] -= (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  return [...w].map((x) => Math.round(x * 1000) / 1000);
}

/** The moments a search returns with these weights (as the search picks them). */
export function rankWith(item: Collected, weights: readonly number[], top = 10): Array<Span & { lectureId: number }> {
  return pickMoments(
    item.candidates,
    item.candidates.map((c) => dot(weights, c.features)),
    top,
  );
}

/**
 * Weights not left to the fit, set after it to one of a few values (null: as fit) chosen by
 * cross-validation on the training groups only (nested, chooseSetWeights):
 *  - the lecture opening: few questions ask about the lecture itself (5 of 135), so the L2
 *    penalty holds their weight near 1.5, where an answer at the opening still ranks 3rd or 4th;
 *  - the definition of the asked-for term (core/grounding-definitions.ts): few bench questions
 *    ask what a term is (13 of 216 searches have a candidate with it), and the fit's 0.41 does
 *    not beat the sentences around a definition that repeat its term.
 */
export const SET_AFTER_FIT: ReadonlyArray<{ feature: Feature; choices: ReadonlyArray<number | null> }> = [
  { feature: 'lecture opening', choices: [null, 3, 5, 8] },
  { feature: 'defines term', choices: [null, 1, 2, 3] },
];

type SetWeights = Map<number, number | null>;
const withSet = (w: readonly number[], set: SetWeights) =>
  w.map((x, k) => (set.has(k) && set.get(k) !== null ? set.get(k)! : x));
const uses = (items: readonly Collected[], feature: number) =>
  items.some((c) => c.candidates.some((x) => x.features[feature] !== 0));

/**
 * The set-after-fit weights (SET_AFTER_FIT) for these training questions, each feature the
 * held-out questions use: for each, the choice whose cross-validation on the training questions
 * (each group held out in turn, fit on the rest, the other such weights as fit) gives the most
 * hit@1 + hit@5 / 2; ties go to the earlier (as fit first). Groups whose questions never see a
 * feature score alike under its every weight and are not fit for it.
 */
export function chooseSetWeights(train: readonly Collected[], heldOut: readonly Collected[], l2 = L2): SetWeights {
  const chosen: SetWeights = new Map();
  const wanted = SET_AFTER_FIT.map((s) => ({ ...s, index: FEATURES.indexOf(s.feature) })).filter((s) =>
    uses(heldOut, s.index),
  );
  const groups = [...new Set(train.map((c) => c.query.group))];
  const inner = new Map<string, number[]>();
  const innerWeights = (g: string) => {
    if (!inner.has(g))
      inner.set(
        g,
        fitWeights(
          train.filter((c) => c.query.group !== g),
          l2,
        ),
      );
    return inner.get(g)!;
  };
  for (const { index, choices } of wanted) {
    const totals = choices.map(() => 0);
    for (const g of groups) {
      const held = train.filter((c) => c.query.group === g);
      if (!uses(held, index)) continue;
      const w = innerWeights(g);
      choices.forEach((v, i) => {
        const r = score(held, () => withSet(w, new Map([[index, v]])));
        totals[i] += r.hit1.reduce((a, b) => a + b, 0) + r.hit5.reduce((a, b) => a + b, 0) / 2;
      });
    }
    chosen.set(index, choices[totals.indexOf(Math.max(...totals))]);
  }
  return chosen;
}

/**
 * Weights for each group, fit on every other group's questions, the set-after-fit weights
 * chosen on those groups too (chooseSetWeights; one the group's questions never see stays as fit).
 */
export function leaveOneGroupOut(all: readonly Collected[], l2?: number): Map<string, number[]> {
  const groups = [...new Set(all.map((c) => c.query.group))];
  return new Map(
    groups.map((g) => {
      const train = all.filter((c) => c.query.group !== g);
      const held = all.filter((c) => c.query.group === g);
      return [g, withSet(fitWeights(train, l2), chooseSetWeights(train, held, l2))];
    }),
  );
}

/** The weights to ship: fit on every question, the set-after-fit weights chosen by cross-validation on them all. */
export function shippedWeights(all: readonly Collected[]): { weights: number[]; set: string } {
  const set = chooseSetWeights(all, all);
  const named = [...set].map(([k, v]) => `${FEATURES[k]} ${v ?? 'as fit'}`).join(', ');
  return { weights: withSet(fitWeights(all), set), set: named || 'none' };
}

/** Fold of a group for choosing the penalty: each lecture alone, the many meetings pooled into three. */
const innerFold = (group: string, groups: readonly string[]) =>
  group.startsWith('qmsum') || !groups.includes(group) ? `meetings ${groups.indexOf(group) % 3}` : group;

/**
 * Like leaveOneGroupOut, with the L2 penalty chosen for each held-out group by cross-validation
 * on the other groups only (nested), so the penalty never sees the questions it is scored on.
 */
export function nestedLeaveOneGroupOut(
  all: readonly Collected[],
  penalties: readonly number[] = [0.001, 0.003, 0.01, 0.03],
): Map<string, { l2: number; weights: number[] }> {
  const groups = [...new Set(all.map((c) => c.query.group))];
  const lectureGroups = new Set(all.filter((c) => c.query.set !== 'qmsum-dev').map((c) => c.query.group));
  const out = new Map<string, { l2: number; weights: number[] }>();
  for (const g of groups) {
    const train = all.filter((c) => c.query.group !== g);
    const others = groups.filter((x) => x !== g);
    const foldOf = (c: Collected) =>
      lectureGroups.has(c.query.group)
        ? c.query.group
        : innerFold(
            c.query.group,
            others.filter((x) => !lectureGroups.has(x)),
          );
    const folds = [...new Set(train.map(foldOf))];
    let best = { l2: penalties[0], hits: -1 };
    for (const l2 of penalties) {
      let hits = 0;
      for (const f of folds) {
        const weights = fitWeights(
          train.filter((c) => foldOf(c) !== f),
          l2,
        );
        hits += score(
          train.filter((c) => foldOf(c) === f),
          () => weights,
        ).hit1.reduce((a, b) => a + b, 0);
      }
      if (hits > best.hits) best = { l2, hits };
    }
    out.set(g, { l2: best.l2, weights: fitWeights(train, best.l2) });
  }
  return out;
}

export interface HeldOutScores {
  queries: number;
  hit1: number[];
  hit5: number[];
  r1iou5: number[];
}

/** Per-question hit@1, hit@5 and R@1 at IoU 0.5 of the moments ranked by `weightsOf`. */
export function score(items: readonly Collected[], weightsOf: (c: Collected) => readonly number[]): HeldOutScores {
  const out: HeldOutScores = { queries: items.length, hit1: [], hit5: [], r1iou5: [] };
  for (const item of items) {
    const ranked = rankWith(item, weightsOf(item)).map((p) =>
      p.lectureId === item.query.lectureId ? p : { start: -1, end: -1 },
    );
    out.hit1.push(Number(hitAt1(ranked, item.query.truth)));
    out.hit5.push(Number(hitAtK(ranked, item.query.truth, 5)));
    out.r1iou5.push(Number(recallAt1(ranked, item.query.truth, 0.5)));
  }
  return out;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Mean held-out figures of one set of questions. */
export interface SetFigures {
  name: string;
  hit1: number;
  hit5: number;
  r1iou5: number;
}

/**
 * `score` on each set of bench questions apart (the lectures per lecture, the lectures across the
 * library, QMSum per meeting), averaged: the three lines every training experiment reports.
 */
export function scoreBySet(items: readonly Collected[], weightsOf: (c: Collected) => readonly number[]): SetFigures[] {
  const studentQuestion = (c: Collected) => c.query.set !== 'qmsum-dev' && c.query.set !== TITLE_SLIDES;
  const titleSlide = (c: Collected) => c.query.set === TITLE_SLIDES;
  const sets = [
    ['lectures, per lecture', items.filter((c) => studentQuestion(c) && c.scope === 'lecture')],
    ['lectures, library', items.filter((c) => studentQuestion(c) && c.scope === 'library')],
    ['qmsum-dev, per meeting', items.filter((c) => c.query.set === 'qmsum-dev')],
    ['title slides, per lecture', items.filter((c) => titleSlide(c) && c.scope === 'lecture')],
    ['title slides, library', items.filter((c) => titleSlide(c) && c.scope === 'library')],
  ] as const;
  return sets.map(([name, subset]) => {
    const held = score(subset, weightsOf);
    return { name, hit1: mean(held.hit1), hit5: mean(held.hit5), r1iou5: mean(held.r1iou5) };
  });
}

/** Every bench question searched (lectures per lecture and across the library, QMSum per meeting). */
export async function collectAll(shared: string): Promise<Collected[]> {
  const out: Collected[] = [];
  const truths = lectureTruths(shared);
  if (truths.length > 0) {
    const db = openDatabase(await lectureLibrary(truths));
    try {
      const search = await warmMomentSearch(db);
      const queries = [...lectureQueries(db, truths), ...titleSlideQueries(db, truths)];
      out.push(...(await collect(search, queries, true)), ...(await collect(search, queries, false)));
    } finally {
      db.close();
    }
  }
  const meetings = meetingTruths(shared);
  if (meetings.length > 0) {
    const db = openDatabase(await meetingLibrary(meetings));
    try {
      const search = await warmMomentSearch(db);
      out.push(...(await collect(search, meetingQueries(db, meetings), true)));
    } finally {
      db.close();
    }
  }
  return out;
}

type Feature = (typeof FEATURES)[number];

/**
 * Features the shipped search leaves out (it does not compute them): each left held-out hit@1
 * where it was or lowered it (pseudo-relevance feedback 0.489 -> 0.474 per lecture; WordNet
 * 0.489 -> 0.489), and WordNet costs seconds to load.
 */
export const LEFT_OUT: readonly Feature[] = ['feedback coverage', 'synonym match', 'described match'];

/** The collection with these features (and their pairs: answer type found/missing, dense window/slide) zeroed. */
export function withoutFeature(all: readonly Collected[], names: Feature | readonly Feature[]): Collected[] {
  const drop = new Set<number>();
  for (const name of typeof names === 'string' ? [names] : names) {
    drop.add(FEATURES.indexOf(name));
    if (name === 'answer type found') drop.add(FEATURES.indexOf('answer type missing'));
    if (name === 'dense window') drop.add(FEATURES.indexOf('dense slide'));
  }
  return all.map((c) => ({
    ...c,
    candidates: c.candidates.map((x) => ({ ...x, features: x.features.map((f, i) => (drop.has(i) ? 0 : f)) })),
  }));
}

/** The deck's page text features (issue 18): measured with and without. */
export const PAGE_TEXT: readonly Feature[] = ['page title coverage', 'page coverage'];

/** The answer kinds beyond name, date and quantity (core/grounding-answer-kinds.ts). */
export const ANSWER_KINDS: readonly Feature[] = ['reason found', 'lecture opening'];

if (import.meta.url === `file://${process.argv[1]}`) {
  const shared = sharedDir();
  if (!shared) {
    console.log('../shared is absent: nothing to train on');
    process.exit(0);
  }
  try {
    // --reuse: fit again on the last collection (same features) instead of searching again.
    const cache = path.join(os.tmpdir(), `lectern-rerank-collected-${FEATURES.length}.json`);
    const all: Collected[] =
      process.argv.includes('--reuse') && existsSync(cache)
        ? JSON.parse(readFileSync(cache, 'utf8'))
        : await collectAll(shared);
    writeFileSync(cache, JSON.stringify(all));
    const reachable = mean(all.map((c) => Number(c.right.some(Boolean))));
    console.log(`${all.length} searches; a right candidate is among the ~50 for ${reachable.toFixed(3)} of them`);
    // Each signal measured alone: the same cross-validation with its feature left out.
    const rows: Array<[string, number, readonly Feature[]]> = [
      ['all features (feedback and WordNet too)', L2, []],
      ['shipped (feedback and WordNet left out)', L2, LEFT_OUT],
      ['shipped + WordNet synonyms and described headwords', L2, ['feedback coverage']],
      ['shipped + WordNet synonyms', L2, ['feedback coverage', 'described match']],
      ['shipped + WordNet described headwords', L2, ['feedback coverage', 'synonym match']],
      ['shipped without next coverage', L2, [...LEFT_OUT, 'next coverage']],
      ['shipped without dense', L2, [...LEFT_OUT, 'dense window']],
      ['shipped without answer type', L2, [...LEFT_OUT, 'answer type found']],
      ['shipped without the deck page text', L2, [...LEFT_OUT, ...PAGE_TEXT]],
      ['shipped without reason, lecture opening', L2, [...LEFT_OUT, ...ANSWER_KINDS]],
      ['shipped without reason', L2, [...LEFT_OUT, 'reason found']],
      ['shipped without lecture opening', L2, [...LEFT_OUT, 'lecture opening']],
      [
        'shipped without page text, reason, lecture opening (as before)',
        L2,
        [...LEFT_OUT, ...PAGE_TEXT, ...ANSWER_KINDS],
      ],
    ];
    const only = process.argv.find((a) => a.startsWith('--rows='))?.slice(7);
    for (const [label, l2, dropped] of rows.filter((_, i) => !only || only.split(',').includes(String(i)))) {
      const items = withoutFeature(all, dropped);
      const folds = leaveOneGroupOut(items, l2);
      for (const held of scoreBySet(items, (c) => folds.get(c.query.group)!)) {
        console.log(
          `${label} | ${held.name}: held out hit@1 ${held.hit1.toFixed(3)} hit@5 ${held.hit5.toFixed(3)} R@1 IoU.5 ${held.r1iou5.toFixed(3)}`,
        );
      }
    }
    if (process.argv.includes('--nested-l2')) {
      // The L2 penalty chosen per held-out group on the other groups only (slow: ~300 fits).
      const items = withoutFeature(all, LEFT_OUT);
      const folds = nestedLeaveOneGroupOut(items);
      console.log(`penalties chosen: ${[...folds].map(([g, f]) => `${g} ${f.l2}`).join(', ')}`);
      for (const held of scoreBySet(items, (c) => folds.get(c.query.group)!.weights)) {
        console.log(
          `shipped, L2 chosen nested | ${held.name}: held out hit@1 ${held.hit1.toFixed(3)} hit@5 ${held.hit5.toFixed(3)} R@1 IoU.5 ${held.r1iou5.toFixed(3)}`,
        );
      }
    }
    const { weights, set } = shippedWeights(withoutFeature(all, LEFT_OUT));
    console.log(`weights fit on every question, feedback and WordNet left out, ${set} (paste into RERANK_WEIGHTS):`);
    console.log(JSON.stringify(weights));
    FEATURES.forEach((f, i) => console.log(`  ${f}: ${weights[i]}`));
  } finally {
    await closeEngines();
  }
}
