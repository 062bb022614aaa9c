import type { Db } from './database.ts';

export interface FtsHit {
  lectureId: number;
  file: string;
  lectureTitle: string;
  start: number;
  end: number;
  text: string;
  /** bm25 negated: larger is better. */
  score: number;
}

/**
 * Full-text search over transcript segments with FTS5 bm25. `match` must already be a
 * valid FTS5 expression (see core/fts-query.ts).
 */
export function searchSegments(db: Db, match: string, options: { lectureId?: number; limit: number }): FtsHit[] {
  const scoped = options.lectureId !== undefined;
  const sql = `
    SELECT s.lecture_id AS lectureId, l.path AS file, l.title AS lectureTitle, s.start, s.end, s.text,
           -bm25(segments_fts) AS score
    FROM segments_fts JOIN segments s ON s.id = segments_fts.rowid JOIN lectures l ON l.id = s.lecture_id
    WHERE segments_fts MATCH ? ${scoped ? 'AND s.lecture_id = ?' : ''}
    ORDER BY bm25(segments_fts) LIMIT ?`;
  const args: unknown[] = scoped ? [match, options.lectureId, options.limit] : [match, options.limit];
  return db.prepare(sql).all(...args) as FtsHit[];
}
