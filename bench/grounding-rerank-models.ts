/**
 * Ranker capacity for moment search's second stage (issue 16): is the linear model the limit?
 * Reads the last collection of bench/grounding-rerank.ts (run it first) and compares, on the
 * same leave-one-group-out folds (each lecture, each QMSum meeting held out in turn), with every
 * hyper-parameter chosen inside the folds (nested: by cross-validation on the training groups
 * only), so every figure is held out:
 *  - the linear listwise model on the shipped features (what bench/grounding-rerank.ts fits,
 *    here without its lecture-opening step);
 *  - the same with a few feature crosses (coverage x dense, coverage x rank, ...);
 *  - the same with features relative to the question's best candidate (value / best);
 *  - the linear model plus a few small boosted trees fit on its listwise gradient (LambdaMART-
 *    like: depth 2-3, 10-30 trees, shrinkage 0.1), the trees starting from the linear scores.
 *
 * Measured 2026-12-07 (hit@1 / hit@5 held out; per lecture, across the library, QMSum):
 *   linear, L2 0.003                        0.541 / 0.748  0.504 / 0.719  0.264 / 0.583
 *   + boosted trees (count, depth nested)   0.519 / 0.756  0.496 / 0.704  0.292 / 0.597
 *   + crosses (L2 0.003)                    0.533 / 0.741  0.496 / 0.719  0.250 / 0.597
 *   + relative to the best (L2 0.003)       0.519 / 0.726  0.489 / 0.696  0.278 / 0.597
 *   fit on lectures only (no QMSum)         0.519 / 0.763  0.481 / 0.719
 *   L2 0.01 / 0.03 (for exploration only)   0.489 / 0.756, 0.489 / 0.733 per lecture
 * None beats the linear model on the lectures: with 207 questions the extra capacity fits noise
 * (one question is 0.007). Context features (issue 16: BM25 of the sentence and of a +-15 s
 * window, coverage of the window, the best of the next two sentences, the density of the
 * question's words in the slide's speech, how many first-stage moments hold the sentence) were
 * measured the same way, each added alone, and none helped either (per lecture hit@1 0.541,
 * 0.519, 0.504, 0.526, 0.533, 0.533): they are not in the search.
 *
 * Run: node --import tsx bench/grounding-rerank-models.ts [--models=fixed,linear,crosses,trees,...]
 *      [--features=N: the collection made when there were N features] [--drop=feature,...]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hitAt1, hitAtK } from '../src-main/core/grounding-metrics.ts';
import { FEATURES, pickMoments } from '../src-main/core/grounding-rerank.ts';
import { fitWeights, LEFT_OUT, withoutFeature, type Collected } from './grounding-rerank.ts';

type Feature = (typeof FEATURES)[number];
const at = (name: Feature) => FEATURES.indexOf(name);

/** Scores a question's candidates (parallel to item.candidates). */
type Scorer = (item: Collected) => number[];
/** Fits a scorer on training questions. */
type Trainer = (train: readonly Collected[]) => Scorer;

const dot = (w: readonly number[], f: readonly number[]) => f.reduce((s, x, i) => s + (w[i] ?? 0) * x, 0);

export interface Figures {
  hit1: number;
  hit5: number;
  n: number;
}

/** hit@1 and hit@5 of the moments a search returns with these scores. */
export function figures(items: readonly Collected[], scorer: Scorer): Figures {
  let hit1 = 0;
  let hit5 = 0;
  for (const item of items) {
    const ranked = pickMoments(item.candidates, scorer(item), 10).map((p) =>
      p.lectureId === item.query.lectureId ? p : { start: -1, end: -1 },
    );
    hit1 += Number(hitAt1(ranked, item.query.truth));
    hit5 += Number(hitAtK(ranked, item.query.truth, 5));
  }
  return { hit1: hit1 / Math.max(1, items.length), hit5: hit5 / Math.max(1, items.length), n: items.length };
}

// ---------------------------------------------------------------- linear, with crosses

/** Linear weights fit on these questions (the same training groups fit once: trees start from them too). */
const fitted = new Map<string, number[]>();
function linearWeights(train: readonly Collected[], l2: number): number[] {
  // Which data: the groups, and a fingerprint of the features (a dropped feature is zeroed).
  let print = 0;
  for (const c of train) for (const x of c.candidates.slice(0, 3)) x.features.forEach((f, i) => (print += f * (i + 1)));
  const key = `${l2}|${train.length}|${[...new Set(train.map((c) => c.query.group))].sort().join(',')}|${print}`;
  let w = fitted.get(key);
  if (!w) {
    w = fitWeights(train, l2);
    fitted.set(key, w);
  }
  return w;
}

export const linear =
  (l2: number): Trainer =>
  (train) => {
    const w = linearWeights(train, l2);
    return (item) => item.candidates.map((c) => dot(w, c.features));
  };

/** Feature crosses: products of two features (each a candidate's own). */
export const CROSSES: ReadonlyArray<readonly [Feature, Feature]> = [
  ['sentence coverage', 'dense window'],
  ['window coverage', 'dense window'],
  ['sentence coverage', 'rank'],
  ['window coverage', 'fused'],
  ['with next coverage', 'proximity'],
  ['answer type found', 'with next coverage'],
];

export function withCrosses(all: readonly Collected[], crosses = CROSSES): Collected[] {
  const pairs = crosses.map(([a, b]) => [at(a), at(b)] as const);
  return all.map((c) => ({
    ...c,
    candidates: c.candidates.map((x) => ({
      ...x,
      features: [...x.features, ...pairs.map(([a, b]) => x.features[a] * x.features[b])],
    })),
  }));
}

/** Features read relative to the question's other candidates: each one's value over the best (0 when the best is 0). */
export const RELATIVE: readonly Feature[] = [
  'sentence coverage',
  'with next coverage',
  'window coverage',
  'proximity',
  'slide coverage',
  'page coverage',
];

export function withRelative(all: readonly Collected[], names = RELATIVE): Collected[] {
  const idx = names.map(at);
  return all.map((c) => {
    const best = idx.map((k) => Math.max(0, ...c.candidates.map((x) => x.features[k])));
    return {
      ...c,
      candidates: c.candidates.map((x) => ({
        ...x,
        features: [...x.features, ...idx.map((k, j) => (best[j] > 0 ? x.features[k] / best[j] : 0))],
      })),
    };
  });
}

// ---------------------------------------------------------------- boosted trees on the linear scores

interface Node {
  feature: number;
  threshold: number;
  left: Node | number;
  right: Node | number;
}
type Tree = Node | number;

const evalTree = (t: Tree, f: readonly number[]): number =>
  typeof t === 'number' ? t : evalTree(f[t.feature] <= t.threshold ? t.left : t.right, f);

interface TreeOptions {
  trees: number;
  depth: number;
  shrinkage: number;
  /** Least questions' hessian mass a leaf must hold. */
  minLeaf: number;
  l2: number;
}

/** Candidate thresholds per feature: up to 16 quantiles of its values. */
function thresholds(rows: readonly (readonly number[])[], d: number): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < d; k++) {
    const values = rows.map((r) => r[k]).sort((a, b) => a - b);
    const cuts = new Set<number>();
    for (let q = 1; q < 16; q++) {
      const v = values[Math.floor((q * values.length) / 16)];
      if (v !== values[values.length - 1]) cuts.add(v);
    }
    out.push([...cuts]);
  }
  return out;
}

/** Each row's bin per feature: how many of the feature's cuts lie below its value. */
function binned(rows: readonly (readonly number[])[], cuts: number[][]): Uint8Array[] {
  return rows.map((r) =>
    Uint8Array.from(
      cuts.map((c, k) => {
        let b = 0;
        while (b < c.length && r[k] > c[b]) b++;
        return b;
      }),
    ),
  );
}

/** One regression tree on gradients g and hessians h (Newton leaves, L2-damped), split by histograms of bins. */
function growTree(
  bins: readonly Uint8Array[],
  g: Float64Array,
  h: Float64Array,
  index: number[],
  cuts: number[][],
  depth: number,
  o: TreeOptions,
): Tree {
  let G = 0;
  let H = 0;
  for (const i of index) {
    G += g[i];
    H += h[i];
  }
  const leaf = -G / (H + o.l2);
  if (depth === 0 || index.length < 4) return leaf;
  const parentGain = (G * G) / (H + o.l2);
  let best = { gain: 1e-9, feature: -1, bin: 0 };
  for (let k = 0; k < cuts.length; k++) {
    const n = cuts[k].length;
    if (n === 0) continue;
    const hg = new Float64Array(n + 1);
    const hh = new Float64Array(n + 1);
    for (const i of index) {
      hg[bins[i][k]] += g[i];
      hh[bins[i][k]] += h[i];
    }
    let gl = 0;
    let hl = 0;
    for (let b = 0; b < n; b++) {
      gl += hg[b];
      hl += hh[b];
      const gr = G - gl;
      const hr = H - hl;
      if (hl < o.minLeaf || hr < o.minLeaf) continue;
      const gain = (gl * gl) / (hl + o.l2) + (gr * gr) / (hr + o.l2) - parentGain;
      if (gain > best.gain) best = { gain, feature: k, bin: b };
    }
  }
  if (best.feature < 0) return leaf;
  const left = index.filter((i) => bins[i][best.feature] <= best.bin);
  const right = index.filter((i) => bins[i][best.feature] > best.bin);
  return {
    feature: best.feature,
    threshold: cuts[best.feature][best.bin],
    left: growTree(bins, g, h, left, cuts, depth - 1, o),
    right: growTree(bins, g, h, right, cuts, depth - 1, o),
  };
}

/**
 * Boosted trees on the listwise softmax loss (the linear model's), starting from a linear
 * model's scores: each tree is a Newton step on every candidate's gradient (p - p_right).
 */
export const boosted =
  (l2: number, o: TreeOptions): Trainer =>
  (train) => {
    const w = linearWeights(train, l2);
    const usable = train.filter((c) => c.right.some(Boolean) && c.right.some((r) => !r));
    const rows = usable.flatMap((c) => c.candidates.map((x) => x.features));
    const groups = usable.map((c) => c.candidates.length);
    const right = usable.flatMap((c) => c.right);
    const base = rows.map((f) => dot(w, f));
    const cuts = thresholds(rows, rows[0]?.length ?? 0);
    const bins = binned(rows, cuts);
    const score = Float64Array.from(base);
    const trees: Tree[] = [];
    const all = rows.map((_, i) => i);
    for (let t = 0; t < o.trees; t++) {
      const g = new Float64Array(rows.length);
      const h = new Float64Array(rows.length);
      let offset = 0;
      for (const n of groups) {
        let top = -Infinity;
        for (let i = offset; i < offset + n; i++) top = Math.max(top, score[i]);
        let sum = 0;
        let good = 0;
        const e = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          e[i] = Math.exp(score[offset + i] - top);
          sum += e[i];
          if (right[offset + i]) good += e[i];
        }
        for (let i = 0; i < n; i++) {
          const p = e[i] / sum;
          const q = right[offset + i] ? e[i] / good : 0;
          g[offset + i] = (p - q) / usable.length;
          h[offset + i] = Math.max(1e-6, p * (1 - p)) / usable.length;
        }
        offset += n;
      }
      const tree = growTree(bins, g, h, all, cuts, o.depth, {
        ...o,
        minLeaf: o.minLeaf / usable.length,
        l2: o.l2 / usable.length,
      });
      trees.push(tree);
      for (let i = 0; i < rows.length; i++) score[i] += o.shrinkage * evalTree(tree, rows[i]);
    }
    return (item) =>
      item.candidates.map(
        (c) => dot(w, c.features) + o.shrinkage * trees.reduce<number>((s, t) => s + evalTree(t, c.features), 0),
      );
  };

// ---------------------------------------------------------------- folds

const isMeeting = (c: Collected) => c.query.set === 'qmsum-dev';

/** Held-out scorer for each group: `trainer` fit on every other group. */
function outerFolds(all: readonly Collected[], trainer: Trainer): Map<string, Scorer> {
  const groups = [...new Set(all.map((c) => c.query.group))];
  return new Map(groups.map((g) => [g, trainer(all.filter((c) => c.query.group !== g))]));
}

/**
 * For each held-out group, the config whose inner cross-validation (on the other groups: each
 * lecture alone, the meetings pooled in two) gave the most hit@1 + hit@5 / 2, fit on them all.
 */
function nestedFolds<C>(
  all: readonly Collected[],
  configs: readonly C[],
  trainer: (c: C) => Trainer,
): Map<string, { config: C; scorer: Scorer }> {
  const groups = [...new Set(all.map((c) => c.query.group))];
  const out = new Map<string, { config: C; scorer: Scorer }>();
  for (const g of groups) {
    const train = all.filter((c) => c.query.group !== g);
    const meetings = [...new Set(train.filter(isMeeting).map((c) => c.query.group))];
    const foldOf = (c: Collected) => (isMeeting(c) ? `meetings ${meetings.indexOf(c.query.group) % 2}` : c.query.group);
    const folds = [...new Set(train.map(foldOf))];
    let best = { config: configs[0], value: -1 };
    for (const config of configs) {
      let value = 0;
      for (const f of folds) {
        const scorer = trainer(config)(train.filter((c) => foldOf(c) !== f));
        const held = train.filter((c) => foldOf(c) === f);
        const r = figures(held, scorer);
        value += (r.hit1 + r.hit5 / 2) * r.n;
      }
      if (value > best.value) best = { config, value };
    }
    out.set(g, { config: best.config, scorer: trainer(best.config)(train) });
  }
  return out;
}

function report(label: string, all: readonly Collected[], scorerOf: (c: Collected) => Scorer): void {
  for (const [name, subset] of [
    ['per lecture', all.filter((c) => !isMeeting(c) && c.scope === 'lecture')],
    ['library', all.filter((c) => !isMeeting(c) && c.scope === 'library')],
    ['qmsum', all.filter(isMeeting)],
  ] as const) {
    let hit1 = 0;
    let hit5 = 0;
    for (const item of subset) {
      const r = figures([item], scorerOf(item));
      hit1 += r.hit1;
      hit5 += r.hit5;
    }
    console.log(
      `${label} | ${name}: held out hit@1 ${(hit1 / subset.length).toFixed(3)} hit@5 ${(hit5 / subset.length).toFixed(3)}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // --features=N: an earlier collection, made when there were N features.
  const width = process.argv.find((a) => a.startsWith('--features='))?.slice(11) ?? FEATURES.length;
  const file = path.join(os.tmpdir(), `lectern-rerank-collected-${width}.json`);
  const drop = (process.argv
    .find((a) => a.startsWith('--drop='))
    ?.slice(7)
    .split(',') ?? []) as Feature[];
  const all = withoutFeature(JSON.parse(readFileSync(file, 'utf8')) as Collected[], [...LEFT_OUT, ...drop]);
  const models = process.argv
    .find((a) => a.startsWith('--models='))
    ?.slice(9)
    .split(',') ?? ['linear', 'crosses', 'trees'];
  const started = Date.now();
  if (models.includes('fixed')) {
    const folds = outerFolds(all, linear(0.003));
    report('linear L2 0.003', all, (c) => folds.get(c.query.group)!);
  }
  if (models.includes('linear')) {
    const folds = outerFolds(all, linear(0.003));
    report('linear L2 0.003', all, (c) => folds.get(c.query.group)!);
    const nested = nestedFolds(all, [0.001, 0.003, 0.01, 0.03], linear);
    console.log(`  L2 chosen: ${[...nested].map(([g, f]) => `${g} ${f.config}`).join(', ')}`);
    report('linear, L2 nested', all, (c) => nested.get(c.query.group)!.scorer);
  }
  if (models.includes('l2grid')) {
    // Exploration only (picking the best of these would tune on the held-out folds): see nested for figures.
    for (const l2 of [0.01, 0.03, 0.1]) {
      const folds = outerFolds(all, linear(l2));
      report(`linear L2 ${l2}`, all, (c) => folds.get(c.query.group)!);
    }
  }
  if (models.includes('lectures-only')) {
    // Lecture questions held out, fit on the other lectures' questions only (no QMSum).
    const lectures = all.filter((c) => !isMeeting(c));
    const folds = outerFolds(lectures, linear(0.003));
    report('linear fit on lectures only, L2 0.003', lectures, (c) => folds.get(c.query.group)!);
  }
  if (models.includes('relative')) {
    const items = withRelative(all);
    const folds = outerFolds(items, linear(0.003));
    report('linear + relative to the best candidate, L2 0.003', items, (c) => folds.get(c.query.group)!);
  }
  if (models.includes('crosses-fixed')) {
    const items = withCrosses(all);
    const folds = outerFolds(items, linear(0.003));
    report('linear + crosses, L2 0.003', items, (c) => folds.get(c.query.group)!);
  }
  if (models.includes('crosses')) {
    const crossed = withCrosses(all);
    const nested = nestedFolds(crossed, [0.003, 0.01, 0.03], linear);
    console.log(`  L2 chosen: ${[...nested].map(([g, f]) => `${g} ${f.config}`).join(', ')}`);
    report('linear + crosses, L2 nested', crossed, (c) => nested.get(c.query.group)!.scorer);
  }
  if (models.includes('trees')) {
    const configs: TreeOptions[] = [];
    for (const trees of [10, 30])
      for (const depth of [2, 3]) configs.push({ trees, depth, shrinkage: 0.1, minLeaf: 5, l2: 1 });
    const nested = nestedFolds(all, configs, (o) => boosted(0.003, o));
    console.log(`  chosen: ${[...nested].map(([g, f]) => `${g} ${f.config.trees}x${f.config.depth}`).join(', ')}`);
    report('linear + boosted trees, nested', all, (c) => nested.get(c.query.group)!.scorer);
  }
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
