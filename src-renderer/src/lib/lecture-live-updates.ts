import type { LiveUpdate } from '../../../src-main/api/contract.ts';

/**
 * Whether a live update changes what the open lecture shows: its transcript advanced, or one
 * of its stages stored a result (slides, provisional or final chapters) or the lecture ended.
 */
export function refreshesLecture(update: LiveUpdate, lectureId: number): boolean {
  if (update.kind === 'transcript') return update.lectureId === lectureId;
  if (update.kind !== 'progress' || update.event.lectureId !== lectureId) return false;
  const { stage, done, total } = update.event;
  if (stage === 'done' || stage === 'failed' || stage === 'skipped') return true;
  // The indexer reports each stage's end as 1 of 1 once its result is stored (stages report finer progress in other units).
  return stage !== 'probe' && stage !== 'transcript' && done === 1 && total === 1;
}
