/**
 * ASR speed: Lectern's whisper engine (transcribeMedia: ffmpeg decode, a child process running
 * smart-whisper's whisper.cpp, 240 s chunks) against whisper.cpp's own CLI built from the same
 * bundled sources with the same compiler flags, on the same model, audio and thread count.
 *
 * Model: ../shared/models/bench-tiny.bin, a stand-in with tiny.en's dimensions and synthetic
 * weights (no real whisper weights can be downloaded here): the compute per 30 s window equals
 * tiny.en's, so speed is meaningful; the words are the model's fixed text, so words/s measures
 * decoding throughput, not accuracy (WER cannot be measured here).
 * Audio: ../shared/data/speech (jfk.wav, 11 s) and a ~4.5 min concatenation of all its clips (two 240 s chunks).
 * Each configuration runs `REPS` times, the engines interleaved; the table shows medians.
 * Peak RSS is read from /proc (VmHWM) of the process doing the work (Linux only).
 *
 * Run alone: node --import tsx bench/asr.ts      (LECTERN_ASR_BENCH_REPS=n, default 2)
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultAsrThreads, transcribeMedia } from '../src-main/engines/asr/transcribe-media.ts';
import { ffmpegPath } from '../src-main/media/ffmpeg-path.ts';
import type { BenchSection } from './bench-section.ts';
import { sharedDir } from './shared-data.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPS = Math.max(1, Number(process.env.LECTERN_ASR_BENCH_REPS ?? 2));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * Peak RSS (VmHWM, MB) and CPU seconds (user + system) of the live processes whose command line
 * matches, polled every 50 ms from /proc (the last poll is at most 50 ms before they exit).
 */
function procSampler(match: (pid: number, cmdline: string) => boolean) {
  let peak = 0;
  const cpu = new Map<number, number>();
  const poll = () => {
    if (!existsSync('/proc/self/status')) return;
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
        if (!match(Number(name), cmdline)) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${name}/status`, 'utf8'));
        if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpu.set(Number(name), (Number(fields[11]) + Number(fields[12])) / 100); // clock ticks (USER_HZ 100)
      } catch {
        // gone meanwhile
      }
    }
  };
  const timer = setInterval(poll, 50);
  return {
    stop(): { rssMb: number; cpuSeconds: number } {
      poll();
      clearInterval(timer);
      if (!existsSync('/proc/self/status')) return { rssMb: NaN, cpuSeconds: NaN };
      return { rssMb: Math.round(peak), cpuSeconds: [...cpu.values()].reduce((a, b) => a + b, 0) };
    },
  };
}

function ffmpeg(args: string[]) {
  const result = spawnSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`);
}

/** 16 kHz mono WAVs (the CLI reads only those): jfk and a concatenation of every clip. */
function prepareAudio(shared: string, dir: string): Array<{ name: string; file: string; seconds: number }> {
  const speech = path.join(shared, 'data', 'speech');
  const clips = [
    path.join(speech, 'jfk', 'jfk.wav'),
    ...readdirSync(path.join(speech, 'speechbrain', 'tests', 'samples', 'ASR'))
      .filter((name) => name.endsWith('.wav'))
      .sort()
      .map((name) => path.join(speech, 'speechbrain', 'tests', 'samples', 'ASR', name)),
  ];
  const jfk = path.join(dir, 'jfk-16k.wav');
  ffmpeg(['-i', clips[0], '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', jfk]);
  const list = path.join(dir, 'concat.txt');
  const repeated = Array.from({ length: 7 }, () => clips).flat();
  writeFileSync(list, repeated.map((clip) => `file '${clip.replace(/'/g, "'\\''")}'`).join('\n'));
  const long = path.join(dir, 'speech-concat-16k.wav');
  ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', long]);
  const seconds = (file: string) => (readFileSync(file).length - 44) / 32000;
  return [
    { name: 'jfk', file: jfk, seconds: seconds(jfk) },
    { name: 'concatenation', file: long, seconds: seconds(long) },
  ];
}

/** The flags the binding was built with (scripts/build-whisper.mjs records them). */
function bindingFlags(whisperDir: string): string {
  const stamp = path.join(whisperDir, '..', 'build', 'Release', 'lectern-build.json');
  try {
    return (JSON.parse(readFileSync(stamp, 'utf8')) as { flags: string }).flags;
  } catch {
    return '';
  }
}

/**
 * whisper.cpp's CLI (examples/main) compiled from smart-whisper's bundled sources, in a temp
 * folder (cached across runs), with the binding's optimisation and CPU flags.
 */
function buildWhisperCli(notes: string[]): string | null {
  const whisperDir = path.join(root, 'node_modules', 'smart-whisper', 'whisper.cpp');
  if (!existsSync(path.join(whisperDir, 'examples', 'main', 'main.cpp'))) {
    notes.push('whisper.cpp CLI: smart-whisper does not ship examples/main here; no CLI comparison.');
    return null;
  }
  const flags = bindingFlags(whisperDir);
  const key = createHash('sha256').update(`${whisperDir}\n${flags}`).digest('hex').slice(0, 10);
  const out = path.join(os.tmpdir(), `lectern-whisper-cli-${key}`);
  const binary = path.join(out, 'whisper-cli');
  if (existsSync(binary)) return binary;
  mkdirSync(out, { recursive: true });
  // _GNU_SOURCE: ggml's CPU-affinity helpers need it to link as a program (the addon links
  // without, leaving them unresolved; they are not on the default path).
  const common = [
    '-O3',
    '-fno-omit-frame-pointer',
    '-pthread',
    '-fPIC',
    '-D_GNU_SOURCE',
    ...flags.split(/\s+/).filter(Boolean),
  ];
  const includes = ['include', 'ggml/include', 'ggml/src', 'examples'].map((dir) => `-I${path.join(whisperDir, dir)}`);
  const cSources = ['ggml.c', 'ggml-alloc.c', 'ggml-backend.c', 'ggml-quants.c', 'ggml-aarch64.c'].map((file) =>
    path.join('ggml', 'src', file),
  );
  const cppSources = [
    'src/whisper.cpp',
    'examples/common.cpp',
    'examples/common-ggml.cpp',
    'examples/grammar-parser.cpp',
    'examples/main/main.cpp',
  ];
  const objects: string[] = [];
  const started = Date.now();
  for (const source of [...cSources, ...cppSources]) {
    const cpp = source.endsWith('.cpp');
    const object = path.join(out, `${path.basename(source)}.o`);
    const args = [
      ...common,
      ...(cpp ? ['-std=gnu++17'] : []),
      ...includes,
      '-c',
      path.join(whisperDir, source),
      '-o',
      object,
    ];
    const result = spawnSync(cpp ? 'g++' : 'gcc', args, { encoding: 'utf8' });
    if (result.status !== 0) {
      notes.push(
        `whisper.cpp CLI: compiling ${source} failed (${(result.stderr ?? result.error?.message ?? '').split('\n').find((l) => /error/.test(l)) ?? 'no compiler?'}); no CLI comparison.`,
      );
      rmSync(out, { recursive: true, force: true });
      return null;
    }
    objects.push(object);
  }
  const link = spawnSync('g++', ['-pthread', ...objects, '-o', binary], { encoding: 'utf8' });
  if (link.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    notes.push(
      `whisper.cpp CLI: linking failed (${link.stderr.split('\n').find((l) => /undefined|error/.test(l)) ?? ''}); no CLI comparison.`,
    );
    return null;
  }
  notes.push(
    `whisper.cpp CLI built from smart-whisper's sources in ${Math.round((Date.now() - started) / 1000)} s (${out}, flags: -O3 ${flags || '(none)'}).`,
  );
  return binary;
}

interface Measure {
  seconds: number;
  cpuSeconds: number;
  words: number;
  rssMb: number;
}

async function measureEngine(file: string, model: string, threads: number): Promise<Measure> {
  const sampler = procSampler((pid, cmdline) => cmdline.includes('whisper-child'));
  const started = performance.now();
  const result = await transcribeMedia(file, { modelPath: model, threads, language: 'en' });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, words: result.segments.reduce((sum, s) => sum + wordCount(s.text), 0), ...sampler.stop() };
}

async function measureCli(cli: string, file: string, model: string, threads: number, dir: string): Promise<Measure> {
  const prefix = path.join(dir, 'cli-out');
  // Greedy, no context and token timestamps (JSON full): what the engine asks whisper for.
  const args = [
    '-m',
    model,
    '-f',
    file,
    '-t',
    String(threads),
    '-l',
    'en',
    '-bs',
    '1',
    '-mc',
    '0',
    '-ojf',
    '-of',
    prefix,
    '-np',
  ];
  const started = performance.now();
  const child = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const sampler = procSampler((pid) => pid === child.pid);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  const usage = sampler.stop();
  if (code !== 0) throw new Error(`whisper.cpp CLI failed (${code}): ${stderr}`);
  const json = JSON.parse(readFileSync(`${prefix}.json`, 'utf8')) as { transcription: Array<{ text: string }> };
  return { seconds, words: json.transcription.reduce((sum, s) => sum + wordCount(s.text), 0), ...usage };
}

export async function run(): Promise<BenchSection> {
  const name = 'ASR speed (whisper.cpp via smart-whisper vs whisper.cpp CLI)';
  const shared = sharedDir();
  const model = shared ? path.join(shared, 'models', 'bench-tiny.bin') : '';
  if (!shared || !existsSync(model) || !existsSync(path.join(shared, 'data', 'speech'))) {
    return { name, rows: [], notes: ['skipped: ../shared (models/bench-tiny.bin, data/speech) not found'] };
  }
  const notes: string[] = [];
  const dir = path.join(os.tmpdir(), `lectern-bench-asr-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    const audio = prepareAudio(shared, dir);
    const cli = buildWhisperCli(notes);
    const threads = defaultAsrThreads();
    const rows: BenchSection['rows'] = [];
    for (const input of audio) {
      const engine: Measure[] = [];
      const native: Measure[] = [];
      for (let rep = 0; rep < REPS; rep++) {
        engine.push(await measureEngine(input.file, model, threads));
        if (cli) native.push(await measureCli(cli, input.file, model, threads, dir));
      }
      const summarise = (label: string, runs: Measure[]) => {
        const seconds = median(runs.map((r) => r.seconds));
        const words = runs[0].words;
        return {
          audio: input.name,
          'audio s': round(input.seconds, 1),
          engine: label,
          threads,
          'wall s (median)': round(seconds),
          'wall s (min)': round(Math.min(...runs.map((r) => r.seconds))),
          'whisper CPU s (median)': round(median(runs.map((r) => r.cpuSeconds))),
          'x real time': round(input.seconds / seconds),
          words,
          'words/s': round(words / seconds, 1),
          'peak RSS MB': Math.max(...runs.map((r) => r.rssMb)),
        };
      };
      const mine = summarise('Lectern (smart-whisper)', engine);
      rows.push(mine);
      if (cli) {
        const theirs = summarise('whisper.cpp CLI', native);
        rows.push(theirs);
        rows.push({
          audio: input.name,
          'audio s': round(input.seconds, 1),
          engine: 'ratio Lectern / CLI (time)',
          threads,
          'wall s (median)': round((mine['wall s (median)'] as number) / (theirs['wall s (median)'] as number)),
          'wall s (min)': round((mine['wall s (min)'] as number) / (theirs['wall s (min)'] as number)),
          'whisper CPU s (median)': round(
            (mine['whisper CPU s (median)'] as number) / (theirs['whisper CPU s (median)'] as number),
          ),
        });
      }
    }
    notes.push(
      `Model: bench-tiny.bin (tiny.en dimensions, synthetic weights): speed only; the words are the stand-in's fixed text, so words/s is decoding throughput and WER cannot be measured here.`,
      `Threads: ${threads} (Lectern's default here: cores - 1). ggml's threads busy-wait, so on a loaded 2-core machine 2 threads ran 3-9x slower than 1 in our checks.`,
      `Both engines: greedy decoding, no context across windows, token timestamps. Lectern adds ffmpeg decoding, IPC to its whisper process and 240 s chunks whose tail (the last partial window and a 5 s overlap) is decoded twice.`,
      `Medians of ${REPS} interleaved runs; machines here are shared and noisy, so compare the ratio rows, not absolute times. "whisper CPU s" is the CPU time of the process running whisper (Lectern's whisper child; the CLI), less sensitive to other load than wall time; wall time also includes Lectern's process start (node + tsx), model load, ffprobe and ffmpeg.`,
    );
    return { name, rows, notes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const section = await run();
  console.log(section.name);
  console.table(section.rows);
  for (const note of section.notes ?? []) console.log(`- ${note}`);
}
