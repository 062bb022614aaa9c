import type { ProgressEvent } from '../src-main/core/domain-types.ts';

/** Seconds each stage took, read from the indexer's progress events (first `done: 0` to `done === total`). */
export function stageTimer(): { onProgress: (event: ProgressEvent) => void; seconds: Record<string, number> } {
  const startedAt = new Map<string, number>();
  const seconds: Record<string, number> = {};
  return {
    seconds,
    onProgress(event) {
      if (event.done === 0 && !startedAt.has(event.stage)) startedAt.set(event.stage, performance.now());
      if (event.done === event.total && startedAt.has(event.stage) && !(event.stage in seconds)) {
        seconds[event.stage] = (performance.now() - startedAt.get(event.stage)!) / 1000;
      }
    },
  };
}
