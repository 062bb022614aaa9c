import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../core/user-error.ts';
import { ffmpegPath } from '../../media/ffmpeg-path.ts';
import type { AsrResult } from './asr-types.ts';
import { DEFAULT_FIXTURE, FIXTURE_SENTENCE, buildWhisperFixture, whisperFixturePath } from './testing/ggml-fixture.ts';
import { transcribeMedia, transcribeMediaInChunks } from './transcribe-media.ts';

const ESPEAK = '/usr/bin/espeak-ng';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'lectern-asr-'));
let speech: string; // ~9 s of synthetic speech (espeak-ng) or a tone
let long: string; // 75 s
let videoOnly: string;
const model = () => whisperFixturePath();
// For the long runs: one encoder layer (the same decoding, a quarter of the encoder work) and a
// sentence per 25 s window (fewer windows to decode).
const fastModel = () => whisperFixturePath({ ...DEFAULT_FIXTURE, nLayer: 1, segmentSeconds: 25 });

function ffmpeg(args: string[]) {
  execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

beforeAll(() => {
  speech = path.join(scratch, 'speech.wav');
  if (existsSync(ESPEAK)) {
    execFileSync(ESPEAK, [
      '-w',
      speech,
      'Welcome to the lecture. Today we talk about linear algebra, eigenvalues and eigenvectors.',
    ]);
  } else {
    ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=220:duration=9', speech]);
  }
  long = path.join(scratch, 'long lecture.m4a');
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=330:duration=75', '-ac', '2', '-ar', '44100', long]);
  videoOnly = path.join(scratch, 'silent.mp4');
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=5:duration=2', '-an', videoOnly]);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function userErrorOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

/** Commands of this process's live children (Linux /proc; empty elsewhere). */
function childCommands(): string[] {
  if (!existsSync('/proc/self/stat')) return [];
  const commands: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === process.pid) commands.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // the process ended while we looked
    }
  }
  return commands;
}

function expectOrderedWithoutOverlap(result: AsrResult, duration: number) {
  let previousEnd = 0;
  for (const segment of result.segments) {
    expect(segment.start).toBeGreaterThanOrEqual(previousEnd - 1e-9);
    expect(segment.end).toBeGreaterThanOrEqual(segment.start);
    expect(segment.end).toBeLessThanOrEqual(duration + 1e-6);
    previousEnd = segment.end;
  }
}

describe('transcribeMedia with a generated whisper model', () => {
  it('decodes the known sentence with sane segment and word times', async () => {
    const progress: number[] = [];
    const result = await transcribeMedia(speech, { modelPath: model(), onProgress: (done) => progress.push(done) });
    expect(result.language).toBe('en');
    expect(result.model).toMatch(/^fixture-en-/);
    expect(result.segments).toHaveLength(1);
    const [segment] = result.segments;
    expect(segment.text).toBe(FIXTURE_SENTENCE);
    expect(segment.start).toBe(0);
    expect(segment.end).toBeGreaterThan(5);
    expect(segment.words?.map((w) => w.text).join(' ')).toBe(FIXTURE_SENTENCE);
    let previous = 0;
    for (const word of segment.words ?? []) {
      expect(word.start).toBeGreaterThanOrEqual(previous);
      expect(word.end).toBeGreaterThanOrEqual(word.start);
      expect(word.end).toBeLessThanOrEqual(segment.end);
      expect(word.p).toBeGreaterThan(0.5);
      previous = word.start;
    }
    expect(progress[0]).toBe(0);
    expect(progress[progress.length - 1]).toBeCloseTo(segment.end, 1);
  });

  it('detects the language with a multilingual model, and honours a language given', async () => {
    const multilingual = whisperFixturePath({ ...DEFAULT_FIXTURE, multilingual: true, language: 'de' });
    const detected = await transcribeMedia(speech, { modelPath: multilingual });
    expect(detected.language).toBe('de');
    expect(detected.segments.map((s) => s.text)).toEqual([FIXTURE_SENTENCE]);
    const chosen = await transcribeMedia(speech, { modelPath: multilingual, language: 'fr' });
    expect(chosen.language).toBe('fr');
  });

  it('streams a long file in chunks: ordered segments, no repeats, monotonic progress to the end', async () => {
    const progress: Array<[number, number]> = [];
    const chunked = await transcribeMediaInChunks(
      long,
      { modelPath: fastModel(), onProgress: (done, total) => progress.push([done, total]) },
      { chunkSeconds: 32, overlapSeconds: 5 },
    );
    // The model says its sentence once per 25 s window. Chunks: 0-32 keeps 0-25 (25-32 is cut
    // by the chunk's end), 25-57 keeps 25-50, 50-75 is the last.
    expect(chunked.segments.map((s) => [s.start, s.end])).toEqual([
      [0, 25],
      [25, 50],
      [50, 75],
    ]);
    expect(chunked.segments.every((s) => s.text === FIXTURE_SENTENCE)).toBe(true);
    expectOrderedWithoutOverlap(chunked, 75);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < progress.length; i++) expect(progress[i][0]).toBeGreaterThan(progress[i - 1][0]);
    expect(progress.every(([, total]) => total === 75)).toBe(true);
    expect(progress[progress.length - 1][0]).toBe(75);

    // One big chunk gives the same transcript.
    const whole = await transcribeMedia(long, { modelPath: fastModel() });
    expect(whole.segments.map((s) => [s.start, s.end, s.text])).toEqual(
      chunked.segments.map((s) => [s.start, s.end, s.text]),
    );
  });

  it('stops when aborted and says it was cancelled', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const promise = transcribeMediaInChunks(
      long,
      {
        modelPath: fastModel(),
        signal: controller.signal,
        onProgress: (done) => {
          if (done > 0) controller.abort();
        },
      },
      { chunkSeconds: 30, overlapSeconds: 5 },
    );
    const error = await userErrorOf(promise);
    expect(error.code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(60_000);
    // Neither whisper's process nor ffmpeg is left running.
    expect(childCommands().filter((command) => /whisper-child|ffmpeg/.test(command))).toEqual([]);
    const before = new AbortController();
    before.abort();
    expect((await userErrorOf(transcribeMedia(long, { modelPath: model(), signal: before.signal }))).code).toBe(
      'cancelled',
    );
  });
});

describe('transcribeMedia errors a user can fix', () => {
  it('a missing model or a file that is not a model', async () => {
    const missing = await userErrorOf(transcribeMedia(speech, { modelPath: path.join(scratch, 'ggml-none.bin') }));
    expect(missing.code).toBe('asr-model-missing');
    expect(missing.hint).toMatch(/lectern models install/);
    const notModel = path.join(scratch, 'ggml-fake.bin');
    writeFileSync(notModel, Buffer.alloc(4096, 7));
    expect((await userErrorOf(transcribeMedia(speech, { modelPath: notModel }))).code).toBe('asr-model-invalid');
  });

  it('a model whisper.cpp itself rejects (it crashes the binding) becomes a UserError, not a dead process', async () => {
    const bytes = buildWhisperFixture({ ...DEFAULT_FIXTURE, nLayer: 1 });
    const at = bytes.indexOf('decoder.ln.weight');
    bytes.write('decoder.ln.weighx', at); // same length: our checks pass, whisper.cpp refuses
    const broken = path.join(scratch, 'ggml-broken.bin');
    writeFileSync(broken, bytes);
    const error = await userErrorOf(transcribeMedia(speech, { modelPath: broken }));
    expect(error.code).toBe('asr-crashed');
    expect(error.message).toMatch(/SIGSEGV|unknown tensor|exit code/);
    // This process is still here and the engine still works.
    const again = await transcribeMedia(speech, { modelPath: model() });
    expect(again.segments[0]?.text).toBe(FIXTURE_SENTENCE);
  });

  it('unknown or unsupported languages, media without audio, and files that are not media', async () => {
    expect((await userErrorOf(transcribeMedia(speech, { modelPath: model(), language: 'xx' }))).code).toBe(
      'asr-language-unknown',
    );
    expect((await userErrorOf(transcribeMedia(speech, { modelPath: model(), language: 'de' }))).code).toBe(
      'asr-language-unsupported',
    );
    expect((await userErrorOf(transcribeMedia(videoOnly, { modelPath: model() }))).code).toBe('no-audio');
    const notMedia = path.join(scratch, 'notes.mp3');
    writeFileSync(notMedia, readFileSync(model()).subarray(0, 5000));
    expect((await userErrorOf(transcribeMedia(notMedia, { modelPath: model() }))).code).toBe('not-media');
  });
});
