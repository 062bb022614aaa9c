import os from 'node:os';
import { UserError } from '../../core/user-error.ts';
import { probeMedia } from '../../media/probe.ts';
import type { AsrOptions, AsrResult, AsrSegment } from './asr-types.ts';
import { commitChunk } from './chunk-commit.ts';
import { PCM_SAMPLE_RATE, PcmReader } from './pcm-reader.ts';
import { tokensToWords } from './tokens-to-words.ts';
import { normaliseLanguage } from './whisper-languages.ts';
import { readWhisperModelInfo } from './whisper-model-file.ts';
import { WhisperProcess } from './whisper-process.ts';

export interface ChunkingOptions {
  /** Seconds of audio handed to whisper at a time (whisper moves through it in 30 s windows). */
  chunkSeconds: number;
  /** Segments ending this close to a chunk's end are decoded again at the start of the next. */
  overlapSeconds: number;
}

/**
 * 240 s chunks: memory stays bounded (~8 MB of samples, ~15 MB as floats, plus whisper's mel)
 * whatever the length. The price of chunking is the tail of each chunk decoded twice: whisper's
 * last, partial window and the overlap, about one 30 s window per chunk (~10 % at 240 s, ~20 %
 * at 120 s; 30 s chunks would run the encoder about twice per 25 s of progress).
 */
export const DEFAULT_CHUNKING: ChunkingOptions = { chunkSeconds: 240, overlapSeconds: 5 };

/**
 * Threads for whisper.cpp: one core is left to the rest of the pipeline. ggml's threads
 * busy-wait for each other, so oversubscribing the CPU makes it several times slower
 * (measured on 2 cores under load: 2 threads 3-9x slower than 1).
 */
export function defaultAsrThreads(): number {
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

function cancelled(): UserError {
  return new UserError('cancelled', 'Transcription was cancelled.');
}

/**
 * Transcribes a media file's audio with whisper.cpp, off the main thread (in a child process),
 * in chunks so that memory stays flat on long recordings. Segments and words carry absolute
 * times in seconds. A missing or damaged model, an unknown language, a file without audio and
 * a whisper.cpp crash are UserErrors; an abort rejects with UserError('cancelled').
 */
export function transcribeMedia(mediaPath: string, options: AsrOptions): Promise<AsrResult> {
  return transcribeMediaInChunks(mediaPath, options, DEFAULT_CHUNKING);
}

export async function transcribeMediaInChunks(
  mediaPath: string,
  options: AsrOptions,
  chunking: ChunkingOptions,
): Promise<AsrResult> {
  const { signal } = options;
  if (signal?.aborted) throw cancelled();
  if (!(chunking.chunkSeconds > chunking.overlapSeconds + 1)) throw new Error('chunk must exceed overlap + 1 s');
  const model = readWhisperModelInfo(options.modelPath);
  let language = options.resumeFrom?.language ?? normaliseLanguage(options.language);
  if (!model.multilingual) {
    if (language && language !== 'en') {
      throw new UserError(
        'asr-language-unsupported',
        `The speech model ${model.name} is English-only and cannot transcribe "${language}".`,
        'Install a multilingual model (e.g. `lectern models install base`) and choose it.',
      );
    }
    language = 'en';
  }
  const media = await probeMedia(mediaPath, signal);
  if (!media.hasAudio) throw new UserError('no-audio', `${mediaPath} has no audio to transcribe.`);
  const total = media.duration;
  const threads = Math.max(1, Math.floor(options.threads ?? defaultAsrThreads()));

  let reported = -1;
  const report = (seconds: number) => {
    const value = Math.min(total, Math.max(0, seconds));
    if (value <= reported) return;
    reported = value;
    options.onProgress?.(round(value), round(total));
  };
  report(0);

  const reader = new PcmReader(mediaPath);
  let whisper: WhisperProcess | null = null;
  const onAbort = () => {
    void whisper?.close();
    void reader.close();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const segments: AsrSegment[] = [];
  try {
    whisper = await WhisperProcess.start(model.path);
    if (signal?.aborted) throw cancelled();

    const chunkSamples = Math.round(chunking.chunkSeconds * PCM_SAMPLE_RATE);
    let held = new Int16Array(0); // samples from heldStart on
    let heldStart = 0;
    let ended = false;
    let nextStart = options.resumeFrom?.nextStart ?? 0;
    let committedUntil = options.resumeFrom?.committedUntil ?? 0;
    // Resuming: the samples before the resume point are decoded and dropped (not seeked), so the
    // chunks that follow hold exactly the samples an unbroken run would have given whisper.
    for (let skip = Math.round(nextStart * PCM_SAMPLE_RATE); skip > 0 && !ended;) {
      const { samples, done } = await reader.read(Math.min(skip, chunkSamples));
      if (signal?.aborted) throw cancelled();
      skip -= samples.length;
      heldStart += samples.length;
      ended = done;
    }
    report(nextStart);
    for (;;) {
      const startSample = Math.max(heldStart, Math.round(nextStart * PCM_SAMPLE_RATE));
      held = held.slice(Math.min(held.length, startSample - heldStart));
      heldStart = startSample;
      if (!ended && held.length < chunkSamples) {
        const { samples, done } = await reader.read(chunkSamples - held.length);
        if (signal?.aborted) throw cancelled();
        const joined = new Int16Array(held.length + samples.length);
        joined.set(held);
        joined.set(samples, held.length);
        held = joined;
        ended = done;
      }
      if (held.length === 0) break;
      const chunkStart = heldStart / PCM_SAMPLE_RATE;
      const chunkEnd = (heldStart + held.length) / PCM_SAMPLE_RATE;
      const pcm = new Float32Array(held.length);
      for (let i = 0; i < held.length; i++) pcm[i] = held[i] / 32768;

      const raw = await whisper.transcribe(pcm, language ?? 'auto', threads, (segment) =>
        report(chunkStart + Math.min(segment.end, chunkEnd - chunkStart) - chunking.overlapSeconds),
      );
      if (signal?.aborted) throw cancelled();
      if (language === null) language = raw.find((segment) => segment.language)?.language ?? null;
      const absolute: AsrSegment[] = raw.map((segment) => {
        const start = round(chunkStart + segment.start);
        const end = round(Math.max(start, Math.min(chunkStart + segment.end, chunkEnd)));
        const words = tokensToWords(segment.tokens, chunkStart, start, end);
        return { start, end, text: segment.text, ...(words && words.length ? { words } : {}) };
      });
      const { commit, nextStart: next } = commitChunk({
        chunkStart,
        chunkEnd,
        isLast: ended,
        overlap: chunking.overlapSeconds,
        committedUntil,
        segments: absolute,
      });
      segments.push(...commit);
      if (commit.length) committedUntil = commit[commit.length - 1].end;
      if (!ended) nextStart = next;
      options.onCommit?.(commit, { nextStart: ended ? total : nextStart, committedUntil, language });
      if (ended) break;
      report(nextStart);
    }
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await Promise.all([whisper?.close(), reader.close()]);
  }
  if (signal?.aborted) throw cancelled();
  report(total);
  return { language: language ?? 'und', segments, model: model.name };
}
