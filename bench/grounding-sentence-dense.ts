/**
 * Experiment: would a dense similarity per sentence (question vs each candidate sentence, by
 * the shipped text encoder) help the reranker, beyond the per-window one it has? The search has
 * no sentence vectors (the index embeds windows), so this scores the last collection of
 * bench/grounding-rerank.ts with the feature added from the bench's cue vectors, held out the
 * same way (leave one lecture or meeting out).
 *
 * Run: node --import tsx bench/grounding-rerank.ts && node --import tsx bench/grounding-sentence-dense.ts
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FEATURES } from '../src-main/core/grounding-rerank.ts';
import { closeEngines, sharedTextEmbedder } from '../src-main/pipeline/engine-registry.ts';
import { openDatabase } from '../src-main/store/database.ts';
import { benchLibraries } from './grounding-data.ts';
import { cueVectors } from './grounding.ts';
import { LEFT_OUT, leaveOneGroupOut, scoreBySet, withoutFeature, type Collected } from './grounding-rerank.ts';
import { sharedDir } from './shared-data.ts';

const shared = sharedDir();
if (!shared) process.exit(0);
const all = JSON.parse(
  readFileSync(path.join(os.tmpdir(), `lectern-rerank-collected-${FEATURES.length}.json`), 'utf8'),
) as Collected[];
const embedder = await sharedTextEmbedder();
try {
  for (const { dir, meetings } of await benchLibraries(shared)) {
    const db = openDatabase(dir);
    const cues = await cueVectors(db, dir);
    db.close();
    const byStart = new Map(cues.map((c) => [`${c.lectureId}:${c.start.toFixed(2)}`, c.vector]));
    for (const item of all.filter((c) => (c.query.set === 'qmsum-dev') === meetings)) {
      const [q] = await embedder.embed([item.query.query]);
      const cos = item.candidates.map((c) => {
        const v = byStart.get(`${c.lectureId}:${c.start.toFixed(2)}`);
        if (!v) return null;
        let dot = 0;
        for (let k = 0; k < q.length; k++) dot += q[k] * v[k];
        return dot;
      });
      const best = Math.max(...cos.map((x) => x ?? -1));
      item.candidates.forEach((c, i) => c.features.push(cos[i] === null ? -0.3 : cos[i]! - best));
    }
  }
  const base = withoutFeature(all, LEFT_OUT);
  const without = base.map((c) => ({
    ...c,
    candidates: c.candidates.map((x) => ({ ...x, features: [...x.features.slice(0, -1), 0] })),
  }));
  for (const [label, items] of [
    ['shipped features', without],
    ['+ dense sentence', base],
  ] as const) {
    const folds = leaveOneGroupOut(items);
    for (const s of scoreBySet(items, (c) => folds.get(c.query.group)!)) {
      console.log(
        `${label} | ${s.name}: hit@1 ${s.hit1.toFixed(3)} hit@5 ${s.hit5.toFixed(3)} R@1 IoU.5 ${s.r1iou5.toFixed(3)}`,
      );
    }
  }
} finally {
  await closeEngines();
}
