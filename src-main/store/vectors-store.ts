import type { Db } from './database.ts';
import { toBlob, toFloat32 } from './float32-blob.ts';

/** What a stored vector embeds: a transcript window, a slide's text, or a slide's picture. */
export type VectorKind = 'window' | 'slide-text' | 'slide-image';

export interface StoredVector {
  idx: number;
  start: number;
  end: number;
  text: string;
  model: string;
  vector: Float32Array;
}

export function replaceVectors(
  db: Db,
  lectureId: number,
  kind: VectorKind,
  vectors: ReadonlyArray<Omit<StoredVector, 'idx'>>,
): void {
  db.prepare('DELETE FROM vectors WHERE lecture_id = ? AND kind = ?').run(lectureId, kind);
  const insert = db.prepare(
    'INSERT INTO vectors (lecture_id, kind, idx, start, end, text, model, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  vectors.forEach((v, i) => insert.run(lectureId, kind, i, v.start, v.end, v.text, v.model, toBlob(v.vector)));
}

export function readVectors(db: Db, lectureId: number, kind: VectorKind): StoredVector[] {
  const rows = db
    .prepare('SELECT idx, start, end, text, model, vector FROM vectors WHERE lecture_id = ? AND kind = ? ORDER BY idx')
    .all(lectureId, kind) as Array<Omit<StoredVector, 'vector'> & { vector: Buffer }>;
  return rows.map((r) => ({ ...r, vector: toFloat32(r.vector) }));
}
