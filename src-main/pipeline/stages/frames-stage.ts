import path from 'node:path';
import type { VisualSpan } from '../../core/slide-changes.ts';
import { extractKeyframes } from '../../media/keyframes.ts';
import { sampleVisualSpans } from '../../media/frame-sampler.ts';
import { replaceSlides, writeFrameChange } from '../../store/lecture-content-store.ts';
import type { Stage } from '../stage.ts';
import { formatClock } from '../../core/timestamp.ts';
import { UserError } from '../../core/user-error.ts';

interface FramesResult {
  spans: VisualSpan[];
  keyframes: Array<{ image: string; thumbnail: string }>;
  frameStep: number;
  frameChange: Float32Array;
}

const SAMPLE_FPS = 1;

/** Samples frames, finds stable slide spans and keeps one keyframe (plus thumbnail) per span. */
export const framesStage: Stage<FramesResult> = {
  name: 'frames',
  version: 1,
  dependsOn: [],
  settingsKey: () => `fps=${SAMPLE_FPS}`,
  async compute(ctx) {
    if (!ctx.media.hasVideo) {
      return {
        spans: [{ start: 0, end: ctx.media.duration, keyTime: 0 }],
        keyframes: [],
        frameStep: 1 / SAMPLE_FPS,
        frameChange: new Float32Array(0),
      };
    }
    const duration = ctx.media.duration;
    // Sampling and keyframe extraction are one decode each (~3 s and ~2 s for an hour of slides).
    const sampled = await sampleVisualSpans(ctx.file, {
      duration,
      fps: SAMPLE_FPS,
      threads: ctx.threads,
      signal: ctx.signal,
      onProgress: (seconds) => ctx.progress(seconds * 0.6, duration),
    });
    const decoded = sampled.frames * sampled.frameStep;
    // A picture that stops early over sound that goes on (the audio stage checks the sound
    // reaches the end) is a still: one image over a talk. Without sound it is a cut-off file.
    if (decoded < duration * 0.9 - 2 && !ctx.media.hasAudio) {
      throw new UserError(
        'truncated',
        `The recording is cut short: its picture stops at ${formatClock(decoded)} of ${formatClock(duration)}.`,
        'The file was probably not copied or downloaded completely; copy it again.',
      );
    }
    // Keyframes are read only where the sampler saw a picture: past the last frame ffmpeg has none.
    const lastPicture = Math.max(0, sampled.frames - 1) * sampled.frameStep;
    const keyframes = await extractKeyframes(
      ctx.file,
      sampled.spans.map((s) => Math.min(s.keyTime, lastPicture)),
      path.join(ctx.workDir, 'keyframes'),
      {
        signal: ctx.signal,
        threads: ctx.threads,
        onProgress: (done, total) => ctx.progress(duration * (0.6 + (0.4 * done) / total), duration),
      },
    );
    return { spans: sampled.spans, keyframes, frameStep: sampled.frameStep, frameChange: sampled.frameChange };
  },
  persist(ctx, result) {
    replaceSlides(
      ctx.db,
      ctx.lectureId,
      result.spans.map((span, i) => ({
        start: span.start,
        end: span.end,
        keyframe: result.keyframes[i]?.image ?? null,
        thumbnail: result.keyframes[i]?.thumbnail ?? null,
        title: null,
        text: '',
      })),
    );
    writeFrameChange(ctx.db, ctx.lectureId, result.frameStep, result.frameChange);
  },
  summarize: (result) => ({ slides: result.spans.length, keyframes: result.keyframes.length }),
};
