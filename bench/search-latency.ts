/**
 * Moment-search speed on a synthetic library of 1,000 lecture-hours (`--hours=N` for another
 * size), built directly into a temp SQLite through the store functions (cached in the temp
 * folder between runs):
 *  - every synthetic lecture is one hour: 600 transcript windows, their transcript cues, slides
 *    (OCR title and text, text vectors) and chapters, cut from the real indexed material of the grounding
 *    bench (the 3 shared lectures and the QMSum meetings, with their real text-encoder vectors;
 *    meetings get a slide every 8 windows: the first words as title, the windows' mean vector);
 *  - perturbed per course so the library is not 100 copies of the same words: each course
 *    renames about 60 % of the content words to its own made-up words, and moves every vector
 *    by a course offset and a per-row jitter (cosine to the source ~0.85);
 *  - one lecture in 200 is left unperturbed (real text and vectors).
 * Measured: the first search (loading the dense index: time, rows, bytes, process RSS), then
 * p50/p95 per query over the grounding questions, their misspelled variants and exact terms:
 * whole library and one lecture; end to end (query embedding included, each query new), and
 * with the query vector already cached (what the search itself costs); each with the sentence
 * reranker and with the first stage only, side by side; the parts (lexical, dense, fusion and
 * second stage); the coarse pass's recall against an exhaustive scan of the same int8 codes.
 *
 * Run alone: node --import tsx bench/search-latency.ts [--hours=N]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isContentToken } from '../src-main/core/lexical-terms.ts';
import { closeEngines, sharedTextEmbedder } from '../src-main/pipeline/engine-registry.ts';
import { MomentSearch } from '../src-main/search/moment-search.ts';
import { openDatabase, type Db } from '../src-main/store/database.ts';
import {
  readTranscript,
  replaceChapters,
  replaceSlides,
  replaceTranscript,
} from '../src-main/store/lecture-content-store.ts';
import { ensureLecture, setLectureMedia, setLectureStatus } from '../src-main/store/lectures-store.ts';
import { readSearchVectors } from '../src-main/store/moment-search.ts';
import { replaceVectors } from '../src-main/store/vectors-store.ts';
import type { BenchSection } from './bench-section.ts';
import {
  lectureLibrary,
  lectureTruths,
  meetingLibrary,
  meetingTruths,
  misspell,
  seededRandom,
} from './grounding-data.ts';
import { sharedDir } from './shared-data.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Library size: `--hours=N` on the command line, else LECTERN_BENCH_HOURS, else 1,000. */
const HOURS = Number(
  process.argv.find((a) => a.startsWith('--hours='))?.slice('--hours='.length) ??
    process.env.LECTERN_BENCH_HOURS ??
    1000,
);
const WINDOWS_PER_HOUR = 600;
const GENERATOR = 'v3';

interface SourceLecture {
  duration: number;
  windows: Array<{ start: number; end: number; text: string; vector: Float32Array }>;
  cues: Array<{ start: number; end: number; text: string }>;
  slides: Array<{ start: number; end: number; title: string | null; text: string; vector: Float32Array | null }>;
  chapters: Array<{ start: number; end: number; title: string }>;
}

function readSources(db: Db): SourceLecture[] {
  const lectures = db.prepare("SELECT id, duration FROM lectures WHERE status = 'ready' ORDER BY id").all() as Array<{
    id: number;
    duration: number;
  }>;
  const { model } = db.prepare("SELECT model FROM vectors WHERE kind = 'window' LIMIT 1").get() as { model: string };
  return lectures.map(({ id, duration }) => {
    const vectors = readSearchVectors(db, id, model);
    const text = new Map(
      (
        db.prepare("SELECT id, text FROM vectors WHERE lecture_id = ? AND kind = 'window'").all(id) as Array<{
          id: number;
          text: string;
        }>
      ).map((r) => [r.id, r.text]),
    );
    const slideVectors = vectors.filter((v) => v.kind === 'slide-text');
    const slides = (
      db.prepare('SELECT start, end, title, text FROM slides WHERE lecture_id = ? ORDER BY idx').all(id) as Array<{
        start: number;
        end: number;
        title: string | null;
        text: string;
      }>
    ).map((s) => ({ ...s, vector: slideVectors.find((v) => v.start === s.start)?.vector ?? null }));
    return {
      duration,
      windows: vectors.filter((v) => v.kind === 'window').map((v) => ({ ...v, text: text.get(v.id) ?? '' })),
      cues: readTranscript(db, id),
      slides,
      chapters: db
        .prepare('SELECT start, end, title FROM chapters WHERE lecture_id = ? ORDER BY idx')
        .all(id) as SourceLecture['chapters'],
    };
  });
}

const random = seededRandom;

const hash32 = (s: string) => createHash('md5').update(s).digest().readUInt32LE(0);
const SYLLABLES = 'ka lo mi ne ru ta vo si de pa zu fe gi ho ja ly mo nu qi re'.split(' ');

/** A course's own word for `word` (about 60 % of content words), else the word itself. */
function courseWord(course: number, word: string): string {
  const lower = word.toLowerCase();
  if (!isContentToken(lower)) return word;
  const h = hash32(`${course}:${lower}`);
  if (h % 10 < 4) return word;
  let out = '';
  for (let x = h, n = 2 + (h % 3); n > 0; n--, x = Math.floor(x / 20)) out += SYLLABLES[x % 20];
  return out;
}

/** Renames a text's words for one course (a course's words are hashed once, not once per use). */
function courseWords(course: number): (text: string) => string {
  const known = new Map<string, string>();
  const word = (w: string) => {
    let out = known.get(w);
    if (out === undefined) known.set(w, (out = courseWord(course, w)));
    return out;
  };
  return (text) => text.replace(/[\p{L}\p{N}']+/gu, word);
}

function gaussian(next: () => number): number {
  return Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
}

function perturb(v: Float32Array, offset: Float32Array, next: () => number, jitter: number): Float32Array {
  const out = new Float32Array(v.length);
  let n = 0;
  for (let k = 0; k < v.length; k++) {
    out[k] = v[k] + offset[k] + jitter * gaussian(next);
    n += out[k] * out[k];
  }
  const inv = 1 / Math.sqrt(n);
  for (let k = 0; k < v.length; k++) out[k] *= inv;
  return out;
}

/** Builds (or finds in the cache) the synthetic library; returns its folder. */
async function syntheticLibrary(sourceDirs: string[], model: string): Promise<string> {
  // The source libraries' folders are named by the hashes of their own sources.
  const key = createHash('sha256').update(GENERATOR).update(String(HOURS)).update(model);
  for (const dir of sourceDirs) key.update(path.basename(dir));
  const final = path.join(os.tmpdir(), `lectern-search-library-${key.digest('hex').slice(0, 16)}`);
  if (existsSync(path.join(final, 'lectern.db'))) return final;
  const sources = sourceDirs.flatMap((dir) => {
    const db = openDatabase(dir);
    try {
      return readSources(db).filter((s) => s.windows.length > 0);
    } finally {
      db.close();
    }
  });
  const staging = mkdtempSync(path.join(os.tmpdir(), 'lectern-search-staging-'));
  const db = openDatabase(staging);
  try {
    db.pragma('synchronous = OFF');
    const dim = sources[0].windows[0].vector.length;
    let rename: ((text: string) => string) | null = null;
    for (let lecture = 0; lecture < HOURS; lecture++) {
      const course = Math.floor(lecture / 10);
      const real = lecture % 200 === 0;
      const next = random(lecture + 1);
      const courseNext = random(100_000 + course);
      const offset = Float32Array.from({ length: dim }, () => (real ? 0 : 0.02 * gaussian(courseNext)));
      const jitter = real ? 0 : 0.02;
      if (lecture % 10 === 0 || !rename) rename = courseWords(course);
      const renameForCourse = rename;
      const words = (text: string) => (real ? text : renameForCourse(text));
      const windows: Array<{ start: number; end: number; text: string; model: string; vector: Float32Array }> = [];
      const slides: Array<{
        start: number;
        end: number;
        title: string | null;
        text: string;
        vector: Float32Array | null;
      }> = [];
      const chapters: Array<{ start: number; end: number; title: string }> = [];
      const cues: Array<{ start: number; end: number; text: string }> = [];
      let t = 0;
      let piece = Math.floor(next() * sources.length);
      while (windows.length < WINDOWS_PER_HOUR) {
        const source = sources[piece++ % sources.length];
        const take = source.windows.slice(0, WINDOWS_PER_HOUR - windows.length);
        const until = take.at(-1)!.end;
        for (const w of take) {
          windows.push({
            start: t + w.start,
            end: t + w.end,
            text: words(w.text),
            model,
            vector: perturb(w.vector, offset, next, jitter),
          });
        }
        // Meetings have no slides: give them one every 8 windows, as a lecture would.
        const sourceSlides = source.slides.length
          ? source.slides
          : Array.from({ length: Math.ceil(take.length / 8) }, (_, i) => {
              const group = take.slice(i * 8, i * 8 + 8);
              const mean = new Float32Array(dim);
              for (const w of group) for (let k = 0; k < dim; k++) mean[k] += w.vector[k];
              return {
                start: group[0].start,
                end: group.at(-1)!.end,
                title: group[0].text.split(' ').slice(0, 5).join(' '),
                text: group.map((w) => w.text.split('. ')[0]).join('\n'),
                vector: perturb(mean, new Float32Array(dim), next, 0),
              };
            });
        for (const s of sourceSlides.filter((s) => s.start < until)) {
          slides.push({
            start: t + s.start,
            end: t + Math.min(s.end, until),
            title: s.title === null ? null : words(s.title),
            text: words(s.text),
            vector: s.vector ? perturb(s.vector, offset, next, jitter) : null,
          });
        }
        for (const c of source.cues.filter((c) => c.start < until)) {
          cues.push({ start: t + c.start, end: t + Math.min(c.end, until), text: words(c.text) });
        }
        for (const c of source.chapters.filter((c) => c.start < until)) {
          chapters.push({ start: t + c.start, end: t + Math.min(c.end, until), title: words(c.title) });
        }
        t += until;
      }
      // Every synthetic lecture lasts one hour.
      const stretch = 3600 / t;
      for (const list of [windows, slides, chapters, cues]) {
        for (const item of list) {
          item.start *= stretch;
          item.end *= stretch;
        }
      }
      t = 3600;
      db.transaction(() => {
        const row = ensureLecture(db, `/synthetic/course-${course}/lecture-${lecture}.mp4`, null, `Lecture ${lecture}`);
        setLectureMedia(db, row.id, { duration: t, hasVideo: true, hasAudio: true });
        replaceTranscript(db, row.id, cues, 'synthetic');
        replaceSlides(
          db,
          row.id,
          slides.map((s) => ({
            start: s.start,
            end: s.end,
            keyframe: null,
            thumbnail: null,
            title: s.title,
            text: s.text,
          })),
        );
        replaceVectors(db, row.id, 'window', windows);
        replaceVectors(
          db,
          row.id,
          'slide-text',
          slides
            .filter((s) => s.vector)
            .map((s) => ({ start: s.start, end: s.end, text: s.text, model, vector: s.vector! })),
        );
        replaceChapters(db, row.id, chapters, { k: chapters.length, reason: 'synthetic' });
        setLectureStatus(db, row.id, 'ready');
      })();
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    db.close();
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  db.close();
  renameSync(staging, final);
  return final;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};
const ms = (x: number) => Math.round(x * 100) / 100;
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

export async function run(): Promise<BenchSection[]> {
  const shared = sharedDir();
  if (!shared) return [{ name: 'search latency', rows: [], notes: ['../shared is absent: skipped'] }];
  try {
    const lectures = await lectureLibrary(lectureTruths(shared));
    const meetings = meetingTruths(shared);
    const sources = [lectures, ...(meetings.length ? [await meetingLibrary(meetings)] : [])];
    // Asked for after the libraries are built: building one may close and restart the engines.
    const embedder = await sharedTextEmbedder();
    const builtAt = performance.now();
    const dir = await syntheticLibrary(sources, embedder.id);
    const buildSeconds = (performance.now() - builtAt) / 1000;

    const file = JSON.parse(readFileSync(path.join(here, 'queries', 'lectures.json'), 'utf8')) as {
      lectures: Record<string, Array<{ q: string }>>;
    };
    const questions = [
      ...Object.values(file.lectures)
        .flat()
        .map((x) => x.q),
      ...meetings.flatMap((m) => m.queries.map((q) => q.query)),
    ];
    const next = random(42);
    const typos = questions.filter((_, i) => i % 3 === 0).map((q) => misspell(q, next));
    const exact = [
      'camera obscura',
      'telecentric lens',
      'astronomical unit',
      'nondeterministic finite automaton',
      'equinox',
      'concatenation',
      'belief net',
      'remote control',
    ];
    const queries = [...questions, ...typos, ...exact];

    const db = openDatabase(dir);
    let opened: MomentSearch | null = null;
    try {
      const stats = db.prepare('SELECT count(*) AS lectures, sum(duration) / 3600.0 AS hours FROM lectures').get() as {
        lectures: number;
        hours: number;
      };
      const rows = db
        .prepare("SELECT kind, count(*) AS n FROM vectors GROUP BY kind UNION ALL SELECT 'cue', count(*) FROM segments")
        .all() as Array<{
        kind: string;
        n: number;
      }>;
      const search = new MomentSearch(db);
      opened = search;
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let t = performance.now();
      await search.search('warm up the index', { limit: 10 });
      const firstMs = performance.now() - t;
      await search.ready();
      const loadMs = performance.now() - t;
      global.gc?.();
      const rssAfter = process.memoryUsage().rss;
      const dense = search.denseStats;
      t = performance.now();
      await search.search('eigenvalus of a matrix', { limit: 10 });
      const vocabularyMs = performance.now() - t;
      // The lexical worker (started by the first search that asks for it) answers before the rows.
      t = performance.now();
      do {
        await search.search('warm up the lexical worker', { limit: 10 }, { lexicalThread: true });
        // A turn of the event loop between tries: the worker says it is ready by a message.
        await new Promise((resolve) => setTimeout(resolve, 20));
      } while (!search.lastTimings?.lexicalOnThread && performance.now() - t < 60_000);
      const threadMs = performance.now() - t;
      // As the window and `serve` do at start: whole searches before the first question (MomentSearch.warm).
      await search.warm();

      const someLecture = (
        db.prepare('SELECT id FROM lectures ORDER BY id LIMIT 1 OFFSET ?').get(Math.floor(stats.lectures / 2)) as {
          id: number;
        }
      ).id;
      /**
       * Each query searched once per variant, the variants interleaved query by query (in an
       * order that turns, so none always meets cold caches first) so all meet the same machine
       * load; `fresh` makes every search a new query (encoder included).
       */
      const measure = async (
        label: string,
        list: string[],
        options: { lectureId?: number },
        fresh: boolean,
        withWorker = false,
      ): Promise<Array<Record<string, string | number>>> => {
        const variants = [
          { name: 'with reranker', tuning: {}, suffix: ' ?' },
          { name: 'first stage only', tuning: { rerank: false as const }, suffix: ' ??' },
          // The same search with its lexical half on the search's own thread (the default below 2 cores).
          ...(withWorker
            ? [
                {
                  name: "with reranker, lexical half on the search's thread",
                  tuning: { lexicalThread: false },
                  suffix: ' ???',
                },
              ]
            : []),
        ];
        const runs = variants.map(() => ({
          total: [] as number[],
          lexical: [] as number[],
          dense: [] as number[],
          fuse: [] as number[],
          embed: [] as number[],
          wait: [] as number[],
        }));
        for (const [i, q] of list.entries()) {
          // Each query's first search reads its rows cold and warms them for the next: the order
          // of the variants turns with each query, so none is always first.
          for (let turn = 0; turn < variants.length; turn++) {
            const v = (i + turn) % variants.length;
            const variant = variants[v];
            const query = fresh ? `${q}${variant.suffix}` : q;
            if (!fresh) await search.search(query, { ...options, limit: 10 }, variant.tuning);
            const started = performance.now();
            await search.search(query, { ...options, limit: 10 }, variant.tuning);
            runs[v].total.push(performance.now() - started);
            const timings = search.lastTimings!;
            runs[v].lexical.push(timings.lexical);
            runs[v].dense.push(timings.dense);
            runs[v].fuse.push(timings.fuse);
            runs[v].embed.push(timings.embed);
            runs[v].wait.push(timings.lexicalWait);
          }
        }
        return variants.map((variant, v) => ({
          measure: `${label}, ${variant.name}`,
          queries: list.length,
          'p50 ms': ms(percentile(runs[v].total, 0.5)),
          'p95 ms': ms(percentile(runs[v].total, 0.95)),
          'max ms': ms(Math.max(...runs[v].total)),
          'lexical p50': ms(percentile(runs[v].lexical, 0.5)),
          'dense p50': ms(percentile(runs[v].dense, 0.5)),
          'fuse+text p50': ms(percentile(runs[v].fuse, 0.5)),
          'embed wait p50': ms(percentile(runs[v].embed, 0.5)),
          'lexical wait p50': ms(percentile(runs[v].wait, 0.5)),
          // Where the tail comes from: each part's own p95 (not parts of the same slow queries).
          'p95 dense / fuse+text / embed wait / lexical wait': [
            runs[v].dense,
            runs[v].fuse,
            runs[v].embed,
            runs[v].wait,
          ]
            .map((xs) => ms(percentile(xs, 0.95)))
            .join(' / '),
          load: loadAverage(),
        }));
      };
      // The summary reads the first 'end to end' row and the first 'library, query vector cached' row.
      const table: Array<Record<string, string | number>> = [];
      table.push(...(await measure('library, end to end (new query: encoder included)', queries, {}, true, true)));
      table.push(...(await measure('library, query vector cached (search only)', queries, {}, false, true)));

      // The worker thread must not change what a search finds: every query, both ways, compared whole.
      let identical = 0;
      for (const q of queries) {
        const away = JSON.stringify(await search.search(q, { limit: 10 }, { lexicalThread: true }));
        const here = JSON.stringify(await search.search(q, { limit: 10 }, { lexicalThread: false }));
        if (away === here) identical++;
      }
      table.push(...(await measure('one lecture, query vector cached', queries, { lectureId: someLecture }, false)));

      // Coarse-pass recall against an exhaustive scan of the same int8 codes.
      const index = (
        search as unknown as {
          dense: { window: import('../src-main/core/grounding-vector-index.ts').DenseVectorIndex };
        }
      ).dense.window;
      let kept = 0;
      let asked = 0;
      for (const q of questions.slice(0, 40)) {
        const [v] = await embedder.embed([q]);
        const fast = new Set(index.search(v, { k: 50 }).map((h) => h.id));
        const exhaustive = index.search(v, { k: 10, rerank: index.size });
        kept += exhaustive.filter((h) => fast.has(h.id)).length;
        asked += exhaustive.length;
      }
      const recall = asked ? kept / asked : 0;

      const load = loadAverage();
      return [
        {
          name: `search latency: ${Math.round(stats.hours)} lecture-hours (${stats.lectures} lectures)`,
          rows: table,
          notes: [
            `library: ${rows.map((r) => `${r.n} ${r.kind}`).join(', ')}; ${WINDOWS_PER_HOUR} windows per lecture-hour; built in ${buildSeconds.toFixed(0)} s (0 when cached) at ${dir}`,
            `first search answers in ${firstMs.toFixed(0)} ms and loads the dense index in the background: all of it after ${(loadMs / 1000).toFixed(1)} s, ${dense.rows} rows, ${mb(dense.bytes)} MB (${dense.simd ? 'WebAssembly SIMD' : 'JS'} kernels); process RSS ${mb(rssBefore)} -> ${mb(rssAfter)} MB`,
            `first typo query (reads the index vocabulary): ${vocabularyMs.toFixed(0)} ms; the lexical worker thread answered ${(threadMs / 1000).toFixed(1)} s after it was started`,
            `coarse pass keeps ${(recall * 100).toFixed(1)} % of the exhaustive int8 top 10 in its top 50 (40 questions, windows)`,
            `lexical half on a worker thread (the default from 2 cores; this machine has ${os.availableParallelism()}) vs on the search's thread: ${identical} of ${queries.length} queries return identical moments (ids, spans, scores, text, why)`,
            `queries: ${questions.length} questions + ${typos.length} misspelled + ${exact.length} exact terms; p50/p95 over all; parts: lexical = the lexical half on the search's thread (word counts, typo corrections, FTS5 over 3 tables; with the worker thread, only handing it over), dense = coarse + fine scan (2 kinds), fuse+text = fusion, reading the rows around the moments, sentence narrowing and (with the reranker) the second stage; embed wait = start until the query vector is there; lexical wait = waiting for the lexical worker after the dense half; load = load averages (1 / 5 / 15 min) as the row ended`,
            `machine: ${os.cpus().length} cores, load average ${load} (shared with other work: timings are noisy)`,
          ],
        },
      ];
    } finally {
      await opened?.close();
      db.close();
    }
  } finally {
    await closeEngines();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const section of await run()) {
    console.log(`\n### ${section.name}`);
    console.table(section.rows);
    for (const note of section.notes ?? []) console.log(`  - ${note}`);
  }
}
