import type { Chapter, TranscriptSegment } from '../core/domain-types.ts';
import { replayChapterEdits, type ChapterEdit } from '../core/chapter-edits.ts';
import type { Db } from './database.ts';
import { toBlob, toFloat32 } from './float32-blob.ts';

export interface StoredSlide {
  idx: number;
  start: number;
  end: number;
  keyframe: string | null;
  thumbnail: string | null;
  title: string | null;
  text: string;
}

export function replaceTranscript(
  db: Db,
  lectureId: number,
  segments: ReadonlyArray<TranscriptSegment>,
  source: string,
): void {
  db.prepare('DELETE FROM segments WHERE lecture_id = ?').run(lectureId);
  const insert = db.prepare(
    'INSERT INTO segments (lecture_id, idx, start, end, text, source) VALUES (?, ?, ?, ?, ?, ?)',
  );
  segments.forEach((s, i) => insert.run(lectureId, i, s.start, s.end, s.text, source));
}

/**
 * Adds segments after the `from` first ones (speech recognition stores its transcript in batches
 * as it goes; the FTS triggers make each batch searchable with its transaction).
 */
export function appendTranscript(
  db: Db,
  lectureId: number,
  from: number,
  segments: ReadonlyArray<TranscriptSegment>,
  source: string,
): void {
  db.prepare('DELETE FROM segments WHERE lecture_id = ? AND idx >= ?').run(lectureId, from);
  const insert = db.prepare(
    'INSERT INTO segments (lecture_id, idx, start, end, text, source) VALUES (?, ?, ?, ?, ?, ?)',
  );
  segments.forEach((s, i) => insert.run(lectureId, from + i, s.start, s.end, s.text, source));
}

export function readTranscript(db: Db, lectureId: number): TranscriptSegment[] {
  return db
    .prepare('SELECT start, end, text FROM segments WHERE lecture_id = ? ORDER BY idx')
    .all(lectureId) as TranscriptSegment[];
}

export function replaceSlides(db: Db, lectureId: number, slides: ReadonlyArray<Omit<StoredSlide, 'idx'>>): void {
  db.prepare('DELETE FROM slides WHERE lecture_id = ?').run(lectureId);
  const insert = db.prepare(
    'INSERT INTO slides (lecture_id, idx, start, end, keyframe, thumbnail, title, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  slides.forEach((s, i) => insert.run(lectureId, i, s.start, s.end, s.keyframe, s.thumbnail, s.title, s.text));
}

export function updateSlideText(db: Db, lectureId: number, idx: number, title: string | null, text: string): void {
  db.prepare('UPDATE slides SET title = ?, text = ? WHERE lecture_id = ? AND idx = ?').run(title, text, lectureId, idx);
}

export function readSlides(db: Db, lectureId: number): StoredSlide[] {
  return db
    .prepare('SELECT idx, start, end, keyframe, thumbnail, title, text FROM slides WHERE lecture_id = ? ORDER BY idx')
    .all(lectureId) as StoredSlide[];
}

/**
 * Stores a new automatic segmentation and the chapters shown to the student: the automatic
 * ones with the student's edits replayed on top.
 */
export function replaceChapters(
  db: Db,
  lectureId: number,
  automatic: ReadonlyArray<{ start: number; end: number; title: string }>,
  choice: { k: number; reason: string },
): { skippedEdits: ChapterEdit[] } {
  db.prepare(
    `INSERT INTO segmentation_runs (lecture_id, k, reason, automatic) VALUES (?, ?, ?, ?)
     ON CONFLICT(lecture_id) DO UPDATE SET k = excluded.k, reason = excluded.reason, automatic = excluded.automatic`,
  ).run(lectureId, choice.k, choice.reason, JSON.stringify(automatic));
  return rebuildChapters(db, lectureId);
}

/** The segmentation's own chapters (before the student's edits), in time order. */
export function readAutomaticChapters(db: Db, lectureId: number): Array<{ start: number; end: number; title: string }> {
  const run = db.prepare('SELECT automatic FROM segmentation_runs WHERE lecture_id = ?').get(lectureId) as
    { automatic: string } | undefined;
  return run ? (JSON.parse(run.automatic) as Array<{ start: number; end: number; title: string }>) : [];
}

/** New titles for the automatic chapters (same chapters, same order); the student's edits are replayed on top. */
export function retitleAutomaticChapters(db: Db, lectureId: number, titles: readonly string[]): void {
  const automatic = readAutomaticChapters(db, lectureId);
  if (automatic.length !== titles.length) return;
  db.prepare('UPDATE segmentation_runs SET automatic = ? WHERE lecture_id = ?').run(
    JSON.stringify(automatic.map((c, i) => ({ ...c, title: titles[i] }))),
    lectureId,
  );
  rebuildChapters(db, lectureId);
}

export function readChapterEdits(db: Db, lectureId: number): ChapterEdit[] {
  const rows = db.prepare('SELECT edit FROM chapter_edits WHERE lecture_id = ? ORDER BY id').all(lectureId) as Array<{
    edit: string;
  }>;
  return rows.map((r) => JSON.parse(r.edit) as ChapterEdit);
}

export function addChapterEdit(db: Db, lectureId: number, edit: ChapterEdit): void {
  db.prepare('INSERT INTO chapter_edits (lecture_id, edit, created_at) VALUES (?, ?, ?)').run(
    lectureId,
    JSON.stringify(edit),
    new Date().toISOString(),
  );
}

export function clearChapterEdits(db: Db, lectureId: number): void {
  db.prepare('DELETE FROM chapter_edits WHERE lecture_id = ?').run(lectureId);
}

/** Recomputes the shown chapters from the automatic ones and the stored edits. */
export function rebuildChapters(db: Db, lectureId: number): { skippedEdits: ChapterEdit[] } {
  const run = db.prepare('SELECT automatic FROM segmentation_runs WHERE lecture_id = ?').get(lectureId) as
    { automatic: string } | undefined;
  const automatic = (run ? JSON.parse(run.automatic) : []) as Array<{ start: number; end: number; title: string }>;
  const { chapters, skipped } = replayChapterEdits(
    automatic.map((c) => ({ ...c, edited: false })),
    readChapterEdits(db, lectureId),
  );
  db.prepare('DELETE FROM chapters WHERE lecture_id = ?').run(lectureId);
  const insert = db.prepare(
    'INSERT INTO chapters (lecture_id, idx, start, end, title, edited) VALUES (?, ?, ?, ?, ?, ?)',
  );
  chapters.forEach((c, i) => insert.run(lectureId, i, c.start, c.end, c.title, c.edited ? 1 : 0));
  return { skippedEdits: skipped };
}

export function readChapters(db: Db, lectureId: number): Chapter[] {
  const rows = db
    .prepare('SELECT start, end, title, edited FROM chapters WHERE lecture_id = ? ORDER BY idx')
    .all(lectureId) as Array<Omit<Chapter, 'edited'> & { edited: number }>;
  return rows.map((r) => ({ ...r, edited: r.edited === 1 }));
}

export function readSegmentationChoice(db: Db, lectureId: number): { k: number; reason: string } | undefined {
  return db.prepare('SELECT k, reason FROM segmentation_runs WHERE lecture_id = ?').get(lectureId) as
    { k: number; reason: string } | undefined;
}

const floats = (buffer: Buffer | null) => (buffer ? toFloat32(buffer) : null);

export interface LectureSignals {
  loudnessStep: number | null;
  loudness: Float32Array | null;
  frameStep: number | null;
  frameChange: Float32Array | null;
}

export function writeLoudness(db: Db, lectureId: number, step: number, loudness: Float32Array): void {
  db.prepare(
    `INSERT INTO signals (lecture_id, loudness_step, loudness) VALUES (?, ?, ?)
     ON CONFLICT(lecture_id) DO UPDATE SET loudness_step = excluded.loudness_step, loudness = excluded.loudness`,
  ).run(lectureId, step, toBlob(loudness));
}

export function writeFrameChange(db: Db, lectureId: number, step: number, change: Float32Array): void {
  db.prepare(
    `INSERT INTO signals (lecture_id, frame_step, frame_change) VALUES (?, ?, ?)
     ON CONFLICT(lecture_id) DO UPDATE SET frame_step = excluded.frame_step, frame_change = excluded.frame_change`,
  ).run(lectureId, step, toBlob(change));
}

export function readSignals(db: Db, lectureId: number): LectureSignals {
  const row = db
    .prepare('SELECT loudness_step, loudness, frame_step, frame_change FROM signals WHERE lecture_id = ?')
    .get(lectureId) as
    | { loudness_step: number | null; loudness: Buffer | null; frame_step: number | null; frame_change: Buffer | null }
    | undefined;
  return {
    loudnessStep: row?.loudness_step ?? null,
    loudness: floats(row?.loudness ?? null),
    frameStep: row?.frame_step ?? null,
    frameChange: floats(row?.frame_change ?? null),
  };
}

/** Whether the lecture has words search can match yet: transcript segments or slide text. */
export function hasSearchableWords(db: Db, lectureId: number): boolean {
  const row = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM segments WHERE lecture_id = ?)
           OR EXISTS (SELECT 1 FROM slides WHERE lecture_id = ? AND text != '') AS found`,
    )
    .get(lectureId, lectureId) as { found: number };
  return row.found === 1;
}
