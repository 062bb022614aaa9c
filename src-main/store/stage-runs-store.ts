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
