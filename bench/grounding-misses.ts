/**
 * Error analysis of moment search: the lecture questions the search misses at rank 1 with the
 * reranker's weights fit without the question's lecture (as bench/grounding-rerank.ts scores
 * them), each with what the top result says and what the answer says, for reading and
 * classifying by hand. Reads the last collection of bench/grounding-rerank.ts (run it first).
 *
 * Run: node --import tsx bench/grounding-misses.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FEATURES } from '../src-main/core/grounding-rerank.ts';
import { openDatabase } from '../src-main/store/database.ts';
import { lectureLibrary, lectureTruths } from './grounding-data.ts';
import { LEFT_OUT, leaveOneGroupOut, rankWith, withoutFeature, type Collected } from './grounding-rerank.ts';
import { sharedDir } from './shared-data.ts';

const shared = sharedDir();
const cache = path.join(os.tmpdir(), `lectern-rerank-collected-${FEATURES.length}.json`);
if (!shared || !existsSync(cache)) {
  console.log('needs ../shared and a collection by bench/grounding-rerank.ts');
  process.exit(0);
}
const all = withoutFeature(JSON.parse(readFileSync(cache, 'utf8')) as Collected[], LEFT_OUT);
const folds = leaveOneGroupOut(all);
const db = openDatabase(await lectureLibrary(lectureTruths(shared)));
const said = (lectureId: number, start: number, end: number) =>
  (
    db
      .prepare('SELECT text FROM segments WHERE lecture_id = ? AND end > ? AND start < ? ORDER BY idx')
      .all(lectureId, start + 0.01, end - 0.01) as Array<{ text: string }>
  )
    .map((r) => r.text)
    .join(' ')
    .slice(0, 300);
let misses = 0;
const items = all.filter((c) => c.query.set !== 'qmsum-dev' && c.scope === (process.argv[2] ?? 'lecture'));
for (const item of items) {
  const ranked = rankWith(item, folds.get(item.query.group)!);
  const top = ranked[0];
  const inside = (p: { lectureId: number; start: number }) =>
    p.lectureId === item.query.lectureId && item.query.truth.some((t) => p.start >= t.start && p.start <= t.end);
  if (top && inside(top)) continue;
  misses++;
  const rank = ranked.findIndex(inside);
  const t = item.query.truth[0];
  console.log(`\n[${item.query.group}] ${item.query.query}`);
  console.log(`  right at rank ${rank < 0 ? 'none of 10' : rank + 1}; among candidates: ${item.right.some(Boolean)}`);
  if (top)
    console.log(
      `  top ${top.start.toFixed(1)}-${top.end.toFixed(1)}${top.lectureId !== item.query.lectureId ? ' (other lecture)' : ''}: ${said(top.lectureId, top.start, top.end)}`,
    );
  console.log(`  truth ${t.start.toFixed(1)}-${t.end.toFixed(1)}: ${said(item.query.lectureId, t.start, t.end)}`);
}
console.log(`\n${misses} misses of ${items.length}`);
db.close();
