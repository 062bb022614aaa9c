/**
 * Pauses in the loudness envelope: a lecturer who closes a topic often stops for a moment before
 * the next one. The score at a time is the longest quiet stretch just before it (from
 * PAUSE_LOOKBACK seconds before to PAUSE_LOOKAHEAD after), as a share of FULL_PAUSE_SECONDS.
 * Quiet = more than QUIET_BELOW_MEDIAN_DB below the recording's median level (so it adapts to
 * how loud the recording is), or under the absolute silence floor.
 */

const PAUSE_LOOKBACK = 2.5;
const PAUSE_LOOKAHEAD = 0.5;
const FULL_PAUSE_SECONDS = 1.5;
const QUIET_BELOW_MEDIAN_DB = 18;
const SILENCE_FLOOR_DB = -50;

export interface LoudnessEnvelope {
  /** Seconds per window. */
  step: number;
  /** dBFS per window. */
  levels: Float32Array;
}

/** Pause score 0..1 at each of `times`. */
export function pauseScores(envelope: LoudnessEnvelope | null, times: readonly number[]): number[] {
  if (!envelope || envelope.levels.length === 0 || !(envelope.step > 0)) return times.map(() => 0);
  const { step, levels } = envelope;
  const sorted = Float32Array.from(levels).sort();
  const median = sorted[sorted.length >> 1];
  const quietBelow = Math.max(SILENCE_FLOOR_DB, median - QUIET_BELOW_MEDIAN_DB);
  return times.map((t) => {
    const from = Math.max(0, Math.floor((t - PAUSE_LOOKBACK) / step));
    const to = Math.min(levels.length, Math.ceil((t + PAUSE_LOOKAHEAD) / step));
    let run = 0;
    let longest = 0;
    for (let w = from; w < to; w++) {
      run = levels[w] <= quietBelow ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return Math.min(1, (longest * step) / FULL_PAUSE_SECONDS);
  });
}
