import type { StageName } from './domain-types.ts';

// Time left for indexing, from how long each stage took per second of media on this machine so far.

/** One finished stage run: how long it took for how many seconds of media. */
export interface StageTiming {
  stage: StageName;
  seconds: number;
  mediaSeconds: number;
}

/** Seconds of work per second of media, by stage. */
export type StageRates = Partial<Record<StageName, number>>;

/**
 * Rough rates to start from before anything was measured on this machine (2-core figures from
 * ENVIRONMENT.md: whisper tiny-class at ~4x real time, keyframes, OCR of a slide every ~30 s).
 * Replaced stage by stage as soon as a stage has been timed once.
 */
export const STARTING_RATES: Readonly<Record<StageName, number>> = {
  probe: 0.001,
  audio: 0.002,
  transcript: 0.25,
  frames: 0.01,
  ocr: 0.02,
  embed: 0.01,
  segment: 0.002,
  deck: 0.001,
};

/** Below this share of a stage, its own progress says too little to extrapolate from. */
const MIN_FRACTION_TO_EXTRAPOLATE = 0.1;

/**
 * How much an older run of a stage counts next to the one after it. The first lecture of a
 * session pays for starting the engines (OCR workers, models), so later runs are the better
 * guide: each run counts half as much as the next one of the same stage.
 */
const OLDER_RUN_WEIGHT = 0.5;

/** Seconds per media second for each stage timed at least once (time over media, recent runs weighing most). */
export function stageRates(history: readonly StageTiming[]): StageRates {
  const sums = new Map<StageName, { seconds: number; media: number; weight: number }>();
  for (let i = history.length - 1; i >= 0; i--) {
    const timing = history[i];
    if (!(timing.mediaSeconds > 0) || !(timing.seconds >= 0)) continue;
    const sum = sums.get(timing.stage) ?? { seconds: 0, media: 0, weight: 1 };
    sum.seconds += sum.weight * timing.seconds;
    sum.media += sum.weight * timing.mediaSeconds;
    sum.weight *= OLDER_RUN_WEIGHT;
    sums.set(timing.stage, sum);
  }
  const rates: StageRates = {};
  for (const [stage, sum] of sums) rates[stage] = sum.seconds / sum.media;
  return rates;
}

const rateOf = (rates: StageRates, stage: StageName) => rates[stage] ?? STARTING_RATES[stage];

/**
 * How the stages run: after the probe, speech recognition in its own process (one lane) beside
 * the picture's stages (the other); the stages that read both follow once both lanes are done.
 * (With a sidecar the transcript is read in a moment, so the picture lane sets the pace.)
 */
export const STAGE_LANES: { head: StageName[]; lanes: StageName[][]; tail: StageName[] } = {
  head: ['probe'],
  lanes: [['transcript'], ['audio', 'frames', 'ocr']],
  tail: ['embed', 'segment', 'deck'],
};

const atRates = (stages: readonly StageName[], rates: StageRates, media: number) =>
  stages.reduce((sum, stage) => sum + rateOf(rates, stage) * media, 0);

/** Seconds a whole lecture of `mediaSeconds` takes at these rates: the head, the slower lane, the tail. */
export function lectureSeconds(mediaSeconds: number, rates: StageRates): number {
  const { head, lanes, tail } = STAGE_LANES;
  const slowestLane = Math.max(...lanes.map((lane) => atRates(lane, rates, mediaSeconds)));
  return atRates(head, rates, mediaSeconds) + slowestLane + atRates(tail, rates, mediaSeconds);
}

/** Seconds the current stage still needs: from its own progress once far enough in, else from its rate. */
function currentStageLeft(work: StageUnderWay, rates: StageRates, media: number): number {
  const fraction = Math.min(1, Math.max(0, work.stageFraction));
  return fraction >= MIN_FRACTION_TO_EXTRAPOLATE
    ? (work.stageElapsed * (1 - fraction)) / fraction
    : Math.max(0, rateOf(rates, work.stage) * media - work.stageElapsed);
}

/** A stage running now: how far it is (0..1) and for how long. */
export interface StageUnderWay {
  stage: StageName;
  stageFraction: number;
  stageElapsed: number;
}

/**
 * Seconds left for a lecture whose stages run in lanes (STAGE_LANES), or null before its length is
 * known. `started` holds every stage that has started so far, finished or not; `underWay` the
 * ones running now. Each lane goes on from its latest started stage (a stage under way counts
 * what it still needs, the lane's later stages their rates); the lecture is done when its slower
 * lane and then the tail are. Chapters made while speech recognition runs (the provisional ones)
 * belong to the picture's lane, not to the tail.
 */
export function lectureSecondsLeftInLanes(
  mediaSeconds: number | null,
  underWay: readonly StageUnderWay[],
  started: ReadonlySet<StageName>,
  rates: StageRates,
): number | null {
  if (mediaSeconds === null || !(mediaSeconds > 0)) return null;
  const media = mediaSeconds;
  const running = new Map(underWay.map((work) => [work.stage, work]));
  const transcribing = running.has('transcript');
  const hasStarted = (stage: StageName) => started.has(stage) && !(stage === 'segment' && transcribing);
  /** What is left of a run of stages, going on from the latest one started. */
  const leftOf = (stages: readonly StageName[]): number => {
    let latest = -1;
    stages.forEach((stage, i) => {
      if (hasStarted(stage)) latest = i;
    });
    const current = latest >= 0 ? running.get(stages[latest]) : undefined;
    const now = current ? currentStageLeft(current, rates, media) : 0;
    return now + atRates(stages.slice(latest + 1), rates, media);
  };
  const { head, lanes, tail } = STAGE_LANES;
  const inTail = tail.some(hasStarted);
  const inLanes = inTail || lanes.some((lane) => lane.some(hasStarted));
  const headLeft = inLanes ? 0 : leftOf(head);
  const lanesLeft = inTail ? 0 : Math.max(...lanes.map(leftOf));
  return headLeft + lanesLeft + leftOf(tail);
}

/**
 * Seconds left for the whole queue: the lectures under way, then the waiting ones at the stage
 * rates (a waiting lecture never probed counts as long as the mean known one). `parallel`
 * lectures run at once. Null when nothing gives a length to go by.
 */
export function queueSecondsLeft(
  running: ReadonlyArray<number | null>,
  waitingMedia: ReadonlyArray<number | null>,
  rates: StageRates,
  parallel = 1,
): number | null {
  const known = waitingMedia.filter((m): m is number => m !== null && m > 0);
  const unknownWaiting = waitingMedia.length - known.length;
  if (running.some((r) => r === null) || (unknownWaiting > 0 && known.length === 0)) return null;
  const mean = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 0;
  const waitingSeconds =
    known.reduce((sum, media) => sum + lectureSeconds(media, rates), 0) + unknownWaiting * lectureSeconds(mean, rates);
  const runningSeconds = (running as number[]).reduce((a, b) => a + b, 0);
  // Lectures share the workers, but none ends before the longest one under way.
  return Math.max(0, ...(running as number[]), (runningSeconds + waitingSeconds) / Math.max(1, parallel));
}
