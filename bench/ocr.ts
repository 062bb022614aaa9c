/**
 * OCR quality and speed on ../shared/data/ocr:
 *  - tesseract/: printed pages with exact text (phototest, eurotext);
 *  - m3av-train/: real slide frames (1280x720 JPEG) from 3 talks with hand-checked OCR blocks,
 *    also downscaled to 640x360 (the size a frame sampler may keep) to judge upscaling, and
 *    negated (light text on dark, like dark-theme slides) to judge inverting dark slides.
 * CER = edit distance / reference length, pooled over a set, after NFKC + whitespace
 * normalisation; M3AV references are the checked blocks in reading order. "CER %" scores the
 * engine's `text` (confident, cleaned lines); "CER all lines %" scores every line tesseract read.
 * ms/frame is one worker, one frame at a time, pre-processing included. Throughput compares
 * 1 and 2 workers on the same frames.
 *
 * Run alone: node --import tsx bench/ocr.ts   (LECTERN_OCR_BENCH_LIMIT=n keeps n frames per set)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sortReadingOrder } from '../src-main/core/slide-title.ts';
import { cerCount } from '../src-main/engines/ocr/character-error-rate.ts';
import type { OcrEngine } from '../src-main/engines/ocr/ocr-engine.ts';
import {
  DEFAULT_PREPROCESSING,
  NO_PREPROCESSING,
  type SlidePreprocessing,
} from '../src-main/engines/ocr/slide-preprocessing.ts';
import { createTesseractOcrEngine, DEFAULT_PAGE_SEG_MODE } from '../src-main/engines/ocr/tesseract-ocr-engine.ts';
import type { PageSegMode } from '../src-main/engines/ocr/tesseract-worker.ts';
import { ffmpegPath } from '../src-main/media/ffmpeg-path.ts';

export interface BenchSection {
  name: string;
  rows: Array<Record<string, string | number>>;
  notes?: string[];
}

interface Item {
  image: string;
  reference: string;
}

interface M3avBlock {
  points: Array<[number, number]>;
  transcription: string;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedRoot = process.env.LECTERN_SHARED ?? path.resolve(repoRoot, '../shared');
const ocrData = path.join(sharedRoot, 'data', 'ocr');
const limit = Number(process.env.LECTERN_OCR_BENCH_LIMIT ?? Infinity);

const GREY: SlidePreprocessing = { ...NO_PREPROCESSING, grayscale: true };
const GREY_INVERT: SlidePreprocessing = { ...GREY, invertDark: true };

function describe(p: SlidePreprocessing): string {
  const parts: string[] = [];
  if (p.grayscale) parts.push('grey');
  if (p.upscaleBelowHeight > 0 && p.maxUpscale > 1) parts.push(`upscale<${p.upscaleBelowHeight}px x${p.maxUpscale}`);
  if (p.invertDark) parts.push('invert dark');
  return parts.length ? parts.join(' + ') : 'none';
}

async function tesseractPages(): Promise<Item[]> {
  const dir = path.join(ocrData, 'tesseract');
  const items: Item[] = [];
  for (const name of ['phototest', 'eurotext']) {
    const image = path.join(dir, `${name}.tif`);
    const text = path.join(dir, `${name}.txt`);
    if (existsSync(image) && existsSync(text)) items.push({ image, reference: await readFile(text, 'utf8') });
  }
  return items;
}

/** Checked blocks in reading order, one per line, the same order the engine's `text` uses. */
function m3avReference(blocks: M3avBlock[]): string {
  const lines = blocks.map((block) => {
    const xs = block.points.map((p) => p[0]);
    const ys = block.points.map((p) => p[1]);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    return {
      text: block.transcription,
      confidence: 1,
      box: { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y },
    };
  });
  return sortReadingOrder(lines)
    .map((line) => line.text)
    .join('\n');
}

async function m3avFrames(): Promise<Map<string, Item[]>> {
  const root = path.join(ocrData, 'm3av-train');
  const sets = new Map<string, Item[]>();
  if (!existsSync(root)) return sets;
  for (const talk of (await readdir(root)).sort()) {
    const resultFile = path.join(root, talk, 'ocr', 'ocr_result.json');
    if (!existsSync(resultFile)) continue;
    const entries = JSON.parse(await readFile(resultFile, 'utf8')) as Array<{ name: string; ocr_data: M3avBlock[] }>;
    const setName = `M3AV ${talk.split('-')[0]}`;
    const items = sets.get(setName) ?? [];
    for (const entry of entries) {
      const image = path.join(root, talk, 'ocr', 'seg_imgs', entry.name);
      if (existsSync(image)) items.push({ image, reference: m3avReference(entry.ocr_data) });
    }
    sets.set(setName, items);
  }
  return sets;
}

interface LectureSlide {
  image: string;
  /** The first line of the slide's PDF text, which is its title in these decks. */
  title: string;
}

interface LectureTruth {
  slide_spans: Array<{ start: number; end: number; slide: number }>;
  slides: Record<string, { text: string }>;
}

/** One frame from the middle of each labelled slide span of the semi-real lectures. */
async function lectureSlides(dir: string): Promise<LectureSlide[]> {
  const root = path.join(sharedRoot, 'data', 'lectures');
  const out: LectureSlide[] = [];
  if (!existsSync(root)) return out;
  for (const name of (await readdir(root)).sort()) {
    const truthFile = path.join(root, name, 'truth.json');
    const video = path.join(root, name, `${name}.mp4`);
    if (!existsSync(truthFile) || !existsSync(video)) continue;
    const truth = JSON.parse(await readFile(truthFile, 'utf8')) as LectureTruth;
    const seen = new Set<number>();
    for (const span of truth.slide_spans) {
      if (span.slide < 1 || seen.has(span.slide)) continue;
      seen.add(span.slide);
      const title = truth.slides[String(span.slide)]?.text
        .split('\n')
        .find((l) => l.trim())
        ?.trim();
      if (!title) continue;
      const image = path.join(dir, `${name}-${span.slide}.png`);
      await ffmpeg(['-ss', ((span.start + span.end) / 2).toFixed(2), '-i', video, '-frames:v', '1', image]);
      out.push({ image, title });
    }
  }
  return out;
}

/** Titles match when they agree up to case, punctuation and a few misread letters. */
function titleMatches(chosen: string | null, expected: string): boolean {
  if (!chosen) return false;
  const key = (text: string) =>
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '');
  const { errors, referenceLength } = cerCount(key(chosen), key(expected));
  return errors <= Math.max(1, referenceLength * 0.15);
}

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), ['-nostdin', '-v', 'error', '-y', ...args], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))));
  });
}

/** The same frames re-encoded through an ffmpeg filter (high-quality JPEG) in a temporary folder. */
async function transformed(items: Item[], dir: string, tag: string, filter: string): Promise<Item[]> {
  const out: Item[] = [];
  for (const item of items) {
    const image = path.join(dir, `${path.basename(item.image, path.extname(item.image))}-${tag}.jpg`);
    await ffmpeg(['-i', item.image, '-vf', filter, '-q:v', '2', image]);
    out.push({ image, reference: item.reference });
  }
  return out;
}

interface Measured {
  errors: number;
  errorsAllLines: number;
  referenceLength: number;
  ms: number;
  frames: number;
}

function pooled(parts: Measured[]): Measured {
  const sum = (key: keyof Measured) => parts.reduce((total, part) => total + part[key], 0);
  return {
    errors: sum('errors'),
    errorsAllLines: sum('errorsAllLines'),
    referenceLength: sum('referenceLength'),
    ms: sum('ms'),
    frames: sum('frames'),
  };
}

async function measure(
  items: Item[],
  preprocessing: SlidePreprocessing,
  pageSegMode: PageSegMode = DEFAULT_PAGE_SEG_MODE,
): Promise<Measured> {
  const engine = await createTesseractOcrEngine({ workers: 1, preprocessing, pageSegMode });
  let errors = 0;
  let errorsAll = 0;
  let length = 0;
  let ms = 0;
  try {
    for (const item of items) {
      const start = performance.now();
      const result = await engine.recognize(item.image);
      ms += performance.now() - start;
      const text = cerCount(result.text, item.reference);
      const all = cerCount(result.lines.map((line) => line.text).join('\n'), item.reference);
      errors += text.errors;
      errorsAll += all.errors;
      length += text.referenceLength;
    }
  } finally {
    await engine.close();
  }
  return { errors, errorsAllLines: errorsAll, referenceLength: length, ms, frames: items.length };
}

/**
 * Wall time for the batch, and this process's CPU time over it (worker threads included,
 * ffmpeg children not): CPU/wall near 2 means two tesseract threads really ran side by side.
 */
async function throughput(
  engineFor: () => Promise<OcrEngine>,
  images: string[],
): Promise<{ ms: number; cpuMs: number; load: number }> {
  const engine = await engineFor();
  try {
    await engine.recognizeMany(images.slice(0, 2)); // starts the pool's workers before timing
    const load = os.loadavg()[0];
    const cpu = process.cpuUsage();
    const start = performance.now();
    await engine.recognizeMany(images);
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { ms, cpuMs: (used.user + used.system) / 1000, load };
  } finally {
    await engine.close();
  }
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export async function run(): Promise<BenchSection> {
  const name = 'OCR (tesseract.js, eng best_int)';
  if (!existsSync(ocrData)) {
    return { name, rows: [], notes: [`skipped: ${ocrData} not found (set LECTERN_SHARED to the shared folder)`] };
  }
  const rows: BenchSection['rows'] = [];
  const notes: string[] = [];
  const add = (
    set: string,
    items: Item[],
    preprocessing: SlidePreprocessing,
    m: Measured,
    psm = DEFAULT_PAGE_SEG_MODE,
  ) =>
    rows.push({
      set,
      preprocessing: describe(preprocessing),
      psm,
      images: items.length,
      'CER %': round1((100 * m.errors) / Math.max(1, m.referenceLength)),
      'CER all lines %': round1((100 * m.errorsAllLines) / Math.max(1, m.referenceLength)),
      'ms/frame': Math.round(m.ms / Math.max(1, m.frames)),
    });

  const pages = (await tesseractPages()).slice(0, limit);
  if (pages.length) {
    for (const p of [NO_PREPROCESSING, DEFAULT_PREPROCESSING])
      add('tesseract pages', pages, p, await measure(pages, p));
  }

  const sets = await m3avFrames();
  const all720: Item[] = [];
  const perConfig = new Map<SlidePreprocessing, Measured[]>();
  for (const [setName, setItems] of sets) {
    const items = setItems.slice(0, limit);
    all720.push(...items);
    for (const p of [NO_PREPROCESSING, GREY, GREY_INVERT]) {
      const m = await measure(items, p);
      perConfig.set(p, [...(perConfig.get(p) ?? []), m]);
      add(`${setName} 720p`, items, p, m);
    }
  }
  if (all720.length) {
    for (const [p, parts] of perConfig) add('M3AV all 720p', all720, p, pooled(parts));
    for (const psm of ['3', '6'] as const) {
      const parts: Measured[] = [];
      for (const [setName, setItems] of sets) {
        const items = setItems.slice(0, limit);
        const m = await measure(items, DEFAULT_PREPROCESSING, psm);
        parts.push(m);
        add(`${setName} 720p`, items, DEFAULT_PREPROCESSING, m, psm);
      }
      add('M3AV all 720p', all720, DEFAULT_PREPROCESSING, pooled(parts), psm);
    }
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'lectern-bench-ocr-'));
    try {
      const small = await transformed(all720, tmp, '360p', 'scale=-2:360:flags=area');
      for (const p of [NO_PREPROCESSING, GREY, DEFAULT_PREPROCESSING]) {
        add('M3AV all 360p', small, p, await measure(small, p));
      }
      // Dark-theme slides: the same frames with colours negated (light text on dark).
      const dark = await transformed(all720, tmp, 'negated', 'negate');
      for (const p of [NO_PREPROCESSING, GREY, GREY_INVERT]) add('M3AV negated 720p', dark, p, await measure(dark, p));
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }

    const frames = all720.slice(0, 24).map((item) => item.image);
    for (const workers of [1, 2]) {
      const { ms, cpuMs, load } = await throughput(() => createTesseractOcrEngine({ workers }), frames);
      rows.push({
        set: 'M3AV throughput',
        preprocessing: describe(DEFAULT_PREPROCESSING),
        workers,
        images: frames.length,
        'ms/frame': Math.round(ms / frames.length),
        'frames/s': Math.round((frames.length / ms) * 1000 * 100) / 100,
        'cpu/wall': Math.round((cpuMs / ms) * 100) / 100,
        'load avg': Math.round(load * 10) / 10,
      });
    }
  } else {
    notes.push(`M3AV frames not found under ${ocrData}/m3av-train`);
  }
  const slidesDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-bench-ocr-titles-'));
  try {
    const lectures = (await lectureSlides(slidesDir)).slice(0, limit);
    if (lectures.length) {
      const engine = await createTesseractOcrEngine({ workers: 1 });
      let matched = 0;
      let none = 0;
      const misses: string[] = [];
      try {
        for (const slide of lectures) {
          const { title } = await engine.recognize(slide.image);
          if (titleMatches(title, slide.title)) matched += 1;
          else misses.push(`"${title ?? '(none)'}" for "${slide.title}"`);
          if (title === null) none += 1;
        }
      } finally {
        await engine.close();
      }
      rows.push({
        set: 'lecture slides: title',
        preprocessing: describe(DEFAULT_PREPROCESSING),
        psm: DEFAULT_PAGE_SEG_MODE,
        images: lectures.length,
        'title match %': Math.round((100 * matched) / lectures.length),
        'no title': none,
      });
      notes.push(
        `Title check: one frame per labelled slide of data/lectures (MaViLS decks), expected title = first line of the slide's PDF text. Misses: ${misses.join('; ') || 'none'}.`,
      );
    }
  } finally {
    await rm(slidesDir, { recursive: true, force: true });
  }
  notes.push(
    'M3AV references include text inside figures and photos (axis labels, logos) that tesseract rarely reads, and reading order of multi-column slides is ambiguous: absolute CER is high, compare rows.',
    `Default pre-processing: ${describe(DEFAULT_PREPROCESSING)}, psm ${DEFAULT_PAGE_SEG_MODE} (sparse text).`,
    `Machine: ${os.availableParallelism()} cores (shared with other jobs; timings are noisy).`,
  );
  // Rows of one set together, sets in the order they were first measured.
  const order = [...new Set(rows.map((row) => row.set))];
  rows.sort((a, b) => order.indexOf(a.set) - order.indexOf(b.set));
  return { name, rows, notes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const section = await run();
  console.log(section.name);
  console.table(section.rows);
  for (const note of section.notes ?? []) console.log(`- ${note}`);
}
