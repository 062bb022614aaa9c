import type { LectureReadiness, LectureStatus, PartState, StageName } from './domain-types.ts';

/** What the store knows about one lecture's indexing, as plain data. */
export interface ReadinessInput {
  status: LectureStatus;
  duration: number | null;
  /** Summaries of the stages that have stored a result (any run, current or older). */
  stages: ReadonlyMap<StageName, Record<string, unknown> | null>;
  /** Seconds covered by a transcript still being written (speech recognition under way or interrupted), else null. */
  transcriptCovered: number | null;
  /** Whether the lecture has any transcript segments or slide text stored (the words search can match). */
  hasWords: boolean;
}

const TRANSCRIPT_SOURCES = ['sidecar', 'asr', 'none'] as const;

/**
 * Which parts of a lecture can be read now. A part whose stage has stored a result is ready; one
 * that has not is being made while the lecture is indexing, and waits otherwise.
 */
export function lectureReadiness(input: ReadinessInput): LectureReadiness {
  const indexing = input.status === 'indexing';
  const state = (ready: boolean): PartState => (ready ? 'ready' : indexing ? 'working' : 'pending');
  const done = (stage: StageName) => input.stages.has(stage);

  const transcriptDone = done('transcript') && input.transcriptCovered === null;
  const summary = input.stages.get('transcript');
  const stored = TRANSCRIPT_SOURCES.find((s) => s === summary?.source) ?? null;
  const source = transcriptDone ? stored : input.transcriptCovered !== null ? 'asr' : null;
  const seconds = transcriptDone ? (input.duration ?? 0) : (input.transcriptCovered ?? 0);

  const segment = input.stages.get('segment');
  const chapters = done('segment') ? (segment?.provisional === true ? 'provisional' : 'final') : null;

  return {
    slides: state(done('frames') && done('ocr')),
    transcript: { state: state(transcriptDone), seconds: Math.round(seconds * 10) / 10, source },
    chapters: { state: state(chapters === 'final'), kind: chapters },
    search: { state: state(done('embed') && transcriptDone), words: input.hasWords },
  };
}
