import type { ChapterEdit } from './domain-types.ts';
import { UserError } from './user-error.ts';

export interface ChapterSpan {
  start: number;
  end: number;
  title: string;
  edited: boolean;
}

// An edit is addressed by time rather than by chapter number, so it can be replayed on top
// of a new automatic segmentation after re-indexing. The type lives in the API contract.
export type { ChapterEdit };

/** Boundaries this close (seconds) are the same boundary when an edit is replayed. */
const BOUNDARY_TOLERANCE = 15;
const MIN_CHAPTER = 1;

function containing(chapters: ChapterSpan[], t: number): number {
  const i = chapters.findIndex((c) => t >= c.start && t < c.end);
  return i >= 0 ? i : chapters.length - 1;
}

/** Index of the chapter starting at the boundary nearest `t` (never the first chapter). */
function nearestBoundary(chapters: ChapterSpan[], t: number): number | null {
  let best: number | null = null;
  for (let i = 1; i < chapters.length; i++) {
    const d = Math.abs(chapters[i].start - t);
    if (d <= BOUNDARY_TOLERANCE && (best === null || d < Math.abs(chapters[best].start - t))) best = i;
  }
  return best;
}

/** Applies one edit; throws UserError when it cannot apply (the UI shows why). */
export function applyChapterEdit(chapters: readonly ChapterSpan[], edit: ChapterEdit): ChapterSpan[] {
  const next = chapters.map((c) => ({ ...c }));
  if (next.length === 0) throw new UserError('no-chapters', 'This lecture has no chapters yet.');
  const duration = next[next.length - 1].end;
  switch (edit.kind) {
    case 'rename': {
      const title = edit.title.replace(/\s+/g, ' ').trim();
      if (!title) throw new UserError('empty-title', 'A chapter title cannot be empty.');
      const i = containing(next, edit.at);
      next[i] = { ...next[i], title: title.slice(0, 120), edited: true };
      return next;
    }
    case 'split': {
      const i = containing(next, edit.at);
      const c = next[i];
      if (edit.at - c.start < MIN_CHAPTER || c.end - edit.at < MIN_CHAPTER) {
        throw new UserError('split-too-close', 'Split a chapter at least a second away from its edges.');
      }
      const second = {
        start: edit.at,
        end: c.end,
        title: edit.title?.trim() || `${c.title} (continued)`,
        edited: true,
      };
      next.splice(i, 1, { ...c, end: edit.at, edited: true }, second);
      return next;
    }
    case 'merge': {
      const i = nearestBoundary(next, edit.at);
      if (i === null) throw new UserError('no-boundary', 'There is no chapter boundary near that time.');
      next.splice(i - 1, 2, { ...next[i - 1], end: next[i].end, edited: true });
      return next;
    }
    case 'move': {
      const i = nearestBoundary(next, edit.from);
      if (i === null) throw new UserError('no-boundary', 'There is no chapter boundary near that time.');
      const to = Math.max(0, Math.min(duration, edit.to));
      if (to - next[i - 1].start < MIN_CHAPTER || next[i].end - to < MIN_CHAPTER) {
        throw new UserError('move-too-far', 'A boundary cannot move past the next one.');
      }
      next[i - 1] = { ...next[i - 1], end: to, edited: true };
      next[i] = { ...next[i], start: to, edited: true };
      return next;
    }
  }
}

/**
 * Replays the stored edits on top of (new) automatic chapters. An edit that no longer
 * applies (its boundary vanished) is skipped, and reported, rather than failing re-indexing.
 */
export function replayChapterEdits(
  automatic: readonly ChapterSpan[],
  edits: readonly ChapterEdit[],
): { chapters: ChapterSpan[]; skipped: ChapterEdit[] } {
  let chapters = automatic.map((c) => ({ ...c, edited: false }));
  const skipped: ChapterEdit[] = [];
  for (const edit of edits) {
    try {
      chapters = applyChapterEdit(chapters, edit);
    } catch {
      skipped.push(edit);
    }
  }
  return { chapters, skipped };
}
