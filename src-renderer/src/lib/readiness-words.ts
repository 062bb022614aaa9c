import type { LectureReadiness, PartState } from '../../../src-main/api/contract.ts';
import { formatClock } from './format-time.ts';

// How a lecture's readiness reads in the window: one short line per part, and whether to show it at all.

export interface ReadinessPart {
  part: 'slides' | 'transcript' | 'chapters' | 'search';
  state: PartState;
  words: string;
}

const STATE_WORDS: Record<PartState, string> = { ready: 'ready', working: 'in progress', pending: 'waiting' };

export function readinessParts(readiness: LectureReadiness, duration: number | null): ReadinessPart[] {
  const { slides, transcript, chapters, search } = readiness;
  const covered =
    transcript.seconds > 0 && duration ? `${formatClock(transcript.seconds)} of ${formatClock(duration)}` : null;
  const transcriptWords =
    transcript.state === 'ready'
      ? transcript.source === 'none'
        ? 'none (no subtitles and no speech model)'
        : 'ready'
      : covered
        ? `${covered} so far`
        : STATE_WORDS[transcript.state];
  const chapterWords =
    chapters.kind === 'final'
      ? 'ready'
      : chapters.kind === 'provisional'
        ? 'from the slides for now'
        : STATE_WORDS[chapters.state];
  const searchWords =
    search.state === 'ready' ? 'ready' : search.words ? 'words only so far' : STATE_WORDS[search.state];
  return [
    { part: 'slides', state: slides, words: STATE_WORDS[slides] },
    { part: 'transcript', state: transcript.state, words: transcriptWords },
    { part: 'chapters', state: chapters.state, words: chapterWords },
    { part: 'search', state: search.state, words: searchWords },
  ];
}

/** Shown while anything is still being made or waiting; a finished lecture needs no list. */
export function readinessWorthShowing(readiness: LectureReadiness | undefined): boolean {
  if (!readiness) return false;
  return [readiness.slides, readiness.transcript.state, readiness.chapters.state, readiness.search.state].some(
    (state) => state !== 'ready',
  );
}
