/**
 * What the reranker and the WordNet expansion cost: WordNet's load time and heap, then the
 * lecture questions searched per lecture with the first stage only, with the shipped reranker,
 * and with the reranker plus WordNet expansion, interleaved query by query in one run (so
 * machine noise falls on all three alike). Needs ../shared (skips when absent).
 *
 * Run: node --expose-gc --import tsx bench/grounding-expansion-cost.ts
 */
import { closeEngines } from '../src-main/pipeline/engine-registry.ts';
import { type MomentSearchTuning } from '../src-main/search/moment-search.ts';
import { wordnetLexicon } from '../src-main/search/wordnet-lexicon.ts';
import { openDatabase } from '../src-main/store/database.ts';
import { lectureLibrary, lectureQueries, lectureTruths, warmMomentSearch } from './grounding-data.ts';
import { sharedDir } from './shared-data.ts';

const shared = sharedDir();
if (!shared) {
  console.log('../shared is absent: skipped');
  process.exit(0);
}
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const t0 = performance.now();
await wordnetLexicon();
const loadMs = performance.now() - t0;
gc?.();
console.log(
  `WordNet load ${loadMs.toFixed(0)} ms, heap +${((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20).toFixed(0)} MiB${gc ? '' : ' (run with --expose-gc for a settled heap)'}`,
);
const truths = lectureTruths(shared);
const db = openDatabase(await lectureLibrary(truths));
try {
  const search = await warmMomentSearch(db);
  const queries = lectureQueries(db, truths);
  const variants: Array<[string, MomentSearchTuning]> = [
    ['first stage only', { rerank: false }],
    ['reranker (shipped)', {}],
    ['reranker + WordNet expansion', { expansion: true }],
  ];
  const times = variants.map(() => [] as number[]);
  for (const q of queries)
    for (const [i, [, tuning]] of variants.entries()) {
      const t = performance.now();
      await search.search(q.query, { lectureId: q.lectureId, limit: 10 }, tuning);
      times[i].push(performance.now() - t);
    }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))];
  variants.forEach(([name], i) =>
    console.log(
      `${name}: ${queries.length} queries, total ${times[i].reduce((a, b) => a + b, 0).toFixed(0)} ms, p50 ${pct(times[i], 0.5).toFixed(1)} ms, p95 ${pct(times[i], 0.95).toFixed(1)} ms`,
    ),
  );
} finally {
  db.close();
  await closeEngines();
}
