import { LoudnessMeter } from '../core/loudness-meter.ts';
import { ffmpegPath } from './ffmpeg-path.ts';
import { streamRecords } from './stream-tool.ts';

export const SPEECH_SAMPLE_RATE = 16_000;

/**
 * Decodes the audio track to 16 kHz mono PCM as a stream and measures its loudness per
 * window. Memory stays flat for any length: no audio is kept.
 */
export async function measureLoudness(
  file: string,
  options: { windowSeconds: number; duration: number; signal?: AbortSignal; onProgress?: (seconds: number) => void },
): Promise<Float32Array> {
  const meter = new LoudnessMeter(SPEECH_SAMPLE_RATE, options.windowSeconds);
  const chunkBytes = SPEECH_SAMPLE_RATE * 2 * 10; // ten seconds per record
  let seconds = 0;
  await streamRecords(
    ffmpegPath(),
    [
      '-v',
      'error',
      '-nostdin',
      '-i',
      file,
      '-vn',
      '-sn',
      '-dn',
      '-ac',
      '1',
      '-ar',
      String(SPEECH_SAMPLE_RATE),
      '-f',
      's16le',
      'pipe:1',
    ],
    chunkBytes,
    (record) => {
      meter.push(record);
      seconds += record.length / (SPEECH_SAMPLE_RATE * 2);
      options.onProgress?.(Math.min(seconds, options.duration));
    },
    { signal: options.signal, what: 'Reading the audio track' },
  );
  return meter.finish();
}
