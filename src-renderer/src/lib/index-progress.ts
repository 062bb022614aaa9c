import type { LectureStatus, ProgressEvent, StageOrder } from '../../../src-main/api/contract.ts';

// How indexing progress reads in the window: stage names in words and one overall fraction
// per lecture that only moves forward as stages pass.

// Typed by the pipeline's own order (core/domain-types.ts): a stage added or moved there fails to compile here.
const STAGE_ORDER: StageOrder = ['probe', 'audio', 'transcript', 'frames', 'ocr', 'embed', 'segment', 'deck'];
type Stage = StageOrder[number];

const STAGE_WORDS: Record<ProgressEvent['stage'], string> = {
  probe: 'Reading the file',
  audio: 'Extracting audio',
  transcript: 'Transcribing',
  frames: 'Finding slides',
  ocr: 'Reading slides',
  embed: 'Understanding content',
  segment: 'Making chapters',
  deck: 'Placing the slide deck',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
};

export function stageWords(stage: ProgressEvent['stage']): string {
  return STAGE_WORDS[stage] ?? stage;
}

/**
 * How the stages run (as core/time-left.ts models them): after the probe, speech recognition
 * beside the picture's stages, then the stages that read both. Share of the bar for each part.
 */
const HEAD: { stages: Stage[]; share: number } = { stages: ['probe'], share: 0.02 };
const LANES: { lanes: Stage[][]; share: number } = { lanes: [['transcript'], ['audio', 'frames', 'ocr']], share: 0.88 };
const TAIL: { stages: Stage[]; share: number } = { stages: ['embed', 'segment', 'deck'], share: 0.1 };

/** What the window has seen of one lecture's run: each stage's latest progress, and the bar so far. */
interface LectureRun {
  stages: Map<Stage, number>;
  shown: number;
}

const runs = new Map<string, LectureRun>();
const RUNS_KEPT = 200;

/** Progress through stages run one after another: whole stages passed plus the latest one's share. */
function throughStages(stages: readonly Stage[], seen: ReadonlyMap<Stage, number>): number {
  let latest = -1;
  stages.forEach((stage, i) => {
    if (seen.has(stage)) latest = i;
  });
  return latest < 0 ? 0 : (latest + seen.get(stages[latest])!) / stages.length;
}

/**
 * Overall progress of one lecture in 0..1. Its stages run in two lanes at once, so their events
 * interleave; the bar follows the slower lane (speech recognition, when it runs) and never moves
 * back. It keeps what it has seen of each lecture's run, from its first event to its last.
 */
export function overallFraction(event: ProgressEvent): number {
  const id = event.lectureId === null ? `file:${event.file}` : `lecture:${event.lectureId}`;
  if (event.stage === 'done' || event.stage === 'skipped' || event.stage === 'failed') {
    runs.delete(id);
    return 1;
  }
  const stage = event.stage as Stage;
  if (!STAGE_ORDER.includes(stage)) return 0;
  let run = runs.get(id);
  // A probe starting is a new run of the lecture (indexed again, or resumed after a pause).
  if (!run || (stage === 'probe' && event.done === 0)) {
    run = { stages: new Map(), shown: 0 };
    runs.set(id, run);
    if (runs.size > RUNS_KEPT) runs.delete(runs.keys().next().value!);
  }
  const within = event.total > 0 ? Math.min(1, Math.max(0, event.done / event.total)) : 0;
  const seen = run.stages;
  const laneStarted = () => LANES.lanes.flat().some((s) => seen.has(s));
  // Chapters made while the lanes run (provisional ones, from the slides) are not the tail's.
  const provisional = stage === 'segment' && laneStarted() && !seen.has('embed') && !seen.has('deck');
  if (!provisional) seen.set(stage, within);
  const inTail = TAIL.stages.some((s) => seen.has(s));
  const lanes = inTail ? 1 : Math.min(...LANES.lanes.map((lane) => throughStages(lane, seen)));
  const head = inTail || laneStarted() ? 1 : throughStages(HEAD.stages, seen);
  const value = HEAD.share * head + LANES.share * lanes + TAIL.share * throughStages(TAIL.stages, seen);
  run.shown = Math.max(run.shown, value);
  return run.shown;
}

export function statusWords(status: LectureStatus): string {
  switch (status) {
    case 'queued':
      return 'Waiting';
    case 'indexing':
      return 'Indexing';
    case 'ready':
      return 'Ready';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
    case 'missing':
      return 'File missing';
    default:
      return status;
  }
}

/**
 * What to tell the student about something the indexer passed over (a link to a folder, say):
 * the file and the reason, or null for any other event.
 */
export function skippedNotice(event: ProgressEvent): string | null {
  if (event.stage !== 'skipped' || event.lectureId !== null) return null;
  const name = event.file.split(/[\\/]/).filter(Boolean).pop() ?? event.file;
  return `Not indexed: ${name} — ${event.message ?? 'skipped'}`;
}

/** Time left, short: "<1 min", "3 min", "1 h 25 min"; '' while unknown. */
export function compactTimeLeft(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return '<1 min';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ''}`;
}

/** Time left in words: "about 3 min left", "under a minute left"; '' while unknown. */
export function timeLeftWords(seconds: number | null | undefined): string {
  const compact = compactTimeLeft(seconds);
  if (!compact) return '';
  return compact === '<1 min' ? 'under a minute left' : `about ${compact} left`;
}

/** True when an event ends a lecture's work, so lists should be read again. */
export function isFinal(event: ProgressEvent): boolean {
  return event.stage === 'done' || event.stage === 'failed' || event.stage === 'skipped';
}
