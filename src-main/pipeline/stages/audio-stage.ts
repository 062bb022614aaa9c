import { measureLoudness } from '../../media/loudness.ts';
import { writeLoudness } from '../../store/lecture-content-store.ts';
import type { Stage } from '../stage.ts';
import { formatClock } from '../../core/timestamp.ts';
import { UserError } from '../../core/user-error.ts';

const WINDOW_SECONDS = 0.5;

/** Decodes the audio track as a stream and keeps its loudness envelope (pauses help place boundaries). */
export const audioStage: Stage<{ loudness: Float32Array | null }> = {
  name: 'audio',
  version: 1,
  dependsOn: [],
  settingsKey: () => `window=${WINDOW_SECONDS}`,
  async compute(ctx) {
    if (!ctx.media.hasAudio) return { loudness: null };
    const loudness = await measureLoudness(ctx.file, {
      windowSeconds: WINDOW_SECONDS,
      duration: ctx.media.duration,
      signal: ctx.signal,
      onProgress: (seconds) => ctx.progress(seconds, ctx.media.duration),
    });
    const decoded = loudness.length * WINDOW_SECONDS;
    if (decoded < ctx.media.duration * 0.9 - 2) {
      throw new UserError(
        'truncated',
        `The recording is cut short: its sound stops at ${formatClock(decoded)} of ${formatClock(ctx.media.duration)}.`,
        'The file was probably not copied or downloaded completely; copy it again.',
      );
    }
    return { loudness };
  },
  persist(ctx, result) {
    writeLoudness(ctx.db, ctx.lectureId, WINDOW_SECONDS, result.loudness ?? new Float32Array(0));
  },
  summarize(result) {
    if (!result.loudness) return { windows: 0, warnings: ['no audio track'] };
    const loud = result.loudness.filter((db) => db > -45).length;
    const warnings = loud === 0 ? ['the audio track is silent'] : [];
    return { windows: result.loudness.length, audible: loud, warnings };
  },
};
