import type { AsrSegment } from './asr-types.ts';

/**
 * How a long recording is cut into chunks that whisper decodes one at a time: each chunk starts
 * where the last confirmed segment of the previous one ended, so the tail of a chunk (where a
 * word may be cut in two) is decoded again, whole, at the start of the next one.
 */
export interface ChunkCommitInput {
  /** Absolute seconds: where this chunk's audio starts and ends. */
  chunkStart: number;
  chunkEnd: number;
  /** The chunk holds the end of the recording. */
  isLast: boolean;
  /** Segments ending within this many seconds of the chunk's end are decoded again next time. */
  overlap: number;
  /** Everything before this time is already committed (the end of the last kept segment). */
  committedUntil: number;
  /** This chunk's segments, in absolute seconds, in decoding order. */
  segments: AsrSegment[];
}

export interface ChunkCommit {
  /** Segments to keep, in order, inside [committedUntil, chunkEnd], none empty. */
  commit: AsrSegment[];
  /** Where the next chunk starts (ignored when isLast). */
  nextStart: number;
}

/** Smallest step a chunk moves forward, so that decoding always progresses. */
const MIN_ADVANCE = 1;

export function commitChunk(input: ChunkCommitInput): ChunkCommit {
  const { chunkStart, chunkEnd, isLast, overlap, committedUntil } = input;
  const segments: AsrSegment[] = [];
  for (const segment of input.segments) {
    const text = segment.text.trim();
    if (!text) continue;
    const start = Math.max(segment.start, chunkStart);
    const end = Math.min(segment.end, chunkEnd);
    if (start >= chunkEnd) continue;
    // Already covered by committed text (a repeat of the previous chunk's tail): drop.
    const duration = Math.max(end - start, 1e-6);
    const before = Math.max(0, Math.min(end, committedUntil) - start);
    if (end <= committedUntil || before / duration > 0.5) continue;
    const previous = segments[segments.length - 1];
    const clampedStart = Math.max(start, committedUntil, previous ? previous.start : -Infinity);
    const clampedEnd = Math.max(end, clampedStart);
    const words = segment.words?.map((word) => {
      const wordStart = Math.min(Math.max(word.start, clampedStart), clampedEnd);
      return { ...word, start: wordStart, end: Math.min(Math.max(word.end, wordStart), clampedEnd) };
    });
    segments.push({ ...segment, text, start: clampedStart, end: clampedEnd, ...(words ? { words } : {}) });
  }
  if (isLast) return { commit: segments, nextStart: chunkEnd };

  const cut = chunkEnd - overlap;
  const settled = segments.filter((segment) => segment.end <= cut);
  let commit: AsrSegment[];
  let nextStart: number;
  if (settled.length > 0) {
    commit = settled;
    nextStart = settled[settled.length - 1].end;
  } else if (segments.length > 0 && segments[0].start >= chunkStart + MIN_ADVANCE) {
    // Nothing finished before the cut but speech starts later: start the next chunk there.
    commit = [];
    nextStart = segments[0].start;
  } else if (segments.length > 0) {
    // One segment longer than the chunk minus the overlap (only with short chunks): keep it.
    commit = [segments[0]];
    nextStart = segments[0].end;
  } else {
    commit = [];
    nextStart = cut;
  }
  return { commit, nextStart: Math.max(nextStart, chunkStart + MIN_ADVANCE) };
}
