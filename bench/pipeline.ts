// Whole pipeline on real lectures (../shared/data/lectures) and on a generated 60-minute lecture:
// wall time per stage, x real time, peak RSS, database bytes per lecture-hour, and frame
// sampling as a ratio to ffmpeg's own decode of the same file, measured in the same run.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sampleVisualSpans } from '../src-main/media/frame-sampler.ts';
import { extractKeyframes } from '../src-main/media/keyframes.ts';
import { makeSampleLecture, type SampleLecture } from '../src-main/media/sample-lecture.ts';
import { probeMedia } from '../src-main/media/probe.ts';
import type { BenchSection } from './bench-section.ts';
import { sharedDir } from './shared-data.ts';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const lecternBin = path.resolve(here, '..', 'bin', 'lectern.mjs');

interface IndexRun {
  total: number;
  /** Seconds from the start of indexing to the first chapters readable through the API (polled every 250 ms). */
  firstChapters: number | null;
  firstChaptersKind: string | null;
  slidesReady: number | null;
  firstTranscript: number | null;
  /** Seconds the pipeline ran after the transcript stage had stored its result (embeddings, final chapters, deck). */
  afterTranscript: number | null;
  stageSeconds: Record<string, number>;
  maxRssMB: number;
  dbBytes: number;
  chapters: Array<{ start: number; end: number; title: string }>;
  slides: Array<{ start: number; end: number }>;
  /** When each stage started and ended, seconds from the start of indexing. */
  windows?: Record<string, [number, number | null]>;
  /** Every time chapters were stored: provisional from the slide spans, again with the slides' words, final. */
  chaptersStored?: number[];
  /** The chapter starts stored each time, in the same order. */
  chapterSets?: number[][];
}

/** Indexes `file` in a fresh data folder in a child process; with `asrModel`, that speech model is installed first. */
async function indexInChild(file: string, asrModel?: string): Promise<IndexRun> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'lectern-bench-'));
  try {
    const args = ['--import', 'tsx', path.join(here, 'index-one.ts'), home, file, ...(asrModel ? [asrModel] : [])];
    const { stdout } = await run(process.execPath, args, {
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout.trim().split('\n').pop()!) as IndexRun;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/**
 * CPU seconds used so far by this process's finished children (and theirs): /proc/self/stat's
 * cutime + cstime, so the CPU of a child run is the difference around it. Null off Linux.
 */
function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of stat(5) (cutime, cstime), counted from the state field (3).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

const cpuAround = async <T>(fn: () => Promise<T>): Promise<{ value: T; cpu: number | null }> => {
  const before = childrenCpuSeconds();
  const value = await fn();
  const after = childrenCpuSeconds();
  return { value, cpu: before === null || after === null ? null : after - before };
};

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

/**
 * The generated hour, made once (~3 min) and kept in the temp folder across runs, keyed by the
 * script and generator sources so a changed script makes it again.
 */
export async function cachedGeneratedHour(): Promise<{ lecture: SampleLecture; seconds: number | null }> {
  const sources = ['../resources/sample-lecture.json', '../src-main/media/sample-lecture.ts'].map((p) =>
    readFileSync(path.resolve(here, p)),
  );
  const key = createHash('sha256').update(Buffer.concat(sources)).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `lectern-bench-60min-${key}`);
  const manifest = path.join(dir, 'lecture.json');
  if (existsSync(manifest))
    return { lecture: JSON.parse(await readFile(manifest, 'utf8')) as SampleLecture, seconds: null };
  const t = performance.now();
  const building = `${dir}.part-${process.pid}`;
  await mkdir(building, { recursive: true });
  const made = await makeSampleLecture(building, { repeat: 10, name: 'generated-60min' });
  await rename(building, dir);
  const lecture = {
    ...made,
    video: path.join(dir, path.basename(made.video)),
    subtitles: path.join(dir, path.basename(made.subtitles)),
  };
  await writeFile(manifest, JSON.stringify(lecture));
  return { lecture, seconds: (performance.now() - t) / 1000 };
}

/** Precision, recall and F1 of found change times against true ones, a match within `tolerance` s (each true change matched once). */
function changeScores(found: readonly number[], truth: readonly number[], tolerance = 3) {
  const used = new Set<number>();
  let hits = 0;
  for (const f of found) {
    const match = truth.findIndex((t, i) => !used.has(i) && Math.abs(t - f) <= tolerance);
    if (match >= 0) {
      used.add(match);
      hits++;
    }
  }
  const precision = found.length ? hits / found.length : truth.length ? 0 : 1;
  const recall = truth.length ? hits / truth.length : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/**
 * The frames stage's two halves timed apart on one file (slide-change sampling, keyframe
 * extraction) with the slide changes it finds scored against the true ones.
 */
async function framesRow(name: string, file: string, duration: number, truth: readonly number[]) {
  const keyDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-bench-keyframes-'));
  try {
    const load = os.loadavg()[0];
    let sampled!: Awaited<ReturnType<typeof sampleVisualSpans>>;
    const sampling = await timeIt(async () => (sampled = await sampleVisualSpans(file, { duration })));
    const keyframes = await timeIt(() =>
      extractKeyframes(
        file,
        sampled.spans.map((s) => s.keyTime),
        keyDir,
      ),
    );
    const scores = changeScores(
      sampled.spans.slice(1).map((s) => s.start),
      truth,
    );
    return {
      lecture: name,
      minutes: +(duration / 60).toFixed(1),
      'sampling s': +sampling.toFixed(2),
      'keyframes s': +keyframes.toFixed(2),
      'true changes': truth.length,
      found: sampled.spans.length - 1,
      'P@3s': +scores.precision.toFixed(3),
      'R@3s': +scores.recall.toFixed(3),
      'F1@3s': +scores.f1.toFixed(3),
      'load avg': +load.toFixed(1),
    };
  } finally {
    await rm(keyDir, { recursive: true, force: true });
  }
}

async function lectureFiles(): Promise<Array<{ name: string; file: string }>> {
  const files: Array<{ name: string; file: string }> = [];
  const shared = sharedDir();
  if (shared) {
    const dir = path.join(shared, 'data', 'lectures');
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      const file = path.join(dir, name, `${name}.mp4`);
      if (existsSync(file)) files.push({ name, file });
    }
  }
  return files;
}

export async function run_(): Promise<BenchSection[]> {
  const rows: BenchSection['rows'] = [];
  const frameRows: BenchSection['rows'] = [];
  const slideRows: BenchSection['rows'] = [];
  const notes: string[] = [];
  // LECTERN_BENCH_PIPELINE=asr: only the generated hour transcribed by speech recognition (time to first chapters, pipeline / ASR alone).
  const asrOnly = process.env.LECTERN_BENCH_PIPELINE === 'asr';
  const targets = asrOnly ? [] : await lectureFiles();
  if (asrOnly) notes.push('LECTERN_BENCH_PIPELINE=asr: only the speech recognition run');
  else if (targets.length === 0) notes.push('../shared/data/lectures absent: real lectures skipped');
  {
    // The sample script runs about 6 minutes; ten repeats make the hour.
    const { lecture: long, seconds: generated } = await cachedGeneratedHour();
    notes.push(
      generated === null
        ? `the generated ${(long.duration / 60).toFixed(1)}-minute lecture from an earlier run (${path.dirname(long.video)})`
        : `generated a ${(long.duration / 60).toFixed(1)}-minute lecture in ${generated.toFixed(0)} s (kept in ${path.dirname(long.video)})`,
    );
    if (!asrOnly) targets.push({ name: 'generated-60min', file: long.video });
    // The frames stage apart, on every lecture with known slide changes (cheap: two decodes each).
    slideRows.push(
      await framesRow(
        'generated-60min',
        long.video,
        long.duration,
        long.slides.slice(1).map((s) => s.start),
      ),
    );
    for (const { name, file } of await lectureFiles()) {
      const truthFile = path.join(path.dirname(file), 'truth.json');
      if (!existsSync(truthFile)) continue;
      const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as { visual_changes?: number[]; duration_s?: number };
      if (!truth.visual_changes) continue;
      slideRows.push(await framesRow(name, file, (await probeMedia(file)).duration, truth.visual_changes));
    }
    for (const { name, file } of targets) {
      const media = await probeMedia(file);
      const result = await indexInChild(file);
      const hours = media.duration / 3600;
      const nonAsr = Object.entries(result.stageSeconds)
        .filter(([stage]) => stage !== 'transcript')
        .reduce((sum, [, s]) => sum + s, 0);
      rows.push({
        lecture: name,
        minutes: +(media.duration / 60).toFixed(1),
        ...Object.fromEntries(Object.entries(result.stageSeconds).map(([k, v]) => [`${k} s`, +v.toFixed(2)])),
        'total s': +result.total.toFixed(2),
        'x real time': +(media.duration / result.total).toFixed(1),
        's per lecture-hour': +(result.total / hours).toFixed(1),
        'stages s/hour (no ASR)': +(nonAsr / hours).toFixed(1),
        'peak RSS MB': result.maxRssMB,
        'db KB per hour': Math.round(result.dbBytes / 1024 / hours),
        chapters: result.chapters.length,
        slides: result.slides.length,
      });
      if (name !== 'generated-60min') {
        notes.push(
          `${name} chapters: ${result.chapters.map((c) => `${c.start.toFixed(0)}s "${c.title}"`).join(' | ')}`,
        );
        const truthFile = path.join(path.dirname(file), 'truth.json');
        if (existsSync(truthFile)) {
          const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as { slide_changes?: number[] };
          const changes = truth.slide_changes ?? [];
          const found = result.slides.slice(1).map((s) => s.start);
          const hit = changes.filter((c) => found.some((f) => Math.abs(f - c) <= 3)).length;
          const precise = found.filter((f) => changes.some((c) => Math.abs(f - c) <= 3)).length;
          notes.push(
            `${name} slide changes: human ${changes.length}, found ${found.length}, recall@3s ${(hit / Math.max(1, changes.length)).toFixed(2)}, precision@3s ${(precise / Math.max(1, found.length)).toFixed(2)}`,
          );
        }
      }
      const decode = await timeIt(() => run('ffmpeg', ['-v', 'error', '-i', file, '-an', '-f', 'null', '-']));
      const sample = await timeIt(() => sampleVisualSpans(file, { duration: media.duration }));
      frameRows.push({
        lecture: name,
        'ffmpeg decode s': +decode.toFixed(2),
        'frame sampling s': +sample.toFixed(2),
        'sampling / decode': +(sample / decode).toFixed(2),
      });
    }
    // The same hour without its sidecar: the transcript stage runs whisper.cpp with the tiny.en-sized stand-in.
    const shared = sharedDir();
    const standIn = shared ? path.join(shared, 'models', 'bench-tiny.bin') : null;
    if (standIn && existsSync(standIn)) {
      const asrDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-bench-asr-'));
      try {
        const video = path.join(asrDir, 'generated-60min-speech.mp4');
        await copyFile(long.video, video);
        const media = await probeMedia(video);
        // ASR alone, side by side in the same run: `lectern transcribe` of the same file, nothing else
        // running (process start and model load included), just before the whole pipeline.
        const transcribeHome = path.join(asrDir, 'home');
        const loadBefore = os.loadavg()[0];
        const { value: transcribe, cpu: transcribeCpu } = await cpuAround(() =>
          timeIt(() =>
            run(
              process.execPath,
              [lecternBin, '--home', transcribeHome, 'transcribe', video, '--model', standIn, '--json'],
              { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, CI: 'true' } },
            ),
          ),
        );
        const loadBetween = os.loadavg()[0];
        const { value: result, cpu: pipelineCpu } = await cpuAround(() => indexInChild(video, standIn));
        const loadAfter = os.loadavg()[0];
        const hours = media.duration / 3600;
        const asr = result.stageSeconds.transcript ?? 0;
        const topicChanges = long.slides
          .filter((s, i) => i > 0 && s.topic !== long.slides[i - 1].topic)
          .map((s) => s.start);
        rows.push({
          lecture: 'generated-60min, ASR (stand-in model)',
          minutes: +(media.duration / 60).toFixed(1),
          ...Object.fromEntries(Object.entries(result.stageSeconds).map(([k, v]) => [`${k} s`, +v.toFixed(2)])),
          'total s': +result.total.toFixed(2),
          'x real time': +(media.duration / result.total).toFixed(1),
          's per lecture-hour': +(result.total / hours).toFixed(1),
          'stages s/hour (no ASR)': +((result.total - asr) / hours).toFixed(1),
          'peak RSS MB': result.maxRssMB,
          'db KB per hour': Math.round(result.dbBytes / 1024 / hours),
          chapters: result.chapters.length,
          slides: result.slides.length,
          'first chapters s': result.firstChapters === null ? '' : +result.firstChapters.toFixed(1),
          'first chapters were': result.firstChaptersKind ?? '',
          'chapters stored at s': (result.chaptersStored ?? []).map((t) => t.toFixed(1)).join(' / '),
          // Chapters are coarser than topics here (30 topic runs in the hour): precision is the fair measure.
          'chapter starts on a topic change (P@3s)': (result.chapterSets ?? [])
            .map((starts) => changeScores(starts.slice(1), topicChanges).precision.toFixed(2))
            .join(' / '),
          'slides ready s': result.slidesReady === null ? '' : +result.slidesReady.toFixed(1),
          'first transcript s': result.firstTranscript === null ? '' : +result.firstTranscript.toFixed(1),
          'transcript stage s': +asr.toFixed(1),
          'after transcript s': result.afterTranscript === null ? '' : +result.afterTranscript.toFixed(1),
          'ASR alone s': +transcribe.toFixed(1),
          'pipeline / ASR alone': +(result.total / transcribe).toFixed(2),
          'pipeline / transcript stage': +(result.total / Math.max(asr, 1e-9)).toFixed(2),
          'ASR alone CPU s': transcribeCpu === null ? '' : +transcribeCpu.toFixed(1),
          'pipeline CPU s': pipelineCpu === null ? '' : +pipelineCpu.toFixed(1),
        });
        notes.push(
          'ASR run: the generated hour without its sidecar, transcribed by whisper.cpp (smart-whisper) with ../shared/models/bench-tiny.bin ' +
            '(tiny.en dimensions, synthetic weights: the speed of tiny.en, not its words). "ASR alone" = `lectern transcribe` of the same ' +
            'file with nothing else running, just before the pipeline run (process start and model load included); "transcript stage" = ' +
            'the transcript stage inside the pipeline run, which now runs beside frames, OCR and the provisional chapters (so it is not ' +
            'ASR alone any more); "CPU s" = user + system seconds of the whole process tree (whisper and ffmpeg included), which ' +
            'a loaded machine does not change much, unlike wall time; "first chapters" = seconds from the start of indexing to the first chapters `getLecture` returns ' +
            '(polled every 250 ms), "slides ready" likewise for the slides, "first transcript" = the first batch of speech stored',
          `load average (1 min) before ASR alone ${loadBefore.toFixed(1)}, before the pipeline ${loadBetween.toFixed(1)}, after it ${loadAfter.toFixed(1)} on ${os.availableParallelism()} cores`,
          `stage windows in the ASR run (s from index start): ${Object.entries(result.windows ?? {})
            .map(([stage, [from, to]]) => `${stage} ${from.toFixed(1)}-${to === null ? '?' : to.toFixed(1)}`)
            .join(
              ', ',
            )}; "chapters stored at" = provisional from the slide spans / again with the slides' words / final`,
        );
      } finally {
        await rm(asrDir, { recursive: true, force: true });
      }
    } else {
      notes.push('ASR run skipped: ../shared/models/bench-tiny.bin (speech model stand-in) is absent');
    }
  }
  notes.push(
    'Rows without "ASR" use sidecar transcripts (the shared lectures come with them), so their time is the non-ASR stages.',
  );
  return [
    { name: 'pipeline per lecture', rows, notes },
    { name: 'frame sampling vs ffmpeg decode', rows: frameRows },
    {
      name: 'frames stage: slide changes and where its time goes',
      rows: slideRows,
      notes: [
        'sampling = 1 frame/s at 64x36 grey through the slide-change detector; keyframes = one decode picking a frame per slide (full size + thumbnail); ' +
          'P/R/F1 of the slide changes found against the true ones within 3 s (generated: the slide starts it was made with; shared lectures: truth.json visual_changes)',
      ],
    },
  ];
}

export { run_ as run };

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const section of await run_()) {
    console.log(`\n${section.name}`);
    console.table(section.rows);
    for (const note of section.notes ?? []) console.log(`- ${note}`);
  }
}
