/**
 * Embedding engines: load time, throughput and a few quality checks.
 *  - speed: texts/s for the default text embedder (USE lite) and the ONNX path on a tiny
 *    generated graph (tokeniser + worker + onnxruntime overhead, not a real model's compute) and
 *    on an all-MiniLM-L6-v2-shaped graph with random weights (a real model's compute);
 *    frames/s for the default image embedder (slide descriptor) with sharp and with ffmpeg
 *    decoding, and for the CLIP path on tiny generated graphs (decode + 224x224 tensor + run) and
 *    on a ViT-B/32-shaped visual graph with random weights.
 *  - paraphrase ranking: hand-written question/paraphrase pairs; each question must rank its
 *    own paraphrase first among all the paraphrases (top-1 and MRR), USE lite.
 *  - slide separation (needs ../shared): real slide frames (M3AV, 3 talks) and one keyframe per
 *    slide of the three lectures. Each frame is degraded (3 % crop, 0.6x scale, darker, JPEG
 *    q35) and must find its own original among the talk's slides (R@1); AUC of same-slide vs
 *    other-slide similarity; how often a slide's visual nearest neighbour is within 2 slides in
 *    the talk; Spearman correlation of visual similarity with OCR-text similarity.
 *
 * Run alone: node --import tsx bench/embeddings.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createClipEmbedder, createDefaultImageEmbedder } from '../src-main/engines/embed/image-embedder.ts';
import { type DecoderName, decodeRgb } from '../src-main/engines/embed/image-decode.ts';
import { DESCRIPTOR_HEIGHT, DESCRIPTOR_WIDTH, slideDescriptor } from '../src-main/engines/embed/slide-descriptor.ts';
import { degrade, renderSlide, SAMPLE_LAYOUTS } from '../src-main/engines/embed/testing/synthetic-slides.ts';
import {
  createDefaultTextEmbedder,
  createOnnxTextEmbedder,
  type TextEmbedder,
} from '../src-main/engines/embed/text-embedder.ts';
import {
  tinyClipTextOnnx,
  tinyClipTokenizerJson,
  tinyClipVisualOnnx,
  tinyTextEncoderOnnx,
} from '../src-main/engines/embed/testing/tiny-onnx-models.ts';
import { dot } from '../src-main/engines/embed/vector-pooling.ts';
import { defaultThreads } from '../src-main/engines/embed/onnx-session.ts';
import { randomBertOnnx, randomClipVisualOnnx } from '../src-main/engines/embed/testing/random-encoder-onnx.ts';
import { ffmpegPath } from '../src-main/media/ffmpeg-path.ts';
import type { BenchSection } from './bench-section.ts';
import { sharedDir } from './shared-data.ts';

const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const mb = () => process.memoryUsage().rss / 2 ** 20;

/** Transcript-window-sized texts (~35 words), deterministic. */
function transcriptWindows(n: number): string[] {
  const words = (
    'so the idea here is that we factor the matrix once and then reuse that factor every time we solve ' +
    'a new system which is why the cost of each solve drops from cubic to quadratic and in practice ' +
    'this is what makes least squares fitting fast enough when the right hand side keeps changing'
  ).split(' ');
  return Array.from({ length: n }, (_, i) => {
    const len = 25 + (i % 20);
    return Array.from({ length: len }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
  });
}

async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/** Load time and steady-state throughput of a text embedder (one warm-up call first). */
async function textSpeedRow(name: string, create: () => Promise<TextEmbedder>, texts: string[]) {
  const before = mb();
  const { ms: loadMs, value: embedder } = await timeIt(create);
  try {
    await embedder.embed(texts.slice(0, 4));
    const { ms } = await timeIt(() => embedder.embed(texts));
    return {
      embedder: name,
      dim: embedder.dim,
      'load ms': Math.round(loadMs),
      items: texts.length,
      'items/s': round((texts.length / ms) * 1000),
      'ms/item': round(ms / texts.length, 2),
      'RSS +MiB': Math.round(mb() - before),
    };
  } finally {
    await embedder.close();
  }
}

async function imageSpeedRow(
  name: string,
  create: () => Promise<{ embedImages(b: Buffer[]): Promise<Float32Array[]>; dim: number; close(): Promise<void> }>,
  frames: Buffer[],
) {
  const before = mb();
  const { ms: loadMs, value: embedder } = await timeIt(create);
  try {
    await embedder.embedImages(frames.slice(0, 2));
    const { ms } = await timeIt(() => embedder.embedImages(frames));
    return {
      embedder: name,
      dim: embedder.dim,
      'load ms': Math.round(loadMs),
      items: frames.length,
      'items/s': round((frames.length / ms) * 1000),
      'ms/item': round(ms / frames.length, 2),
      'RSS +MiB': Math.round(mb() - before),
    };
  } finally {
    await embedder.close();
  }
}

/** In-process descriptor with a forced decoder: what the decoder choice costs per frame. */
async function decoderRow(decoder: DecoderName, frames: Buffer[]) {
  const n = decoder === 'ffmpeg' ? Math.min(frames.length, 24) : frames.length;
  const { ms } = await timeIt(async () => {
    for (const f of frames.slice(0, n))
      slideDescriptor(await decodeRgb(f, DESCRIPTOR_WIDTH, DESCRIPTOR_HEIGHT, 'fill', decoder));
  });
  return {
    embedder: `slide descriptor, ${decoder} decode, 1 at a time, in-process`,
    dim: 448,
    'load ms': '',
    items: n,
    'items/s': round((n / ms) * 1000),
    'ms/item': round(ms / n, 2),
    'RSS +MiB': '',
  };
}

const PARAPHRASES: Array<[string, string]> = [
  [
    'Why is the Cholesky factor reused?',
    'We keep the Cholesky factorization so later solves can use it again without refactoring.',
  ],
  [
    'Where does she derive the chain rule?',
    'Here is the derivation of how derivatives of composed functions multiply together.',
  ],
  [
    'How much sunlight reaches the ground?',
    'The solar irradiance arriving at the surface of the earth after the atmosphere.',
  ],
  ['What is a regular language?', 'A language that some finite automaton accepts is called regular.'],
  [
    'Why does the camera image look distorted at the edges?',
    'Lens distortion bends straight lines near the border of the picture.',
  ],
  [
    'When does gradient descent converge?',
    'Conditions on the step size under which the iterative minimisation reaches the optimum.',
  ],
  ['What does the Fourier transform tell us?', 'Decomposing a signal into the frequencies it is made of.'],
  ['How is the exam graded?', 'The final test counts for half of your mark and homework for the rest.'],
];

async function paraphraseSection(): Promise<BenchSection> {
  const embedder = await createDefaultTextEmbedder();
  try {
    const q = await embedder.embed(PARAPHRASES.map((p) => p[0]));
    const a = await embedder.embed(PARAPHRASES.map((p) => p[1]));
    let top1 = 0;
    let rr = 0;
    let pos = 0;
    let neg = 0;
    const rows = PARAPHRASES.map(([question], i) => {
      const sims = a.map((v) => dot(q[i], v));
      const rank = 1 + sims.filter((s) => s > sims[i]).length;
      if (rank === 1) top1++;
      rr += 1 / rank;
      pos += sims[i];
      neg += (sims.reduce((x, y) => x + y, 0) - sims[i]) / (sims.length - 1);
      const best = sims.indexOf(Math.max(...sims));
      return {
        question,
        'rank of own paraphrase': rank,
        'cos own': round(sims[i], 3),
        'best other': best === i ? '' : PARAPHRASES[best][1].slice(0, 50),
      };
    });
    const n = PARAPHRASES.length;
    return {
      name: 'embeddings: paraphrase ranking (USE lite)',
      rows,
      notes: [
        `top-1 ${top1}/${n}, MRR ${round(rr / n, 3)}, mean cos own paraphrase ${round(pos / n, 3)} vs others ${round(neg / n, 3)}.`,
      ],
    };
  } finally {
    await embedder.close();
  }
}

interface Slide {
  talk: string;
  order: number;
  image: Buffer;
  text: string;
}

function loadSharedSlides(shared: string): Slide[] {
  const slides: Slide[] = [];
  const m3 = path.join(shared, 'data/ocr/m3av-train');
  if (existsSync(m3)) {
    for (const talk of readdirSync(m3).filter((t) => existsSync(path.join(m3, t, 'ocr/seg_imgs')))) {
      const ocr = JSON.parse(readFileSync(path.join(m3, talk, 'ocr/ocr_result.json'), 'utf8')) as Array<{
        name: string;
        ocr_data: Array<{ transcription: string }>;
      }>;
      const text = new Map(ocr.map((o) => [o.name, o.ocr_data.map((d) => d.transcription).join(' ')]));
      readdirSync(path.join(m3, talk, 'ocr/seg_imgs'))
        .sort()
        .forEach((f, order) =>
          slides.push({
            talk,
            order,
            image: readFileSync(path.join(m3, talk, 'ocr/seg_imgs', f)),
            text: text.get(f) ?? '',
          }),
        );
    }
  }
  const lectures = path.join(shared, 'data/lectures');
  if (existsSync(lectures)) {
    for (const name of readdirSync(lectures)) {
      const truthFile = path.join(lectures, name, 'truth.json');
      const video = path.join(lectures, name, `${name}.mp4`);
      if (!existsSync(truthFile) || !existsSync(video)) continue;
      const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as {
        slide_spans: Array<{ start: number; end: number; slide: number }>;
        slides: Record<string, { text: string }>;
      };
      const seen = new Set<number>();
      let order = 0;
      for (const span of truth.slide_spans) {
        if (span.slide < 0 || seen.has(span.slide)) continue;
        seen.add(span.slide);
        const image = execFileSync(ffmpegPath(), [
          '-v', 'error', '-ss', String((span.start + span.end) / 2), '-i', video,
          '-frames:v', '1', '-f', 'image2', '-c:v', 'mjpeg', '-q:v', '3', 'pipe:1',
        ]); // prettier-ignore
        slides.push({ talk: name, order: order++, image, text: truth.slides[String(span.slide)]?.text ?? '' });
      }
    }
  }
  return slides;
}

/** Crop 3 % off each side, scale to 0.6x, darken, JPEG q35: a frame a video pipeline mangled. */
async function mangle(image: Buffer): Promise<Buffer> {
  const meta = await sharp(image).metadata();
  const w = meta.width ?? 1280;
  const h = meta.height ?? 720;
  const cw = Math.round(w * 0.03);
  const ch = Math.round(h * 0.03);
  return sharp(image)
    .extract({ left: cw, top: ch, width: w - 2 * cw, height: h - 2 * ch })
    .resize(Math.round(w * 0.6))
    .modulate({ brightness: 0.92 })
    .jpeg({ quality: 35 })
    .toBuffer();
}

function spearman(a: number[], b: number[]): number {
  const rank = (x: number[]) => {
    const r = new Array<number>(x.length);
    x.map((v, i) => [v, i] as const)
      .sort((p, q) => p[0] - q[0])
      .forEach(([, i], k) => (r[i] = k));
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const m = (a.length - 1) / 2;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (ra[i] - m) * (rb[i] - m);
    da += (ra[i] - m) ** 2;
    db += (rb[i] - m) ** 2;
  }
  return num / Math.sqrt(da * db);
}

async function slideSeparationSection(shared: string): Promise<BenchSection> {
  const slides = loadSharedSlides(shared);
  const mangled = await Promise.all(slides.map((s) => mangle(s.image)));
  const images = await createDefaultImageEmbedder();
  const texts = await createDefaultTextEmbedder();
  try {
    const orig = await images.embedImages(slides.map((s) => s.image));
    const query = await images.embedImages(mangled);
    const textVecs = await texts.embed(slides.map((s) => s.text || ' '));
    const rows: Array<Record<string, string | number>> = [];
    const all = {
      n: 0,
      hits: 0,
      pos: [] as number[],
      neg: [] as number[],
      near: 0,
      nearChance: 0,
      vis: [] as number[],
      txt: [] as number[],
    };
    const talks = [...new Set(slides.map((s) => s.talk))];
    for (const talk of [...talks, 'all']) {
      const idxs = talk === 'all' ? null : slides.map((s, i) => (s.talk === talk ? i : -1)).filter((i) => i >= 0);
      if (!idxs) {
        rows.push(summaryRow('all', all));
        continue;
      }
      const t = {
        n: 0,
        hits: 0,
        pos: [] as number[],
        neg: [] as number[],
        near: 0,
        nearChance: 0,
        vis: [] as number[],
        txt: [] as number[],
      };
      for (const i of idxs) {
        t.n++;
        let best = -1;
        let bestSim = -Infinity;
        let nn = -1;
        let nnSim = -Infinity;
        for (const j of idxs) {
          const s = dot(query[i], orig[j]);
          if (s > bestSim) [best, bestSim] = [j, s];
          (j === i ? t.pos : t.neg).push(s);
          if (j !== i) {
            const o = dot(orig[i], orig[j]);
            if (o > nnSim) [nn, nnSim] = [j, o];
            if (j > i && slides[i].text && slides[j].text) {
              t.vis.push(o);
              t.txt.push(dot(textVecs[i], textVecs[j]));
            }
          }
        }
        if (best === i) t.hits++;
        if (nn >= 0 && Math.abs(slides[nn].order - slides[i].order) <= 2) t.near++;
        const nearby = idxs.filter((j) => j !== i && Math.abs(slides[j].order - slides[i].order) <= 2).length;
        t.nearChance += idxs.length > 1 ? nearby / (idxs.length - 1) : 0;
      }
      rows.push(summaryRow(talk, t));
      all.n += t.n;
      all.hits += t.hits;
      all.pos.push(...t.pos);
      all.neg.push(...t.neg);
      all.near += t.near;
      all.nearChance += t.nearChance;
      all.vis.push(...t.vis);
      all.txt.push(...t.txt);
    }
    return {
      name: `embeddings: slide separation (${images.id})`,
      rows,
      notes: [
        'R@1: a degraded frame finds its own slide among the talk’s slides. AUC: same-slide vs other-slide similarity.',
        'NN within 2: the visually most similar other slide is at most 2 slides away in the talk (chance in brackets).',
        'rho vs OCR text: Spearman correlation of visual cosine with USE cosine of the slides’ OCR text over slide pairs.',
        'Measured once on this set for the choice of default (not re-run here, nsfwjs is not a dependency): nsfwjs ' +
          'MobileNetV2 penultimate layer (1280-d, tfjs CPU) R@1 0.883, AUC 0.941, NN within 2 0.362, rho 0.315, ' +
          '~130 ms/frame, 9.4 s load, +270 MB of tfjs packages; slide descriptor R@1 0.936, AUC 0.959, NN within 2 0.362, ' +
          'rho 0.211, ~5 ms/frame.',
      ],
    };
  } finally {
    await images.close();
    await texts.close();
  }
}

function summaryRow(
  talk: string,
  t: {
    n: number;
    hits: number;
    pos: number[];
    neg: number[];
    near: number;
    nearChance: number;
    vis: number[];
    txt: number[];
  },
): Record<string, string | number> {
  let auc = 0;
  for (const p of t.pos) for (const q of t.neg) auc += p > q ? 1 : p === q ? 0.5 : 0;
  auc /= Math.max(1, t.pos.length * t.neg.length);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    talk,
    slides: t.n,
    'R@1 degraded': round(t.hits / t.n, 3),
    AUC: round(auc, 3),
    'cos same': round(mean(t.pos), 3),
    'cos other': round(mean(t.neg), 3),
    'NN within 2 (chance)': `${round(t.near / t.n, 3)} (${round(t.nearChance / t.n, 3)})`,
    'rho vs OCR text': t.vis.length > 2 ? round(spearman(t.vis, t.txt), 3) : '',
  };
}

async function speedSection(): Promise<BenchSection> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lectern-embed-bench-'));
  const loadBefore = loadavg()[0];
  try {
    const windows = transcriptWindows(256);
    // Tiny ONNX text encoder over the windows' own vocabulary (so nothing maps to [UNK]).
    const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', ...new Set(windows.join(' ').split(' '))];
    writeFileSync(path.join(dir, 'vocab.txt'), `${vocab.join('\n')}\n`);
    writeFileSync(
      path.join(dir, 'text.onnx'),
      tinyTextEncoderOnnx(vocab.map((_, i) => Array.from({ length: 32 }, (_, d) => Math.sin(i + d)))),
    );
    // Tiny CLIP graphs.
    const clipTok = tinyClipTokenizerJson(['slide', 'graph']);
    const clipVocab = Object.keys((clipTok.model as { vocab: Record<string, number> }).vocab).length;
    writeFileSync(
      path.join(dir, 'visual.onnx'),
      tinyClipVisualOnnx([
        [1, 0],
        [0, 1],
        [1, 1],
      ]),
    );
    writeFileSync(
      path.join(dir, 'clip-text.onnx'),
      tinyClipTextOnnx(Array.from({ length: clipVocab }, (_, k) => [k, 1])),
    );
    writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(clipTok));
    // Full-size graphs with random weights: the compute of all-MiniLM-L6-v2 and CLIP ViT-B/32.
    writeFileSync(path.join(dir, 'minilm-shaped.onnx'), randomBertOnnx());
    writeFileSync(path.join(dir, 'vit-b32-visual-shaped.onnx'), randomClipVisualOnnx());
    writeFileSync(
      path.join(dir, 'clip-text-512.onnx'),
      tinyClipTextOnnx(
        Array.from({ length: clipVocab }, (_, k) => Array.from({ length: 512 }, (_, d) => Math.cos(k + d))),
      ),
    );

    // Keyframes: real slide frames when ../shared is there, else synthetic 1280x720 JPEG slides.
    const shared = sharedDir();
    const m3 = shared ? path.join(shared, 'data/ocr/m3av-train/NIH-FC81B/ocr/seg_imgs') : null;
    const frames =
      m3 && existsSync(m3)
        ? readdirSync(m3)
            .sort()
            .map((f) => readFileSync(path.join(m3, f)))
        : await Promise.all(
            Array.from({ length: 48 }, (_, i) =>
              renderSlide(SAMPLE_LAYOUTS[i % SAMPLE_LAYOUTS.length], 'jpeg').then((b) => (i % 2 ? degrade(b) : b)),
            ),
          );
    const source =
      m3 && existsSync(m3) ? 'real 1280x720 JPEG slide frames (M3AV NIH-FC81B)' : 'synthetic 1280x720 JPEG slides';

    const rows: Array<Record<string, string | number>> = [];
    rows.push(await textSpeedRow('text: USE lite (default), 25-44-word windows', createDefaultTextEmbedder, windows));
    rows.push(
      await textSpeedRow(
        'text: ONNX path, tiny generated graph (overhead only)',
        () =>
          createOnnxTextEmbedder({
            modelPath: path.join(dir, 'text.onnx'),
            tokenizerPath: path.join(dir, 'vocab.txt'),
          }),
        windows,
      ),
    );
    rows.push(
      await textSpeedRow(
        'text: ONNX path, all-MiniLM-L6-v2-shaped graph, random weights',
        () =>
          createOnnxTextEmbedder({
            modelPath: path.join(dir, 'minilm-shaped.onnx'),
            tokenizerPath: path.join(dir, 'vocab.txt'),
          }),
        windows.slice(0, 128),
      ),
    );
    rows.push(
      await imageSpeedRow('image: slide descriptor (default), worker, batch 16', createDefaultImageEmbedder, frames),
    );
    rows.push(await decoderRow('sharp', frames));
    rows.push(await decoderRow('ffmpeg', frames));
    rows.push(
      await imageSpeedRow(
        'image: CLIP path, tiny generated graphs (decode + 224 tensor + run)',
        () =>
          createClipEmbedder({
            visualModelPath: path.join(dir, 'visual.onnx'),
            textModelPath: path.join(dir, 'clip-text.onnx'),
            tokenizerPath: path.join(dir, 'tokenizer.json'),
          }),
        frames,
      ),
    );
    rows.push(
      await imageSpeedRow(
        'image: CLIP path, ViT-B/32-shaped visual graph, random weights',
        () =>
          createClipEmbedder({
            visualModelPath: path.join(dir, 'vit-b32-visual-shaped.onnx'),
            textModelPath: path.join(dir, 'clip-text-512.onnx'),
            tokenizerPath: path.join(dir, 'tokenizer.json'),
          }),
        frames.slice(0, 24),
      ),
    );
    return {
      name: 'embeddings: load and throughput',
      rows,
      notes: [
        `Frames: ${frames.length} ${source}. Texts: ${windows.length} windows of 25-44 words.`,
        'load ms includes starting the worker thread. "tiny generated graph" rows measure everything but a real model’s ' +
          'compute (no sentence-encoder or CLIP weights ship in any npm package, so real ONNX model speed cannot be measured here).',
        '"random weights" rows have the real model’s shape and compute (90 MB and 351 MB ONNX files) with noise for weights: ' +
          'their speed is what an installed model costs here, their vectors mean nothing.',
        `ONNX models run with ${defaultThreads()} intra-op thread(s) (half the cores), the engines' default.`,
        'RSS +MiB: whole-process resident memory growth while the embedder was open (worker included).',
        `1-min load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after this table: ` +
          'other work on a shared machine slows every row alike.',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchSection[]> {
  const sections = [await speedSection(), await paraphraseSection()];
  const shared = sharedDir();
  if (shared && existsSync(path.join(shared, 'data'))) sections.push(await slideSeparationSection(shared));
  else sections.push({ name: 'embeddings: slide separation', rows: [], notes: ['skipped: ../shared is not present'] });
  return sections;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const section of await run()) {
    console.log(`\n### ${section.name}`);
    if (section.rows.length) console.table(section.rows);
    for (const note of section.notes ?? []) console.log(`  - ${note}`);
  }
}
