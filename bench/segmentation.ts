/**
 * Chapter segmentation quality on ../shared/data (skips cleanly when absent):
 *  - lectures/<name>/chapters.json: a person's chapters of the three shared lectures (see
 *    lecture-chapters.ts): boundary P/R/F1 within 10 s and clear boundaries found, for Lectern
 *    (default tuning and leave-one-lecture-out), TW-FINCH alone as before, TextTiling, evenly
 *    spaced and every slide change; plus the ablation of each boundary-evidence signal.
 *  - text-segmentation/qmsum-dev: 12 real meetings with human topic spans. Text-only path:
 *    clips = consecutive utterances of about 10 s of speech (25 words); sentence ends =
 *    utterance ends; Lectern's evidence reads each speaker turn as a sentence. No timestamps
 *    exist, so time is synthetic: 2.5 words per second.
 *  - text-segmentation/choi/3-11: 50 Choi samples, sentences as clips, same synthetic time;
 *    Pk is also given on sentences, as in the literature.
 *  - lectures/<name>: the .vtt transcript on a 10 s clip grid (each cue's text in every clip it
 *    overlaps, as the pipeline does), scored by how many chapter boundaries land within
 *    +-3 s / +-10 s of a human slide change; and the pipeline's own features per feature set.
 * Methods: lectern (boundary evidence at sentence starts + the VidChapters-7M count prior),
 *  twfinch (TW-FINCH alone: auto K by gap statistic within the 2-10 min prior), twfinch with a
 *  wide prior (2-20 chapters), twfinch at the true K, and baselines in the same run: evenly
 *  spaced boundaries with the same K, TextTiling (its own depth cutoff and at the true / same K).
 * Metrics: boundary P/R/F1 at +-3 s and +-10 s, Pk and WindowDiff (1 s cells, window = half the
 * mean true segment), over-/under-segmentation at +-10 s (spurious / missed boundaries).
 *
 * Run alone: node --import tsx bench/segmentation.ts
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  priorRange,
  segmentChapters,
  snapBoundaries,
  type ChapterSegmentationInput,
} from '../src-main/core/chapter-segmentation.ts';
import { fuseClipFeatures, makeClipGrid } from '../src-main/core/clip-features.ts';
import { pk, scoreSegmentation, type SegmentationScores } from '../src-main/core/segmentation-metrics.ts';
import { parseSubtitles } from '../src-main/core/subtitles.ts';
import { textTiling } from '../src-main/core/texttiling.ts';
import { textVectors } from '../src-main/core/text-vectors.ts';
import { closeEngines, sharedTextEmbedder } from '../src-main/pipeline/engine-registry.ts';
import {
  boundaryEvidenceInput,
  CLIP_FEATURE_WEIGHTS,
  lectureClipFeatures,
  type ClipFeatureKind,
} from '../src-main/pipeline/lecture-clip-features.ts';
import { openDatabase } from '../src-main/store/database.ts';
import { readSignals, readSlides, readTranscript } from '../src-main/store/lecture-content-store.ts';
import type { BenchSection } from './bench-section.ts';
import { lectureLibrary, lectureTruths } from './grounding-data.ts';
import { APP_TARGET_SECONDS, lectureCases, lectureChapterRows } from './lecture-chapters.ts';
import { sharedDir } from './shared-data.ts';

const WORDS_PER_SECOND = 2.5;

/** One document to segment: clips with text and times, legal cuts, and (maybe) true boundaries. */
interface Item {
  corpus: 'qmsum' | 'choi' | 'lecture';
  name: string;
  duration: number;
  clips: Array<{ start: number; end: number; text: string }>;
  sentenceEnds: number[];
  /** True boundaries in seconds (topic starts / segment starts / human slide changes). */
  truth: number[];
  /** For Choi: true boundaries as sentence indices (clip index where a segment starts). */
  truthUnits?: number[];
  /** Sentences with text (QMSum: speaker turns; Choi: sentences), for Lectern's boundary evidence. */
  sentences?: Array<{ start: number; end: number; text: string }>;
}

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

function loadQmsum(dir: string): Item[] {
  const folder = path.join(dir, 'data/text-segmentation/qmsum-dev');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const meeting = JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as {
        meeting_transcripts: Array<{ speaker: string; content: string }>;
        topic_list: Array<{ topic: string; relevant_text_span: string[][] }>;
      };
      const turns = meeting.meeting_transcripts.map((t) =>
        t.content
          .replace(/\{\w+\}/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      );
      const starts: number[] = [];
      let t = 0;
      for (const turn of turns) {
        starts.push(t);
        t += Math.max(1, wordCount(turn)) / WORDS_PER_SECOND;
      }
      const duration = t;
      const turnStart = (i: number): number => (i < starts.length ? starts[i] : duration);
      // Clips: consecutive turns until about 25 words.
      const clips: Item['clips'] = [];
      let current: { start: number; end: number; text: string } | null = null;
      turns.forEach((turn, i) => {
        if (!current) current = { start: turnStart(i), end: turnStart(i + 1), text: '' };
        current.text += ` ${turn}`;
        current.end = turnStart(i + 1);
        if (wordCount(current.text) >= 25) {
          clips.push(current);
          current = null;
        }
      });
      if (current) clips.push(current);
      const topicStarts = meeting.topic_list
        .flatMap((topic) => topic.relevant_text_span.map((span) => Number(span[0])))
        .sort((a, b) => a - b);
      const truth = [...new Set(topicStarts.map(turnStart))].filter((b) => b > 0 && b < duration);
      return {
        corpus: 'qmsum' as const,
        name: file.replace(/\.json$/, ''),
        duration,
        clips,
        sentenceEnds: starts.slice(1),
        truth,
        sentences: turns.map((text, i) => ({ start: turnStart(i), end: turnStart(i + 1), text })),
      };
    });
}

function loadChoi(dir: string): Item[] {
  const folder = path.join(dir, 'data/text-segmentation/choi/3-11');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.ref'))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
    .map((file) => {
      const lines = readFileSync(path.join(folder, file), 'utf8').split('\n');
      const clips: Item['clips'] = [];
      const truthUnits: number[] = [];
      let t = 0;
      for (const line of lines) {
        if (line.startsWith('==========')) {
          if (clips.length > 0) truthUnits.push(clips.length);
          continue;
        }
        if (!line.trim()) continue;
        const d = Math.max(1, wordCount(line)) / WORDS_PER_SECOND;
        clips.push({ start: t, end: t + d, text: line });
        t += d;
      }
      const units = [...new Set(truthUnits)].filter((u) => u > 0 && u < clips.length);
      return {
        corpus: 'choi' as const,
        name: file.replace(/\.ref$/, ''),
        duration: t,
        clips,
        sentenceEnds: clips.slice(0, -1).map((c) => c.end),
        truth: units.map((u) => clips[u].start),
        truthUnits: units,
        sentences: clips,
      };
    });
}

function loadLectures(dir: string): Item[] {
  const folder = path.join(dir, 'data/lectures');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .sort()
    .filter((name) => existsSync(path.join(folder, name, 'truth.json')))
    .map((name) => {
      const truth = JSON.parse(readFileSync(path.join(folder, name, 'truth.json'), 'utf8')) as {
        duration_s: number;
        slide_changes: number[];
        files: { subtitles: string };
      };
      const { cues } = parseSubtitles(readFileSync(path.join(folder, name, truth.files.subtitles), 'utf8'));
      const duration = truth.duration_s;
      const grid = makeClipGrid(duration, 10);
      const clips = grid.map((c) => ({ ...c, text: '' }));
      // As the pipeline does: every cue's text goes to each clip it overlaps.
      for (const cue of cues) {
        for (const clip of clips) if (clip.end > cue.start && clip.start < cue.end) clip.text += ` ${cue.text}`;
      }
      return {
        corpus: 'lecture' as const,
        name,
        duration,
        clips,
        sentenceEnds: cues.map((c) => c.end),
        truth: truth.slide_changes,
      };
    });
}

interface MethodResult {
  method: string;
  k: number;
  boundaries: number[];
  scores: SegmentationScores;
  pkSentences?: number;
}

function inputOf(item: Item, features: Float32Array, dim: number): ChapterSegmentationInput {
  return {
    duration: item.duration,
    clips: item.clips.map(({ start, end }) => ({ start, end })),
    features,
    dim,
    sentenceEnds: item.sentenceEnds,
    slideSpans: [],
  };
}

/** Legal cuts as segmentChapters uses them (sentence ends inside the recording). */
function cutsOf(item: Item): number[] {
  return [...new Set(item.sentenceEnds.filter((t) => t > 0 && t < item.duration))].sort((a, b) => a - b);
}

function evenBoundaries(item: Item, k: number): number[] {
  const wanted = Array.from({ length: k - 1 }, (_, i) => ((i + 1) * item.duration) / k);
  return snapBoundaries(wanted, cutsOf(item), []);
}

function tilingBoundaries(item: Item, k?: number): number[] {
  const units = textTiling(
    item.clips.map((c) => c.text),
    { k, blockSequences: item.corpus === 'choi' ? 6 : 10 },
  );
  return snapBoundaries(
    units.map((u) => item.clips[u].start),
    cutsOf(item),
    [],
  );
}

function evaluate(item: Item, method: string, boundaries: number[]): MethodResult {
  const scores = scoreSegmentation(boundaries, item.truth, item.duration);
  const result: MethodResult = { method, k: boundaries.length + 1, boundaries, scores };
  if (item.truthUnits) {
    const starts = item.clips.map((c) => c.start);
    const toUnit = (t: number): number => {
      let best = 0;
      for (let u = 0; u < starts.length; u++) if (Math.abs(starts[u] - t) < Math.abs(starts[best] - t)) best = u;
      return best;
    };
    result.pkSentences = pk(boundaries.map(toUnit), item.truthUnits, item.clips.length, 1);
  }
  return result;
}

/**
 * Text-encoder vectors (the app's default text embedder) of every clip text, cached in the temp
 * folder keyed by the texts and the encoder (embedding thousands of clips is the slow part).
 */
async function clipEmbeddings(items: Item[]): Promise<Map<Item, { vectors: Float32Array; dim: number }>> {
  const embedder = await sharedTextEmbedder();
  const texts = items.flatMap((i) => i.clips.map((c) => c.text.trim() || '.'));
  const key = createHash('sha256').update(embedder.id).update(texts.join('\u0000')).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `lectern-bench-segmentation-${key}.f32`);
  let all: Float32Array;
  if (existsSync(file)) {
    const bytes = readFileSync(file);
    all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  } else {
    const rows = await embedder.embed(texts);
    all = new Float32Array(rows.length * rows[0].length);
    rows.forEach((r, i) => all.set(r, i * r.length));
    writeFileSync(`${file}.part`, all);
    renameSync(`${file}.part`, file);
  }
  const dim = all.length / texts.length;
  const out = new Map<Item, { vectors: Float32Array; dim: number }>();
  let at = 0;
  for (const item of items) {
    out.set(item, { vectors: all.slice(at * dim, (at + item.clips.length) * dim), dim });
    at += item.clips.length;
  }
  return out;
}

const LEXICAL_DIM = 512;

function runItem(item: Item, dense?: { vectors: Float32Array; dim: number }): MethodResult[] {
  const dim = LEXICAL_DIM;
  const features = textVectors(
    item.clips.map((c) => c.text),
    dim,
  );
  const input = inputOf(item, features, dim);
  const auto = segmentChapters(input);
  const autoBounds = auto.spans.slice(1).map((s) => s.start);
  const results = [evaluate(item, 'twfinch auto-K', autoBounds)];
  // The criterion alone: a prior wide enough not to decide (2 to 20 chapters).
  const wide = segmentChapters({ ...input, targetChapterSeconds: { min: item.duration / 20, max: item.duration / 2 } });
  results.push(
    evaluate(
      item,
      'twfinch auto-K, wide prior',
      wide.spans.slice(1).map((s) => s.start),
    ),
  );
  if (item.sentences) {
    const lectern = segmentChapters({ ...input, sentences: item.sentences });
    results.push(
      evaluate(
        item,
        'lectern (evidence + VidChapters prior)',
        lectern.spans.slice(1).map((s) => s.start),
      ),
    );
  }
  results.push(evaluate(item, 'even, same K', evenBoundaries(item, auto.k)));
  results.push(evaluate(item, 'texttiling, same K', tilingBoundaries(item, auto.k)));
  results.push(evaluate(item, 'texttiling, own cutoff', tilingBoundaries(item)));
  if (item.corpus !== 'lecture') {
    const trueK = item.truth.length + 1;
    const atTrue = segmentChapters({ ...input, requestedK: trueK });
    results.push(
      evaluate(
        item,
        'twfinch true K',
        atTrue.spans.slice(1).map((s) => s.start),
      ),
    );
    results.push(evaluate(item, 'even, true K', evenBoundaries(item, trueK)));
    results.push(evaluate(item, 'texttiling, true K', tilingBoundaries(item, trueK)));
  }
  if (dense) {
    // What the pipeline does with speech: lexical and text-encoder blocks fused with its weights.
    const fused = fuseClipFeatures(
      [
        { vectors: features, dim, weight: CLIP_FEATURE_WEIGHTS['spoken-words'] },
        { vectors: dense.vectors, dim: dense.dim, weight: CLIP_FEATURE_WEIGHTS.window },
      ],
      item.clips.length,
    );
    const withDense = { ...input, features: fused.features, dim: fused.dim };
    const starts = (r: { spans: Array<{ start: number }> }): number[] => r.spans.slice(1).map((x) => x.start);
    results.push(evaluate(item, 'twfinch auto-K, words+USE', starts(segmentChapters(withDense))));
    if (item.sentences) {
      results.push(
        evaluate(
          item,
          'lectern (evidence + VidChapters prior), words+USE',
          starts(segmentChapters({ ...withDense, sentences: item.sentences })),
        ),
      );
    }
    if (item.corpus !== 'lecture') {
      const trueK = item.truth.length + 1;
      results.push(
        evaluate(item, 'twfinch true K, words+USE', starts(segmentChapters({ ...withDense, requestedK: trueK }))),
      );
    }
  }
  return results;
}

/** Feature sets of the real pipeline on an indexed lecture: all of them, and each family alone. */
const LECTURE_FEATURE_SETS: Array<{ method: string; kinds: ClipFeatureKind[] }> = [
  {
    method: 'pipeline: all features',
    kinds: ['spoken-words', 'slide-words', 'window', 'slide-text', 'slide-image'],
  },
  { method: 'pipeline: words only (spoken+slide)', kinds: ['spoken-words', 'slide-words'] },
  { method: 'pipeline: dense only (USE+slide look)', kinds: ['window', 'slide-text', 'slide-image'] },
  { method: 'pipeline: speech only (words+USE)', kinds: ['spoken-words', 'window'] },
];

/**
 * The shared lectures as the app indexes them (real pipeline: OCR, slide changes, embeddings;
 * the cached library of the grounding bench), segmented with each feature set, the app's
 * default prior, and the app's snapping to detected slide changes and sentence ends.
 */
async function pipelineLectureResults(shared: string, items: Item[]): Promise<Map<Item, MethodResult[]>> {
  const out = new Map<Item, MethodResult[]>();
  const truths = lectureTruths(shared);
  if (truths.length === 0) return out;
  const library = await lectureLibrary(truths);
  const db = openDatabase(library);
  try {
    for (const item of items) {
      const truth = truths.find((t) => t.name === item.name);
      const row = truth
        ? (db.prepare('SELECT id, duration FROM lectures WHERE path = ?').get(truth.file) as
            { id: number; duration: number } | undefined)
        : undefined;
      if (!row) continue;
      const transcript = readTranscript(db, row.id);
      const slides = readSlides(db, row.id);
      const signals = readSignals(db, row.id);
      const results: MethodResult[] = [];
      for (const { method, kinds } of LECTURE_FEATURE_SETS) {
        const { clips, features, dim } = lectureClipFeatures(db, row.id, row.duration, { transcript, slides }, kinds);
        const segmentation = segmentChapters({
          duration: row.duration,
          clips,
          features,
          dim,
          ...boundaryEvidenceInput(transcript, slides, signals),
          targetChapterSeconds: APP_TARGET_SECONDS,
        });
        results.push(
          evaluate(
            item,
            method,
            segmentation.spans.slice(1).map((x) => x.start),
          ),
        );
      }
      out.set(item, results);
    }
  } finally {
    db.close();
  }
  return out;
}

const f3 = (x: number): number => Math.round(x * 1000) / 1000;

function row(corpus: string, item: string, trueK: number | string, r: MethodResult): Record<string, string | number> {
  const s = r.scores;
  return {
    corpus,
    item,
    method: r.method,
    'true K': trueK,
    K: r.k,
    'P@3s': f3(s.at3.precision),
    'R@3s': f3(s.at3.recall),
    'F1@3s': f3(s.at3.f1),
    'P@10s': f3(s.at10.precision),
    'R@10s': f3(s.at10.recall),
    'F1@10s': f3(s.at10.f1),
    Pk: f3(s.pk),
    WD: f3(s.windowDiff),
    'Pk sent': r.pkSentences === undefined ? '' : f3(r.pkSentences),
    'spurious@10s': s.counts.spurious,
    'missed@10s': s.counts.missed,
  };
}

function meanRow(
  corpus: string,
  method: string,
  results: MethodResult[],
  trueKs: number[],
): Record<string, string | number> {
  const m = (f: (r: MethodResult) => number): number => f3(results.reduce((s, r) => s + f(r), 0) / results.length);
  const hasSent = results.every((r) => r.pkSentences !== undefined);
  return {
    corpus,
    item: `mean of ${results.length}`,
    method,
    'true K': trueKs.length ? f3(trueKs.reduce((s, k) => s + k, 0) / trueKs.length) : '',
    K: m((r) => r.k),
    'P@3s': m((r) => r.scores.at3.precision),
    'R@3s': m((r) => r.scores.at3.recall),
    'F1@3s': m((r) => r.scores.at3.f1),
    'P@10s': m((r) => r.scores.at10.precision),
    'R@10s': m((r) => r.scores.at10.recall),
    'F1@10s': m((r) => r.scores.at10.f1),
    Pk: m((r) => r.scores.pk),
    WD: m((r) => r.scores.windowDiff),
    'Pk sent': hasSent ? m((r) => r.pkSentences as number) : '',
    'spurious@10s': m((r) => r.scores.counts.spurious),
    'missed@10s': m((r) => r.scores.counts.missed),
  };
}

export async function run(): Promise<BenchSection> {
  const dir = sharedDir();
  if (!dir) return { name: 'segmentation', rows: [], notes: ['skipped: ../shared (LECTERN_SHARED) is absent'] };
  const items = [...loadLectures(dir), ...loadQmsum(dir), ...loadChoi(dir)];
  if (items.length === 0) return { name: 'segmentation', rows: [], notes: ['skipped: no segmentation data found'] };
  const rows: Array<Record<string, string | number>> = [];
  const byCorpusMethod = new Map<string, { results: MethodResult[]; trueKs: number[] }>();
  const started = performance.now();
  const embedStarted = performance.now();
  const textItems = items.filter((i) => i.corpus !== 'lecture');
  const dense = await clipEmbeddings(textItems);
  const embedSeconds = (performance.now() - embedStarted) / 1000;
  const pipelineStarted = performance.now();
  const pipelineResults = await pipelineLectureResults(
    dir,
    items.filter((i) => i.corpus === 'lecture'),
  );
  const chapterCases = await lectureCases(dir);
  const pipelineSeconds = (performance.now() - pipelineStarted) / 1000;
  await closeEngines();
  for (const item of items) {
    const results = [...runItem(item, dense.get(item)), ...(pipelineResults.get(item) ?? [])];
    const trueK = item.corpus === 'lecture' ? `${item.truth.length + 1} slides` : item.truth.length + 1;
    for (const r of results) {
      // Per-item rows for lectures and QMSum; Choi (50 samples) only as means.
      if (item.corpus !== 'choi') rows.push(row(item.corpus, item.name, trueK, r));
      const key = `${item.corpus}\u0000${r.method}`;
      const entry = byCorpusMethod.get(key) ?? { results: [], trueKs: [] };
      entry.results.push(r);
      if (item.corpus !== 'lecture') entry.trueKs.push(item.truth.length + 1);
      byCorpusMethod.set(key, entry);
    }
  }
  for (const [key, { results, trueKs }] of byCorpusMethod) {
    const [corpus, method] = key.split('\u0000');
    rows.push(meanRow(corpus, method, results, trueKs));
  }
  const lectures = items.filter((i) => i.corpus === 'lecture');
  const person = lectureChapterRows(chapterCases);
  rows.unshift(...person.rows);
  const notes = [
    ...person.notes,
    `${items.length} items in ${((performance.now() - started) / 1000).toFixed(1)} s (text-encoder vectors of ${textItems.reduce((n, i) => n + i.clips.length, 0)} clips: ${embedSeconds.toFixed(1)} s, cached in the temp folder; indexed lectures: ${pipelineSeconds.toFixed(1)} s)`,
    'methods without a feature tag use the lexical clip vectors only (hashed TF-IDF); "words+USE" fuses them with the default text encoder (USE-lite) as the pipeline does; "pipeline: ..." = the shared lectures indexed by the real pipeline (OCR, detected slide changes, embeddings, loudness), chaptered as the segment stage does (boundary evidence, app default setting) from that feature set',
    'lectures: truth = human slide changes, not chapters: P@3s/P@10s = share of chapter boundaries landing on a slide change; R and F1 are low by design (chapters are coarser than slides)',
    `duration prior for auto K: ${lectures.map((l) => `${l.name} ${JSON.stringify(priorRange(l.duration))}`).join(', ')}`,
    'qmsum/choi time is synthetic (2.5 words/s); twfinch auto K uses the 2-10 min prior and lectern the VidChapters-7M count prior, so on Choi (10 segments in ~10 min of text) both are expected to under-segment',
    'spurious@10s = predicted boundaries with no true one within 10 s (over-segmentation); missed@10s = true boundaries with no predicted one within 10 s (under-segmentation)',
  ];
  return { name: 'segmentation', rows, notes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const section = await run();
  console.table(section.rows);
  for (const note of section.notes ?? []) console.log(`- ${note}`);
}
