// The chapter edits the window sends, built from what the student sees. Edits are addressed by
// time (see the API contract), so each one is aimed where it stays meaningful after re-indexing.
import type { Chapter, ChapterEdit } from '../../../src-main/api/contract.ts';

/** Renames the chapter, addressed by its middle (its edges may shift a little when re-indexed). */
export function renameRequest(chapter: Chapter, title: string): ChapterEdit {
  return { kind: 'rename', at: (chapter.start + chapter.end) / 2, title };
}

/** Splits whichever chapter is playing at `t` into two at `t`. */
export function splitRequest(t: number): ChapterEdit {
  return { kind: 'split', at: t };
}

/** Merges chapter `i` with the one after it (null for the last chapter). */
export function mergeRequest(chapters: readonly Chapter[], i: number): ChapterEdit | null {
  const next = chapters[i + 1];
  return next ? { kind: 'merge', at: next.start } : null;
}

/** Moves the boundary where chapter `i` starts to `to` seconds, kept between the previous start and its own end. */
export function moveToRequest(chapters: readonly Chapter[], i: number, to: number): ChapterEdit | null {
  if (i <= 0 || i >= chapters.length || !Number.isFinite(to)) return null;
  const from = chapters[i].start;
  const target = Math.min(chapters[i].end, Math.max(chapters[i - 1].start, to));
  return target === from ? null : { kind: 'move', from, to: target };
}

/** Moves the boundary where chapter `i` starts by `delta` seconds (null for the first chapter or no move). */
export function moveRequest(chapters: readonly Chapter[], i: number, delta: number): ChapterEdit | null {
  if (i <= 0 || i >= chapters.length || delta === 0) return null;
  return moveToRequest(chapters, i, chapters[i].start + delta);
}
