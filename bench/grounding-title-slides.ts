/**
 * A check of the questions about what a lecture's title slide says (bench/queries/
 * title-slides.json: who teaches, the date, which session, the course number), the kind issue
 * 16 names and the 135 bench questions lack, searched with the shipped weights. Those weights
 * were fit on them too (beside the 135 and QMSum), so this is an in-sample check; the held-out
 * figure, each lecture's questions ranked by weights fit without that lecture, is the "title
 * slides" line of bench/grounding-rerank.ts. Written after seeing the lectures, like the 135.
 *
 * Run: node --import tsx bench/grounding-title-slides.ts
 */
import { hitAt1, hitAtK } from '../src-main/core/grounding-metrics.ts';
import { closeEngines } from '../src-main/pipeline/engine-registry.ts';
import { openDatabase } from '../src-main/store/database.ts';
import { lectureLibrary, lectureQueries, lectureTruths, warmMomentSearch } from './grounding-data.ts';
import { sharedDir } from './shared-data.ts';

const shared = sharedDir();
if (!shared) {
  console.log('../shared is absent: no lectures to ask about');
  process.exit(0);
}
try {
  const truths = lectureTruths(shared);
  const db = openDatabase(await lectureLibrary(truths));
  const search = await warmMomentSearch(db);
  const queries = lectureQueries(db, truths, 'title-slides.json');
  const hits = { lecture: [0, 0], library: [0, 0] };
  for (const q of queries) {
    const within = await search.search(q.query, { lectureId: q.lectureId, limit: 5 });
    // Across the library a moment of another lecture is a miss wherever it starts.
    const ranked = (await search.search(q.query, { limit: 5 })).map((m) =>
      m.lectureId === q.lectureId ? m : { ...m, start: -1, end: -1 },
    );
    hits.lecture[0] += Number(hitAt1(within, q.truth));
    hits.lecture[1] += Number(hitAtK(within, q.truth, 5));
    hits.library[0] += Number(hitAt1(ranked, q.truth));
    hits.library[1] += Number(hitAtK(ranked, q.truth, 5));
    const top = within[0];
    const [first, last] = [q.truth[0].start, q.truth[0].end].map((t) => t.toFixed(1));
    console.log(
      `${hitAt1(within, q.truth) ? 'hit ' : 'miss'} ${q.set} | ${q.query} -> ${top ? top.start.toFixed(1) : '-'} s (title slide ${first}-${last} s)`,
    );
  }
  const n = queries.length;
  console.log(`within a lecture: hit@1 ${hits.lecture[0]}/${n}, hit@5 ${hits.lecture[1]}/${n}`);
  console.log(`across the library: hit@1 ${hits.library[0]}/${n}, hit@5 ${hits.library[1]}/${n}`);
  await search.close();
  db.close();
} finally {
  await closeEngines();
}
