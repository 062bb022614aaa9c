/**
 * SQL for moment search: lexical candidates from the FTS5 indexes over transcript windows,
 * slides and chapter titles (migration 5), the vectors the dense index loads, the change log
 * that keeps it in step, and the index vocabulary for typo tolerance.
 */
import type { Db } from './database.ts';
import { toFloat32 } from './float32-blob.ts';

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
  db: Db,
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
export const searchWindowText = (db: Db, match: string | readonly string[], scope: Scope) =>
  lexical(db, 'windows_fts', 'vectors', '', match, scope);

/** Slides whose OCR title or text match (the title weighs double), best first. */
export const searchSlideText = (db: Db, match: string | readonly string[], scope: Scope) =>
  lexical(db, 'slides_fts', 'slides', ', 2.0, 1.0', match, scope);

/** Chapters whose title matches, best first. */
export const searchChapterTitles = (db: Db, match: string | readonly string[], scope: Scope) =>
  lexical(db, 'chapters_fts', 'chapters', '', match, scope);

/** Transcript cues matching, best first: the spoken text of lectures that have no windows. */
export const searchCueText = (db: Db, match: string | readonly string[], scope: Scope) =>
  lexical(db, 'segments_fts', 'segments', '', match, scope);

/**
 * Lectures with a transcript but no transcript windows (their text embedding failed, or has
 * not run yet): their spoken text is only in the cues. One index probe per lecture.
 */
export function lecturesWithoutWindows(db: Db): number[] {
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
export function latestCue(db: Db): number {
  return (db.prepare('SELECT max(id) AS id FROM segments').get() as { id: number | null }).id ?? 0;
}

/** The newest change number: a search that saw this number is up to date. */
export function latestSearchChange(db: Db): number {
  const row = db.prepare('SELECT max(seq) AS seq FROM search_changes').get() as { seq: number | null };
  return row.seq ?? 0;
}

/** Lectures whose searchable content changed after change `since` (deleted ones included). */
export function searchChangesSince(db: Db, since: number): Array<{ lectureId: number; seq: number }> {
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
  db: Db,
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
export function lecturesWithVectors(db: Db, textModel: string | null, pictureModel: string | null = null): number[] {
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
export function termDocuments(db: Db, terms: readonly string[]): Map<string, number> {
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

/** Every indexed term with its document count over windows, slides and chapter titles. */
export function readVocabulary(db: Db): Array<{ term: string; docs: number }> {
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

/** File and title of each lecture. */
export function lectureContexts(db: Db, ids: readonly number[]): Map<number, MomentContext> {
  const statement = db.prepare(
    'SELECT id AS lectureId, path AS file, title AS lectureTitle FROM lectures WHERE id = ?',
  );
  const out = new Map<number, MomentContext>();
  for (const id of new Set(ids)) {
    const row = statement.get(id) as MomentContext | undefined;
    if (row) out.set(id, row);
  }
  return out;
}

/** Text of transcript windows by vector id. */
export function windowTexts(db: Db, ids: readonly number[]): Map<number, string> {
  const statement = db.prepare('SELECT text FROM vectors WHERE id = ?');
  const out = new Map<number, string>();
  for (const id of new Set(ids)) {
    const row = statement.get(id) as { text: string } | undefined;
    if (row) out.set(id, row.text);
  }
  return out;
}

/** Slide title and text by slide id. */
export function slideTexts(db: Db, ids: readonly number[]): Map<number, { title: string | null; text: string }> {
  const statement = db.prepare('SELECT title, text FROM slides WHERE id = ?');
  const out = new Map<number, { title: string | null; text: string }>();
  for (const id of new Set(ids)) {
    const row = statement.get(id) as { title: string | null; text: string } | undefined;
    if (row) out.set(id, row);
  }
  return out;
}

/** Chapter titles by chapter id. */
export function chapterTitles(db: Db, ids: readonly number[]): Map<number, string> {
  const statement = db.prepare('SELECT title FROM chapters WHERE id = ?');
  const out = new Map<number, string>();
  for (const id of new Set(ids)) {
    const row = statement.get(id) as { title: string } | undefined;
    if (row) out.set(id, row.title);
  }
  return out;
}

/** Transcript windows of a lecture that lie in [start, end] (for the text of a widened moment). */
export function windowsWithin(
  db: Db,
  lectureId: number,
  start: number,
  end: number,
): Array<{ id: number; start: number; end: number; text: string }> {
  return db
    .prepare(
      `SELECT id, start, end, text FROM vectors
       WHERE lecture_id = ? AND kind = 'window' AND start >= ? AND end <= ? ORDER BY idx`,
    )
    .all(lectureId, start - 1e-6, end + 1e-6) as Array<{ id: number; start: number; end: number; text: string }>;
}

/** Transcript cues of a lecture that overlap [start, end], in order. */
export function cuesOverlapping(
  db: Db,
  lectureId: number,
  start: number,
  end: number,
): Array<{ start: number; end: number; text: string }> {
  return db
    .prepare('SELECT start, end, text FROM segments WHERE lecture_id = ? AND end > ? AND start < ? ORDER BY idx')
    .all(lectureId, start, end) as Array<{ start: number; end: number; text: string }>;
}

/** Spans of a lecture's transcript windows that overlap [start, end]. */
export function windowSpansOverlapping(
  db: Db,
  lectureId: number,
  start: number,
  end: number,
): Array<{ start: number; end: number }> {
  return db
    .prepare(
      `SELECT DISTINCT start, end FROM vectors WHERE lecture_id = ? AND kind = 'window' AND start < ? AND end > ?
       ORDER BY start`,
    )
    .all(lectureId, end, start) as Array<{ start: number; end: number }>;
}

/** Spans of a lecture's slides that overlap [start, end]. */
export function slideSpansOverlapping(
  db: Db,
  lectureId: number,
  start: number,
  end: number,
): Array<{ start: number; end: number }> {
  return db
    .prepare('SELECT start, end FROM slides WHERE lecture_id = ? AND start < ? AND end > ? ORDER BY start')
    .all(lectureId, end, start) as Array<{ start: number; end: number }>;
}
