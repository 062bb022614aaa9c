/**
 * SQL for moment search: lexical candidates from the FTS5 indexes over transcript windows,
 * slides and chapter titles (migration 5), the vectors the dense index loads, the change log
 * that keeps it in step, and the index vocabulary for typo tolerance.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.ts';
import { toFloat32 } from './float32-blob.ts';

/** What the reads need of a database: a way to prepare statements. */
export type Sql = Pick<Db, 'prepare'>;

/**
 * The database with each statement prepared once (a search runs the same few SQL texts on
 * every query, and preparing the row read costs more than running it). One per MomentSearch.
 */
export function preparedOnce(db: Sql): Sql {
  const statements = new Map<string, Statement>();
  const prepare = (source: string) => {
    let statement = statements.get(source);
    if (!statement) statements.set(source, (statement = db.prepare(source)));
    return statement;
  };
  return { prepare: prepare as Db['prepare'] };
}

export interface LexicalHit {
  /** Row id in its table (vectors, slides or chapters). */
  id: number;
  lectureId: number;
  start: number;
  end: number;
  /** bm25 negated: larger is better. */
  score: number;
}

interface Scope {
  lectureId?: number;
  limit: number;
}

/**
 * Ranks inside FTS5 first and reads the content rows of the best `limit` only (reading every
 * match's row before sorting costs a page read per match). A one-lecture search also bounds
 * the rowids to that lecture's (each lecture's rows are written together, so they are nearly
 * contiguous); the lecture check after the join keeps it exact. Several passes (see
 * toMomentFtsPasses) are merged by row, each row keeping its best score.
 */
function lexical(
  db: Sql,
  table: string,
  content: string,
  weights: string,
  match: string | readonly string[],
  scope: Scope,
): LexicalHit[] {
  const passes = typeof match === 'string' ? [match] : match;
  if (passes.length === 0) return [];
  const range =
    scope.lectureId === undefined
      ? null
      : (db
          .prepare(`SELECT min(id) AS lo, max(id) AS hi FROM ${content} WHERE lecture_id = ?`)
          .get(scope.lectureId) as { lo: number | null; hi: number | null });
  if (range && range.lo === null) return [];
  const statement = db.prepare(`
    SELECT c.id AS id, c.lecture_id AS lectureId, c.start AS start, c.end AS end, -f.rank AS score
    FROM (SELECT rowid, bm25(${table}${weights}) AS rank FROM ${table}
          WHERE ${table} MATCH ? ${range ? 'AND rowid BETWEEN ? AND ?' : ''}
          ORDER BY rank LIMIT ?) f
    JOIN ${content} c ON c.id = f.rowid
    ${range ? 'WHERE c.lecture_id = ?' : ''}
    ORDER BY f.rank`);
  const run = (pass: string) =>
    statement.all(
      ...(range ? [pass, range.lo, range.hi, scope.limit, scope.lectureId] : [pass, scope.limit]),
    ) as LexicalHit[];
  if (passes.length === 1) return run(passes[0]);
  const best = new Map<number, LexicalHit>();
  for (const pass of passes) {
    for (const hit of run(pass)) {
      const seen = best.get(hit.id);
      if (!seen || hit.score > seen.score) best.set(hit.id, hit);
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || a.id - b.id).slice(0, scope.limit);
}

/** Transcript windows (the text stored with their vectors) matching an FTS5 expression, best first. */
export const searchWindowText = (db: Sql, match: string | readonly string[], scope: Scope) =>
  lexical(db, 'windows_fts', 'vectors', '', match, scope);

/** Slides whose OCR title or text match (the title weighs double), best first. */
export const searchSlideText = (db: Sql, match: string | readonly string[], scope: Scope) =>
  lexical(db, 'slides_fts', 'slides', ', 2.0, 1.0', match, scope);

/** Chapters whose title matches, best first. */
export const searchChapterTitles = (db: Sql, match: string | readonly string[], scope: Scope) =>
  lexical(db, 'chapters_fts', 'chapters', '', match, scope);

/** Transcript cues matching, best first: the spoken text of lectures that have no windows. */
export const searchCueText = (db: Sql, match: string | readonly string[], scope: Scope) =>
  lexical(db, 'segments_fts', 'segments', '', match, scope);

/**
 * Lectures with a transcript but no transcript windows (their text embedding failed, or has
 * not run yet): their spoken text is only in the cues. One index probe per lecture.
 */
export function lecturesWithoutWindows(db: Sql): number[] {
  return (
    db
      .prepare(
        `SELECT l.id AS id FROM lectures l
         WHERE EXISTS (SELECT 1 FROM segments s WHERE s.lecture_id = l.id)
           AND NOT EXISTS (SELECT 1 FROM vectors v WHERE v.lecture_id = l.id AND v.kind = 'window')
         ORDER BY l.id`,
      )
      .all() as Array<{ id: number }>
  ).map((r) => r.id);
}

/** Newest transcript cue row (transcripts are replaced by new rows, so this moves when one changes). */
export function latestCue(db: Sql): number {
  return (db.prepare('SELECT max(id) AS id FROM segments').get() as { id: number | null }).id ?? 0;
}

/** The newest change number: a search that saw this number is up to date. */
export function latestSearchChange(db: Sql): number {
  const row = db.prepare('SELECT max(seq) AS seq FROM search_changes').get() as { seq: number | null };
  return row.seq ?? 0;
}

/** Lectures whose searchable content changed after change `since` (deleted ones included). */
export function searchChangesSince(db: Sql, since: number): Array<{ lectureId: number; seq: number }> {
  return db
    .prepare('SELECT lecture_id AS lectureId, seq FROM search_changes WHERE seq > ? ORDER BY seq')
    .all(since) as Array<{ lectureId: number; seq: number }>;
}

export interface SearchVectorRow {
  id: number;
  kind: 'window' | 'slide-text' | 'slide-image';
  start: number;
  end: number;
  model: string;
  vector: Float32Array;
}

/** Which search vectors to read: text vectors of one model, slide pictures of a text-aligned one. */
const SEARCH_VECTORS = `((v.kind IN ('window', 'slide-text') AND v.model = ?) OR (v.kind = 'slide-image' AND v.model = ?))`;

/**
 * A lecture's search vectors: transcript windows and slide text of the text model, and slide
 * pictures of the picture model (a CLIP-class one; null reads none).
 */
export function readSearchVectors(
  db: Sql,
  lectureId: number,
  textModel: string | null,
  pictureModel: string | null = null,
): SearchVectorRow[] {
  const rows = db
    .prepare(
      `SELECT id, kind, start, end, model, vector FROM vectors v
       WHERE lecture_id = ? AND ${SEARCH_VECTORS} ORDER BY kind, idx`,
    )
    .all(lectureId, textModel, pictureModel) as Array<Omit<SearchVectorRow, 'vector'> & { vector: Buffer }>;
  return rows.map((r) => ({ ...r, vector: toFloat32(r.vector) }));
}

/** Ids of the lectures that have search vectors of these models (one index probe per lecture). */
export function lecturesWithVectors(db: Sql, textModel: string | null, pictureModel: string | null = null): number[] {
  return (
    db
      .prepare(
        `SELECT l.id AS id FROM lectures l WHERE EXISTS (
           SELECT 1 FROM vectors v WHERE v.lecture_id = l.id AND ${SEARCH_VECTORS})
         ORDER BY l.id`,
      )
      .all(textModel, pictureModel) as Array<{ id: number }>
  ).map((r) => r.id);
}

/** How many documents of windows, slides and chapters use each of these (stemmed) terms. */
export function termDocuments(db: Sql, terms: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (terms.length === 0) return out;
  const statements = ['windows_vocab', 'slides_vocab', 'chapters_vocab'].map((t) =>
    db.prepare(`SELECT doc FROM ${t} WHERE term = ?`),
  );
  for (const term of terms) {
    let docs = 0;
    for (const s of statements) docs += (s.get(term) as { doc: number } | undefined)?.doc ?? 0;
    out.set(term, docs);
  }
  return out;
}

/** For each term, the transcript cues that hold it (what lectures without windows are searched in). */
export function cueDocuments(db: Sql, terms: readonly string[]): Map<string, number> {
  const statement = db.prepare('SELECT doc FROM segments_vocab WHERE term = ?');
  return new Map(terms.map((term) => [term, (statement.get(term) as { doc: number } | undefined)?.doc ?? 0]));
}

/** Every indexed term with its document count over windows, slides and chapter titles. */
export function readVocabulary(db: Sql): Array<{ term: string; docs: number }> {
  return db
    .prepare(
      `SELECT term, sum(doc) AS docs FROM (
         SELECT term, doc FROM windows_vocab UNION ALL
         SELECT term, doc FROM slides_vocab UNION ALL
         SELECT term, doc FROM chapters_vocab)
       GROUP BY term`,
    )
    .all() as Array<{ term: string; docs: number }>;
}

export interface MomentContext {
  lectureId: number;
  file: string;
  lectureTitle: string;
}

export interface TimedSpan {
  id: number;
  start: number;
  end: number;
}

export interface TimedRow extends TimedSpan {
  text: string;
}

/** What a search needs to know about the time around one candidate moment. */
export interface MomentRows {
  /** Transcript cues (sentences) overlapping the span, in time order. */
  cues: TimedRow[];
  /**
   * Transcript windows overlapping the span, in time order (one row per span: any model's).
   * Their text is read apart, for the few a result shows (readWindowTexts): a window's row
   * holds its vector, and reading every row around every candidate was most of a search.
   */
  windows: TimedSpan[];
  /** Slides overlapping the span, with their OCR title. */
  slides: Array<TimedRow & { title: string | null }>;
  /** Chapters overlapping the span (`text` is the title). */
  chapters: TimedRow[];
  /** File and title of the span's lecture (null when the lecture is gone). */
  lecture: MomentContext | null;
}

/** A row of readMomentRows's query, as an array (raw rows: no object per row to build and throw away). */
type RowOut = [
  kind: 'cue' | 'window' | 'slide' | 'chapter' | 'lecture',
  range: number,
  id: number,
  start: number,
  end: number,
  text: string,
  title: string | null,
];

/**
 * Rows longer than this (in seconds) are rare (a long cue, a meeting turn): a span's cues and
 * windows are read as the rows starting less than this before it, plus the long ones apart
 * through their partial indexes (migration 8). Must match those indexes' `end - start > 60`.
 */
const LONG_ROW_SECONDS = 60;

/**
 * The rows around each span (cues, windows, slides, chapters and the lecture) in one query,
 * however many spans; spans that overlap are read once as one range. The ranges drive the joins (CROSS JOIN keeps SQLite from scanning a whole
 * table against them), and each branch probes its table's (lecture, time) index over a range
 * bounded on both sides, so a read costs the same in a 10-hour and a 1,000-hour library.
 * Slides and chapters are few per lecture and may be long: their probe is bounded by the end only.
 * `read.windows` false leaves the windows out (a caller that shows only cues, slides and chapters).
 */
export function readMomentRows(
  db: Sql,
  spans: ReadonlyArray<{ lectureId: number; start: number; end: number }>,
  read: { windows: boolean } = { windows: true },
): MomentRows[] {
  const out: MomentRows[] = spans.map(() => ({ cues: [], windows: [], slides: [], chapters: [], lecture: null }));
  if (spans.length === 0) return out;
  const ranges = mergedRanges(spans);
  const rows = db
    .prepare(momentRowsSql(read.windows))
    .raw(true)
    .all(JSON.stringify(ranges.map((s) => [s.lectureId, s.start, s.end]))) as RowOut[];
  for (const [kind, range, id, start, end, text, title] of rows) {
    for (const i of ranges[range].spans) {
      const span = spans[i];
      const rows = out[i];
      if (kind === 'lecture') {
        rows.lecture = { lectureId: id, file: text, lectureTitle: title ?? '' };
        continue;
      }
      if (!(start < span.end && end > span.start)) continue;
      if (kind === 'cue') rows.cues.push({ id, start, end, text });
      else if (kind === 'chapter') rows.chapters.push({ id, start, end, text });
      else if (kind === 'slide') rows.slides.push({ id, start, end, text, title });
      else rows.windows.push({ id, start, end });
    }
  }
  // Sorted here rather than in SQL (a sort of every row there cost a fifth of the query): each
  // span's rows by time, and of windows with the same span the first kept.
  for (const rows of out) {
    rows.cues.sort(byTime);
    rows.chapters.sort(byTime);
    rows.slides.sort(byTime);
    rows.windows = rows.windows
      .sort(byTime)
      .filter((w, i, all) => all.findIndex((o) => o.start === w.start && o.end === w.end) === i);
  }
  return out;
}

const byTime = (a: { start: number; id: number }, b: { start: number; id: number }) => a.start - b.start || a.id - b.id;

/** readMomentRows's query, with or without the transcript windows (the second stage reads none). */
function momentRowsSql(windows: boolean): string {
  const windowBranches = `
       UNION ALL
       SELECT 'window', spans.i, v.id, v.start, v.end, NULL, NULL
         FROM spans CROSS JOIN vectors v
           ON v.lecture_id = spans.lecture AND v.kind = 'window'
             AND v.start >= spans.near AND v.start < spans.e AND v.end > spans.s
       UNION ALL
       SELECT 'window', spans.i, v.id, v.start, v.end, NULL, NULL
         FROM spans CROSS JOIN vectors v
           ON v.lecture_id = spans.lecture AND v.kind = 'window' AND v.end - v.start > ${LONG_ROW_SECONDS}
             AND v.start < spans.near AND v.end > spans.s`;
  return `WITH spans AS MATERIALIZED (
         SELECT key AS i, value ->> 0 AS lecture, value ->> 1 AS s, value ->> 2 AS e,
           value ->> 1 - ${LONG_ROW_SECONDS} AS near
         FROM json_each(?))
       SELECT 'cue' AS kind, spans.i AS span, c.id, c.start, c.end, c.text, NULL AS title
         FROM spans CROSS JOIN segments c
           ON c.lecture_id = spans.lecture AND c.start >= spans.near AND c.start < spans.e AND c.end > spans.s
       UNION ALL
       SELECT 'cue', spans.i, c.id, c.start, c.end, c.text, NULL
         FROM spans CROSS JOIN segments c
           ON c.lecture_id = spans.lecture AND c.end - c.start > ${LONG_ROW_SECONDS}
             AND c.start < spans.near AND c.end > spans.s${windows ? windowBranches : ''}
       UNION ALL
       SELECT 'slide', spans.i, sl.id, sl.start, sl.end, sl.text, sl.title
         FROM spans CROSS JOIN slides sl ON sl.lecture_id = spans.lecture AND sl.start < spans.e AND sl.end > spans.s
       UNION ALL
       SELECT 'chapter', spans.i, ch.id, ch.start, ch.end, ch.title, NULL
         FROM spans CROSS JOIN chapters ch
           ON ch.lecture_id = spans.lecture AND ch.start < spans.e AND ch.end > spans.s
       UNION ALL
       SELECT 'lecture', spans.i, l.id, 0, 0, l.path, l.title
         FROM spans CROSS JOIN lectures l ON l.id = spans.lecture`;
}

/**
 * The spans merged where they overlap or touch within a lecture (a search's candidates often
 * sit side by side), each range listing the spans it holds.
 */
function mergedRanges(
  spans: ReadonlyArray<{ lectureId: number; start: number; end: number }>,
): Array<{ lectureId: number; start: number; end: number; spans: number[] }> {
  const order = spans
    .map((_, i) => i)
    .sort((a, b) => spans[a].lectureId - spans[b].lectureId || spans[a].start - spans[b].start);
  const ranges: Array<{ lectureId: number; start: number; end: number; spans: number[] }> = [];
  for (const i of order) {
    const { lectureId, start, end } = spans[i];
    const last = ranges.at(-1);
    if (last && last.lectureId === lectureId && start <= last.end) {
      last.end = Math.max(last.end, end);
      last.spans.push(i);
    } else ranges.push({ lectureId, start, end, spans: [i] });
  }
  return ranges;
}

/** The text of these transcript windows (vector rows), by id. */
export function readWindowTexts(db: Sql, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare('SELECT v.id AS id, v.text AS text FROM json_each(?) j CROSS JOIN vectors v ON v.id = j.value')
    .all(JSON.stringify([...new Set(ids)])) as Array<{ id: number; text: string }>;
  return new Map(rows.map((r) => [r.id, r.text]));
}
