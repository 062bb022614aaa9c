import type { LectureStatus, ProgressEvent, StageOrder } from '../../../src-main/api/contract.ts';

// How indexing progress reads in the window: stage names in words and one overall fraction
// per lecture that only moves forward as stages pass.

// Typed by the pipeline's own order (core/domain-types.ts): a stage added or moved there fails to compile here.
const STAGE_ORDER: StageOrder = ['probe', 'audio', 'transcript', 'frames', 'ocr', 'embed', 'segment', 'deck'];

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

/** Overall progress of one lecture in 0..1 from its latest event. */
export function overallFraction(event: ProgressEvent): number {
  if (event.stage === 'done' || event.stage === 'skipped' || event.stage === 'failed') return 1;
  const index = STAGE_ORDER.indexOf(event.stage);
  if (index < 0) return 0;
  const within = event.total > 0 ? Math.min(1, Math.max(0, event.done / event.total)) : 0;
  return (index + within) / STAGE_ORDER.length;
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
