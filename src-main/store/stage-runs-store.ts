import type { StageName } from '../core/domain-types.ts';
import type { Db } from './database.ts';

/**
 * A stage's result is valid while its key (content hash + stage version + settings hash)
 * matches. Stages write their results and their run row in one transaction, so after a
 * crash a stage either has both or neither.
 */
export function stageKeyOf(db: Db, lectureId: number, stage: StageName): string | undefined {
  const row = db
    .prepare('SELECT stage_key FROM stage_runs WHERE lecture_id = ? AND stage = ?')
    .get(lectureId, stage) as { stage_key: string } | undefined;
  return row?.stage_key;
}

export function recordStageRun(db: Db, lectureId: number, stage: StageName, stageKey: string, summary: unknown): void {
  db.prepare(
    `INSERT INTO stage_runs (lecture_id, stage, stage_key, summary, finished_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(lecture_id, stage) DO UPDATE SET stage_key = excluded.stage_key, summary = excluded.summary,
       finished_at = excluded.finished_at`,
  ).run(lectureId, stage, stageKey, JSON.stringify(summary ?? null), new Date().toISOString());
}

export function stageSummary<T>(db: Db, lectureId: number, stage: StageName): T | undefined {
  const row = db.prepare('SELECT summary FROM stage_runs WHERE lecture_id = ? AND stage = ?').get(lectureId, stage) as
    { summary: string | null } | undefined;
  return row?.summary ? (JSON.parse(row.summary) as T) : undefined;
}

export function forgetStageRuns(db: Db, lectureId: number, stages: readonly StageName[]): void {
  const del = db.prepare('DELETE FROM stage_runs WHERE lecture_id = ? AND stage = ?');
  for (const stage of stages) del.run(lectureId, stage);
}

/** Where an unfinished run of a stage got to: its key and the cursor it resumes from. */
export interface PartialStageRun {
  stageKey: string;
  cursor: unknown;
  updatedAt: string;
}

export function partialStageRun(db: Db, lectureId: number, stage: StageName): PartialStageRun | undefined {
  const row = db
    .prepare('SELECT stage_key, cursor, updated_at FROM partial_stage_runs WHERE lecture_id = ? AND stage = ?')
    .get(lectureId, stage) as { stage_key: string; cursor: string; updated_at: string } | undefined;
  return row ? { stageKey: row.stage_key, cursor: JSON.parse(row.cursor), updatedAt: row.updated_at } : undefined;
}

export function recordPartialStageRun(
  db: Db,
  lectureId: number,
  stage: StageName,
  stageKey: string,
  cursor: unknown,
): void {
  db.prepare(
    `INSERT INTO partial_stage_runs (lecture_id, stage, stage_key, cursor, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(lecture_id, stage) DO UPDATE SET stage_key = excluded.stage_key, cursor = excluded.cursor,
       updated_at = excluded.updated_at`,
  ).run(lectureId, stage, stageKey, JSON.stringify(cursor ?? null), new Date().toISOString());
}

export function forgetPartialStageRun(db: Db, lectureId: number, stage: StageName): void {
  db.prepare('DELETE FROM partial_stage_runs WHERE lecture_id = ? AND stage = ?').run(lectureId, stage);
}

/** Every stage with a stored result for the lecture, with its summary. */
export function stageRunSummaries(db: Db, lectureId: number): Map<StageName, Record<string, unknown> | null> {
  const rows = db.prepare('SELECT stage, summary FROM stage_runs WHERE lecture_id = ?').all(lectureId) as Array<{
    stage: StageName;
    summary: string | null;
  }>;
  return new Map(rows.map((r) => [r.stage, r.summary ? (JSON.parse(r.summary) as Record<string, unknown>) : null]));
}
