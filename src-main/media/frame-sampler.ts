import { SlideChangeDetector, type VisualSpan } from '../core/slide-changes.ts';
import { ffmpegPath } from './ffmpeg-path.ts';
import { streamRecords } from './stream-tool.ts';

export const SIGNATURE_WIDTH = 64;
export const SIGNATURE_HEIGHT = 36;

export interface SampledVisuals {
  spans: VisualSpan[];
  frameStep: number;
  /** Per sampled frame: fraction of pixels changed against the previous frame. */
  frameChange: Float32Array;
  frames: number;
}

/**
 * Samples the video at a low rate as tiny greyscale frames streamed from ffmpeg and finds
 * stable visual spans (slides). Holds two frames at a time, whatever the length.
 */
export async function sampleVisualSpans(
  file: string,
  options: {
    duration: number;
    fps?: number;
    /** Decoder threads for ffmpeg (default: its own choice); fewer while speech recognition runs beside. */
    threads?: number;
    signal?: AbortSignal;
    onProgress?: (seconds: number) => void;
  },
): Promise<SampledVisuals> {
  const fps = options.fps ?? 1;
  const step = 1 / fps;
  const detector = new SlideChangeDetector({ step });
  const frameBytes = SIGNATURE_WIDTH * SIGNATURE_HEIGHT;
  await streamRecords(
    ffmpegPath(),
    [
      '-v',
      'error',
      '-nostdin',
      ...(options.threads ? ['-threads', String(options.threads)] : []),
      // B-frames are never decoded: at one sample per second a neighbouring frame serves as well, at about half the decoding.
      '-skip_frame',
      'bidir',
      '-i',
      file,
      '-an',
      '-sn',
      '-dn',
      '-vf',
      `fps=${fps},scale=${SIGNATURE_WIDTH}:${SIGNATURE_HEIGHT}:flags=area,format=gray`,
      '-f',
      'rawvideo',
      'pipe:1',
    ],
    frameBytes,
    (frame) => {
      if (frame.length < frameBytes) return;
      detector.push(frame);
      options.onProgress?.(Math.min(detector.framesSeen * step, options.duration));
    },
    { signal: options.signal, what: 'Reading the video frames' },
  );
  return {
    spans: detector.finish(options.duration),
    frameStep: step,
    frameChange: Float32Array.from(detector.changeSeries),
    frames: detector.framesSeen,
  };
}
