/**
 * Moment search over the library: embeds the query (in the embedder's worker thread) while the
 * lexical half runs in SQLite (lexical-half.ts; in a large library on a worker thread of its
 * own, so it also overlaps the dense scan), searches the in-memory dense index, fuses both
 * (core/grounding.ts) and fills in file, title and text.
 *
 * One MomentSearch per database. Its dense index holds the vectors of the query embedder's
 * model only (vectors of other models are never compared with it) and follows the library
 * through the `search_changes` log: each search first reloads the lectures changed since the
 * last one (a cheap indexed read when nothing changed).
 */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Moment } from '../core/domain-types.ts';
import {
  clipToSlide,
  DEFAULT_FUSION,
  sentenceSpan,
  groundMoments,
  type FusionOptions,
  type GroundedMoment,
  type GroundingUnit,
  type RankedList,
} from '../core/grounding.ts';
import {
  asksAboutLecture,
  LECTURE_OPENING_WHY,
  lectureOpening,
  openingMoments,
  topicOfQuestion,
} from '../core/lecture-questions.ts';
import { asksAboutNotice, isRecordingNotice } from '../core/recording-notices.ts';
import { feedbackTerms, relevanceModel } from '../core/grounding-feedback.ts';
import { supportingPage, whyWithPage } from '../core/grounding-page-why.ts';
import { capQuery } from '../core/grounding-query-cap.ts';
import { asksForDefinition } from '../core/grounding-definitions.ts';
import {
  answerTypeOf,
  pickMoments,
  RERANK_WEIGHTS,
  rerankFeatures,
  rerankScore,
  TermMatcher,
  weighDeckWords,
  type ExpansionMatchers,
  type RerankCandidate,
  type RerankQuery,
} from '../core/grounding-rerank.ts';
import { parseQuery, type ParsedQuery } from '../core/grounding-query.ts';
import { DenseVectorIndex } from '../core/grounding-vector-index.ts';
import { britishStem, termRanges } from '../core/lexical-terms.ts';
import type { ImageEmbedder } from '../engines/embed/image-embedder.ts';
import type { TextEmbedder } from '../engines/embed/text-embedder.ts';
import type { Db } from '../store/database.ts';
import { databaseFile } from '../store/data-dir.ts';
import { readDeckPagesShown } from '../store/deck-store.ts';
import {
  latestSearchChange,
  preparedOnce,
  lecturesWithVectors,
  readMomentRows,
  readSearchVectors,
  readWindowTexts,
  searchChangesSince,
  termDocuments,
  type MomentRows,
  type SearchVectorRow,
  type TimedSpan,
  type Sql,
} from '../store/moment-search.ts';
import { LexicalHalf, type LexicalRequest, type LexicalResult } from './lexical-half.ts';
import { LexicalSearchThread } from './lexical-search-thread.ts';
import { sharedTextAlignedImageEmbedder, sharedTextEmbedder } from '../pipeline/engine-registry.ts';
import { questionExpansion } from './wordnet-expansion.ts';
import { NEIGHBOUR_SECONDS, sentenceCandidates, type DenseEvidence } from './sentence-candidates.ts';

/** The encoders a search embeds its query with. */
export interface SearchEmbedders {
  text: () => Promise<TextEmbedder>;
  /** A CLIP-class embedder (text-aligned), when one is installed: the query's words against slide pictures. */
  pictures?: () => Promise<ImageEmbedder | null>;
}

export interface MomentSearchOptions {
  lectureId?: number;
  limit?: number;
}

/** Switches for the bench: which halves run, and the fusion settings. */
export interface MomentSearchTuning {
  lexical?: boolean;
  dense?: boolean;
  fusion?: FusionOptions;
  /** Candidates per list. */
  depth?: { windows: number; slides: number; chapters: number };
  /** Trim sentence windows that straddle a slide change to their slide (default true). */
  clip?: boolean;
  /** Narrow sentence windows to the sentences that answer (default true). */
  sentences?: boolean;
  /** Second-stage weights (core/grounding-rerank.ts), or false for the first stage's order. */
  rerank?: readonly number[] | false;
  /**
   * Pseudo-relevance feedback as a reranker feature (default off: measured by the training
   * script, it lowered held-out hit@1, so the shipped weights leave it out).
   */
  feedback?: boolean;
  /**
   * WordNet synonyms and described headwords as reranker features (default off: measured by
   * the training script, they left held-out hit@1 where it was, and WordNet takes seconds to load).
   */
  expansion?: boolean;
  /**
   * Where the lexical half runs: true in a worker thread (once it has started), false on this
   * thread; default: the worker in a large library on a machine with cores to spare
   * (LEXICAL_THREAD_ROWS, LEXICAL_THREAD_CORES).
   */
  lexicalThread?: boolean;
  /** Sees every reranked candidate with its features (for the reranker's training script). */
  onCandidates?: (candidates: RerankedCandidate[]) => void;
}

export interface RerankedCandidate {
  lectureId: number;
  start: number;
  end: number;
  features: number[];
}

const DEPTH = { windows: 100, slides: 30, chapters: 20 };
/** First-stage moments whose sentences the second stage re-scores. */
const CANDIDATES = 30;
/** First-stage moments and terms of the pseudo-relevance feedback. */
const FEEDBACK_MOMENTS = 5;
const FEEDBACK_TERMS = 10;
const QUERY_CACHE = 64;
/**
 * Whole searches warm() runs, of the kinds students ask (a definition, a reason, a date, a
 * person, a number, a misspelling): the first searches of a process run code V8 has not
 * compiled yet. On the 1,000-hour bench library, the first pass over the 135 questions right
 * after start had a p95 (end to end, with the reranker) of 31.1 and 30.2 ms after these, 35.3
 * and 32.5 ms without. The latency bench, which searched twice before measuring anyway, moved
 * within its noise (29.1 ms without, 28.9 and 30.1 ms with).
 */
const WARM_UP_QUESTIONS = [
  'what is the main idea of this method',
  'why does the example work this way',
  'when was it first discovered',
  'who proposed this approach',
  'how many steps does the algorithm take',
  'what are the assumptions behind the modle',
  'where does the formula come from',
  'how is it measured in practice',
];
/** Time a search (or one background slice) may spend loading vectors into the dense index. */
const SYNC_BUDGET_MS = 25;
const LOAD_AT_ONCE = 8;
/**
 * Dense rows from which a search's lexical half moves to a worker thread, to overlap with the
 * dense scan (about 30 lecture-hours): below it both halves take a few ms and a thread's round
 * trip and memory are not worth it.
 */
const LEXICAL_THREAD_ROWS = 20_000;
/**
 * Cores from which the worker is the default. Bench search, 2 cores, side by side, end to end
 * with the reranker (p95, worker vs the search's thread): 29.1 vs 35.8 ms at load 1.0, 38.2 vs
 * 41.5 ms at load 2.8, 46.2 vs 46.0 ms at load 2.9; only with other work busy on both cores does
 * it lose (66 vs 61 ms at load 4.6): the dense scan then slows while the worker runs FTS5 beside
 * it. A student's machine searching is rarely that busy, so two cores are enough.
 */
const LEXICAL_THREAD_CORES = 2;

/** Time spent per part of the last search, in ms (for the latency bench). */
export interface SearchTimings {
  sync: number;
  lexical: number;
  embed: number;
  dense: number;
  /** Waiting for the lexical worker thread after the dense half (0 when the lexical half ran on this thread). */
  lexicalWait: number;
  /** Whether the lexical half was sent to the worker thread. */
  lexicalOnThread: boolean;
  fuse: number;
  total: number;
}

export class MomentSearch {
  /** One dense index per kind of row (transcript windows, slide text, slide pictures), for the current models. */
  private dense: Partial<Record<SearchVectorRow['kind'], DenseVectorIndex>> = {};
  private indexModel: string | null = null;
  private pictureModel: string | null = null;
  private seenChange = -1;
  /** Lectures whose vectors still have to be (re)loaded. */
  private pending = new Set<number>();
  private loading: Promise<void> | null = null;
  private readonly queryVectors = new Map<string, Float32Array>();
  /** The lexical half on this thread's connection, and (in a large library) in a worker thread. */
  private readonly lexical: LexicalHalf;
  private thread: LexicalSearchThread | null = null;
  /** The database with the search's statements prepared once. */
  private readonly sql: Sql;
  lastTimings: SearchTimings | null = null;

  constructor(
    private readonly db: Db,
    private readonly embedders: SearchEmbedders = { text: () => sharedTextEmbedder() },
  ) {
    this.sql = preparedOnce(db);
    this.lexical = new LexicalHalf(this.sql);
  }

  /** Ends the lexical worker thread, if one started (the database stays open: its owner closes it). */
  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    await thread?.close();
  }

  /**
   * The worker thread for the lexical half when this search should use it and it is ready
   * (started on first need; until it answers, searches run their lexical half here).
   */
  private lexicalThread(
    wanted = this.denseStats.rows >= LEXICAL_THREAD_ROWS && availableParallelism() >= LEXICAL_THREAD_CORES,
  ): LexicalSearchThread | null {
    const dataDir = path.dirname(path.resolve(this.db.name));
    // The worker opens the library by its folder: a database elsewhere (or in memory) stays on this thread.
    if (!wanted || !this.db.open || this.db.memory || databaseFile(dataDir) !== path.resolve(this.db.name)) return null;
    if (!this.thread) {
      try {
        this.thread = new LexicalSearchThread(dataDir);
      } catch {
        return null;
      }
    }
    return this.thread.usable ? this.thread : null;
  }

  /** Bytes the dense index holds, and its rows. */
  get denseStats(): { rows: number; bytes: number; simd: boolean } {
    const all = Object.values(this.dense);
    return {
      rows: all.reduce((n, i) => n + i.size, 0),
      bytes: all.reduce((n, i) => n + i.memoryBytes, 0),
      simd: all.every((i) => i.simd) && all.length > 0,
    };
  }

  /**
   * The moments that answer `input`, best first. Every caller comes through here, so this is
   * where a query is capped (capQuery): no encoder or FTS expression ever sees more.
   */
  async search(input: string, options: MomentSearchOptions = {}, tuning: MomentSearchTuning = {}): Promise<Moment[]> {
    const t0 = performance.now();
    const question = capQuery(String(input ?? '')).text;
    // Matched and embedded without "in this lecture" and the like; its answer type read from all of it.
    const topic = topicOfQuestion(question);
    const parsed = parseQuery(topic);
    if (parsed.tokens.length === 0) return [];
    const limit = Math.max(1, Math.min(options.limit ?? 10, 100));
    const depth = tuning.depth ?? DEPTH;
    const scope = options.lectureId;

    const dense = tuning.dense ?? true;
    const embedder = dense ? await this.embedders.text().catch(() => null) : null;
    const pictures = dense ? await this.pictureEmbedder() : null;
    const t1 = performance.now();
    if (embedder || pictures) this.sync(embedder?.id ?? null, pictures?.id ?? null);
    const t2 = performance.now();
    // The query embeddings run in the embedders' workers while SQLite does the lexical half.
    const embedding =
      embedder && (this.dense.window?.size || this.dense['slide-text']?.size)
        ? this.embedQuery(embedder.id, topic, (t) => embedder.embed(t))
        : Promise.resolve(null);
    const pictureEmbedding =
      pictures?.embedTexts && this.dense['slide-image']?.size
        ? this.embedQuery(pictures.id, topic, (t) => pictures.embedTexts!(t))
        : Promise.resolve(null);
    embedding.catch(() => undefined);
    pictureEmbedding.catch(() => undefined);

    const alternatives = new Map<string, string[]>();
    const documents = new Map<string, number>();
    // In a large library the lexical half runs in a worker thread while this one scans the dense index.
    const thread = (tuning.lexical ?? true) ? this.lexicalThread(tuning.lexicalThread) : null;
    const lexicalHalf = () =>
      (tuning.lexical ?? true)
        ? this.lexicalLists({ parsed, lectureId: scope, depth }, alternatives, documents, thread)
        : [];
    // Sent to the worker once the query vector is there, so it runs beside the dense scan and
    // not beside the encoder: on 2 cores the two slowed each other (bench search, 1,000 hours,
    // two runs: end to end p50 23.0 / 24.1 -> 20.9 / 21.9 ms, p95 26.8 / 29.3 -> 26.8 / 27.6 ms;
    // the query's embedding p50 4.6 / 5.7 -> 3.9 / 4.1 ms). On this thread it runs at once,
    // while the encoder works in its own.
    let lexical = thread ? [] : lexicalHalf();
    const t3 = performance.now();

    const vector = await embedding.catch(() => null);
    const t4 = performance.now();
    if (thread) lexical = lexicalHalf();
    const handedOver = performance.now() - t4;
    const denseLists: RankedList[] = [];
    if (vector && this.indexModel === embedder?.id) {
      const window = this.dense.window?.search(vector, { k: depth.windows, lectureId: scope }) ?? [];
      const slide = this.dense['slide-text']?.search(vector, { k: depth.slides, lectureId: scope }) ?? [];
      denseLists.push({
        kind: 'window',
        signal: 'dense',
        units: window.map((h) => windowUnit(h.id, h.lectureId, h)),
        scores: window.map((h) => h.cosine),
      });
      denseLists.push({
        kind: 'slide',
        signal: 'dense',
        units: slide.map((h) => slideUnit(h.lectureId, h)),
        scores: slide.map((h) => h.cosine),
      });
    }
    const pictureVector = await pictureEmbedding.catch(() => null);
    if (pictureVector && this.pictureModel === pictures?.id) {
      const shown = this.dense['slide-image']?.search(pictureVector, { k: depth.slides, lectureId: scope }) ?? [];
      denseLists.push({
        kind: 'slide',
        signal: 'visual',
        units: shown.map((h) => slideUnit(h.lectureId, h)),
        scores: shown.map((h) => h.cosine),
      });
    }
    const t5 = performance.now();
    const lists = [...(await lexical), ...denseLists];
    const t6 = performance.now();
    const rerank = tuning.rerank ?? RERANK_WEIGHTS;
    const query = rerankQuery(question, parsed, alternatives, documents);
    const matcher = new TermMatcher(query);
    const expansion =
      rerank && (tuning.expansion ?? false)
        ? await questionExpansion(query.terms, (stems) => {
            const docs = termDocuments(this.db, stems);
            return new Set(stems.filter((s) => (docs.get(s) ?? 0) > 0));
          })
        : null;
    const stems = new Set(query.terms.flatMap((t) => t.stems));
    const moments = (
      rerank
        ? this.reranked(lists, query, matcher, limit, rerank, tuning, expansion, scope)
        : this.firstStage(lists, matcher, limit, tuning)
    ).map((m) => ({ ...m, marks: termRanges(m.text, stems) }));
    const t7 = performance.now();
    this.lastTimings = {
      sync: t2 - t1,
      lexical: t3 - t2 + handedOver,
      embed: t4 - t0,
      dense: t5 - t4 - handedOver,
      lexicalWait: t6 - t5,
      lexicalOnThread: thread !== null,
      fuse: t7 - t6,
      total: t7 - t0,
    };
    return moments;
  }

  /** The first stage's moments, narrowed to the sentences that answer and clipped to their slide. */
  private firstStage(lists: RankedList[], matcher: TermMatcher, limit: number, tuning: MomentSearchTuning): Moment[] {
    const grounded = groundMoments(lists, limit, tuning.fusion ?? DEFAULT_FUSION);
    // Every row the moments need, read at once over their widest spans (later steps only narrow them).
    const rows = readMomentRows(this.sql, grounded);
    if (tuning.sentences ?? true) narrowToSentences(grounded, rows, matcher);
    if (tuning.clip ?? true) clipWindows(grounded, rows);
    const shown = windowsToRead(grounded.map((g, i) => [g, rows[i]] as const));
    return describe(grounded, rows, readWindowTexts(this.sql, shown));
  }

  /** The sentences of the first stage's best moments, reranked (core/grounding-rerank.ts). */
  private reranked(
    lists: RankedList[],
    asked: RerankQuery,
    matcherOfAsked: TermMatcher,
    limit: number,
    weights: readonly number[],
    tuning: MomentSearchTuning,
    expansion: ExpansionMatchers | null,
    scope: number | undefined,
  ): Moment[] {
    const pool = groundMoments(lists, Math.max(limit, CANDIDATES), tuning.fusion ?? DEFAULT_FUSION);
    // A question about the lecture itself is answered at its opening, which it may share no word with.
    const parents = asked.aboutLecture ? [...pool, ...openingMoments(pool, scope)] : pool;
    // Every row the candidates need, read at once: each moment and the sentences around it
    // (not its windows: only a result without sentences shows a window's words, read below).
    const around = parents.map((p) => ({
      lectureId: p.lectureId,
      start: p.start - NEIGHBOUR_SECONDS,
      end: p.end + NEIGHBOUR_SECONDS,
    }));
    const rows = readMomentRows(this.sql, around, { windows: false });
    const pages = readDeckPagesShown(this.sql, around);
    const query = weighDeckWords(asked, pages.flat(), DECK_ONLY_WEIGHT);
    const matcher = query === asked ? matcherOfAsked : new TermMatcher(query);
    const leaveOut = query.aboutNotice ? () => false : isRecordingNotice;
    // An added opening offers only what is said in it (past a short lecture's end it holds nothing).
    const candidates = sentenceCandidates(parents, rows, denseEvidence(lists), matcher, pages, leaveOut).filter(
      (c) => c.parent < pool.length || c.candidate.spoken,
    );
    const feedback = tuning.feedback ? this.feedback(parents, rows, query) : null;
    const features = candidates.map((c) => rerankFeatures(query, matcher, c.candidate, feedback, expansion));
    tuning.onCandidates?.(
      candidates.map((c, i) => ({ lectureId: c.lectureId, start: c.start, end: c.end, features: features[i] })),
    );
    const scores = features.map((f) => rerankScore(f, weights));
    const scoreOf = new Map(candidates.map((c, i) => [c, scores[i]]));
    const picked = pickMoments(candidates, scores, limit)
      .filter((c) => c.rows.lecture)
      .map((c) => ({ c, said: c.rows.cues.filter((cue) => cue.start >= c.start - 1e-6 && cue.end <= c.end + 1e-6) }));
    // A result without sentences shows its moment's text (textOf): its rows read again, windows included.
    const unsaid = picked.filter((p) => p.said.length === 0).map((p) => p.c.parent);
    const unsaidRows = new Map(
      readMomentRows(
        this.sql,
        unsaid.map((i) => around[i]),
      ).map((r, k) => [unsaid[k], r]),
    );
    const windowTexts = readWindowTexts(
      this.sql,
      windowsToRead([...unsaidRows].map(([i, r]) => [parents[i], r] as const)),
    );
    return picked.map(({ c, said }) => ({
      ...c.rows.lecture!,
      start: c.start,
      end: c.end,
      score: round(1 / (1 + Math.exp(-scoreOf.get(c)!))),
      text: said.length
        ? said.map((cue) => cue.text).join(' ')
        : textOf(parents[c.parent], unsaidRows.get(c.parent)!, windowTexts),
      why: whyOf(parents[c.parent].why, c.candidate, query, matcher),
    }));
  }

  /** The feedback terms of the best first-stage moments as a matcher (null when there are none). */
  private feedback(
    parents: readonly GroundedMoment[],
    rows: readonly MomentRows[],
    query: RerankQuery,
  ): TermMatcher | null {
    const documents = parents.slice(0, FEEDBACK_MOMENTS).map((p, i) => ({
      text: rows[i].cues
        .filter((c) => c.end > p.start && c.start < p.end)
        .map((c) => c.text)
        .join(' '),
      weight: p.score,
    }));
    const model = relevanceModel(documents, new Set(query.terms.flatMap((t) => t.stems)));
    if (model.size === 0) return null;
    const terms = feedbackTerms(model, termDocuments(this.sql, [...model.keys()]), idf, FEEDBACK_TERMS);
    return terms.length
      ? new TermMatcher({ terms: terms.map((t) => ({ stems: [t.stem], weight: t.weight })), answerType: null })
      : null;
  }

  /** The text-aligned picture embedder, or null (none installed, or it failed to start). */
  private async pictureEmbedder(): Promise<ImageEmbedder | null> {
    const embedder = await this.embedders.pictures?.().catch(() => null);
    return embedder?.textAligned && embedder.embedTexts ? embedder : null;
  }

  /** The query's embedding by one model (cached for repeated queries). */
  private async embedQuery(
    model: string,
    text: string,
    embed: (texts: string[]) => Promise<Float32Array[]>,
  ): Promise<Float32Array> {
    const key = `${model}\u0000${text}`;
    const cached = this.queryVectors.get(key);
    if (cached) return cached;
    const [vector] = await embed([text]);
    this.queryVectors.set(key, vector);
    if (this.queryVectors.size > QUERY_CACHE) this.queryVectors.delete(this.queryVectors.keys().next().value!);
    return vector;
  }

  /**
   * Brings the dense index up to date with the library, for text vectors of `model` and slide
   * pictures of `pictureModel`: notes the lectures to (re)load, loads what fits in a few
   * milliseconds now and the rest in the background, a slice per event-loop turn (a large
   * library never blocks the process; until it is loaded, the dense half sees the lectures
   * loaded so far and the lexical half sees all).
   */
  sync(model: string | null, pictureModel: string | null = null): void {
    const latest = latestSearchChange(this.sql);
    if (this.indexModel !== model || this.pictureModel !== pictureModel) {
      this.dense = {};
      this.indexModel = model;
      this.pictureModel = pictureModel;
      this.pending = new Set(lecturesWithVectors(this.sql, model, pictureModel));
    } else if (latest !== this.seenChange) {
      for (const change of searchChangesSince(this.sql, this.seenChange)) this.pending.add(change.lectureId);
    }
    this.seenChange = latest;
    // A few lectures (a small library, or the ones just re-indexed) load at once.
    this.loadFor(this.pending.size <= LOAD_AT_ONCE ? Infinity : SYNC_BUDGET_MS);
    if (this.pending.size > 0) this.loading ??= this.loadInBackground();
  }

  /**
   * Gets the first search ready ahead of time (a host calls it at start): starts the text
   * embedder (worker and model) and embeds a throwaway query, loads the dense index in the
   * background, then reads the index vocabulary for typo corrections (a large library's
   * vocabulary takes a second or two to read), and last runs a few whole searches, so every
   * stage's code is compiled before the student's first question. Never rejects: search works
   * without any of it.
   */
  async warm(): Promise<void> {
    try {
      const embedder = await this.embedders.text().catch(() => null);
      const pictures = await this.pictureEmbedder();
      if (!this.db.open) return;
      if (embedder || pictures) {
        this.sync(embedder?.id ?? null, pictures?.id ?? null);
        await embedder?.embed(['warm up the query encoder']).catch(() => undefined);
        await pictures?.embedTexts?.(['warm up the query encoder']).catch(() => undefined);
        await this.ready();
      }
      // In a large library the lexical worker starts here, and reads its own vocabulary as it starts.
      this.lexicalThread();
      if (this.db.open && !this.thread) this.lexical.spelling();
      for (const question of WARM_UP_QUESTIONS) {
        if (!this.db.open) return;
        await this.search(question, { limit: 10 });
      }
    } catch {
      // A closed database or a failed engine: the first search will try again.
    }
  }

  /** Resolves once every pending lecture is in the dense index. */
  ready(): Promise<void> {
    return this.loading ?? Promise.resolve();
  }

  private loadFor(budgetMs: number): void {
    const until = performance.now() + budgetMs;
    for (const id of this.pending) {
      if (performance.now() >= until) break;
      this.pending.delete(id);
      this.loadLecture(id);
    }
  }

  private async loadInBackground(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!this.db.open) return;
        this.loadFor(SYNC_BUDGET_MS);
      }
    } finally {
      this.loading = null;
    }
  }

  private loadLecture(lectureId: number): void {
    const rows = readSearchVectors(this.sql, lectureId, this.indexModel, this.pictureModel);
    for (const kind of ['window', 'slide-text', 'slide-image'] as const) {
      const mine = rows.filter((r) => r.kind === kind);
      let index = this.dense[kind];
      if (mine.length === 0) {
        index?.removeLecture(lectureId);
        continue;
      }
      if (!index) {
        index = new DenseVectorIndex(mine[0].vector.length);
        this.dense[kind] = index;
      }
      const dim = index.dim;
      index.setLecture(
        lectureId,
        mine
          .filter((r) => r.vector.length === dim)
          .map((r) => ({ id: r.id, kind: 0, start: r.start, end: r.end, vector: r.vector })),
      );
    }
  }

  /**
   * The lexical lists; fills `alternatives` with the corrections it used for misspelled words
   * and `documents` with the rows each query word is in (before the lists are there). Runs on
   * `thread` when given, else here, synchronously.
   */
  private lexicalLists(
    request: LexicalRequest,
    alternatives: Map<string, string[]>,
    documents: Map<string, number>,
    thread: LexicalSearchThread | null,
  ): RankedList[] | Promise<RankedList[]> {
    const lists = (result: LexicalResult) => {
      for (const [word, near] of result.alternatives) alternatives.set(word, near);
      for (const [word, rows] of result.documents) documents.set(word, rows);
      return lexicalRankedLists(result, request.depth);
    };
    const away = thread?.run(request);
    // A worker that fails mid-search leaves this search to its own connection.
    return away ? away.then(lists, () => lists(this.lexical.run(request))) : lists(this.lexical.run(request));
  }
}

/** The lexical half's hits as ranked lists (the windows merged with the cues of lectures without windows). */
function lexicalRankedLists(result: LexicalResult, depth: LexicalRequest['depth']): RankedList[] {
  const windows = result.windows.map((h) => ({ unit: windowUnit(h.id, h.lectureId, h), score: h.score }));
  const cues = result.bareCues.map((h) => ({
    // Cue rows are not vector rows: no row id to read a window's text by (the cues give it).
    unit: { key: `t:${h.id}`, kind: 'window', lectureId: h.lectureId, start: h.start, end: h.end, rowId: -1 } as const,
    score: h.score,
  }));
  const spoken = cues.length
    ? [...windows, ...cues].sort((a, b) => b.score - a.score).slice(0, depth.windows)
    : windows;
  const { slides, chapters } = result;
  return [
    {
      kind: 'window',
      signal: 'lexical',
      units: spoken.map((h) => h.unit),
      scores: spoken.map((h) => h.score),
    },
    {
      kind: 'slide',
      signal: 'lexical',
      units: slides.map((h) => slideUnit(h.lectureId, h, h.id)),
      scores: slides.map((h) => h.score),
    },
    {
      kind: 'chapter',
      signal: 'lexical',
      scores: chapters.map((h) => h.score),
      units: chapters.map((h) => ({
        key: `c:${h.id}`,
        kind: 'chapter',
        lectureId: h.lectureId,
        start: h.start,
        end: h.end,
      })),
    },
  ];
}

/** Narrows window moments to the sentences in them that answer (see sentenceSpan). */
function narrowToSentences(grounded: GroundedMoment[], rows: readonly MomentRows[], matcher: TermMatcher): void {
  // A query word counts as said when its stem or one of its corrections is.
  const words = matcher.terms;
  grounded.forEach((g, i) => {
    if (g.unit.kind !== 'window') return;
    const cues = rows[i].cues.map((c) => ({
      start: c.start,
      end: c.end,
      lexical: words ? matcher.match(c.text).matched.size / words : 0,
    }));
    Object.assign(g, sentenceSpan(g, cues, rows[i].windows, g.windowScores));
  });
}

/** The question as the second stage sees it: its words with their corrections, weighted by rarity. */
function rerankQuery(
  question: string,
  parsed: ParsedQuery,
  alternatives: ReadonlyMap<string, string[]>,
  documents: ReadonlyMap<string, number>,
): RerankQuery {
  return {
    terms: parsed.words.map((w) => {
      const rows = documents.get(w.word) ?? 0;
      // A word no row holds cannot tell rows apart (reranked() weighs it again if a deck page has it).
      // A word with two spellings is matched by its British stem (britishStem), not Porter's broader one.
      const stems = [britishStem(w.word) ?? w.stem, ...(alternatives.get(w.word) ?? [])];
      return { stems, weight: rows > 0 ? idf(rows) : 0 };
    }),
    answerType: answerTypeOf(question),
    aboutLecture: asksAboutLecture(question),
    aboutNotice: asksAboutNotice(question),
    definitional: asksForDefinition(question),
  };
}

/** A term's weight from the rows it is in (an idf without the library's size, which it would cost a count to know). */
const idf = (rows: number) => Math.log(1 + 10_000 / (1 + rows));
/** The weight of a word only a deck page holds: as rare as a word can be. */
const DECK_ONLY_WEIGHT = idf(0);

/** The dense lists' hits (best first), for the reranker's dense features. */
function denseEvidence(lists: readonly RankedList[]): DenseEvidence {
  const of = (kind: 'window' | 'slide') => {
    const list = lists.find((l) => l.kind === kind && l.signal === 'dense');
    return (list?.units ?? []).map((u, i) => ({
      lectureId: u.lectureId,
      start: u.start,
      end: u.end,
      cosine: list!.scores?.[i] ?? 0,
    }));
  };
  return { windows: of('window'), slides: of('slide') };
}

/** Trims window moments that straddle a slide change to the slide they mostly lie in. */
function clipWindows(grounded: GroundedMoment[], rows: readonly MomentRows[]): void {
  grounded.forEach((g, i) => {
    if (g.unit.kind !== 'window') return;
    Object.assign(
      g,
      clipToSlide(
        g,
        rows[i].slides.filter((s) => s.start < g.end && s.end > g.start),
      ),
    );
  });
}

function describe(
  grounded: readonly GroundedMoment[],
  rows: readonly MomentRows[],
  windowTexts: ReadonlyMap<number, string>,
): Moment[] {
  const out: Moment[] = [];
  grounded.forEach((g, i) => {
    const context = rows[i].lecture;
    if (!context) return;
    out.push({
      ...context,
      start: g.start,
      end: g.end,
      score: round(g.score),
      text: textOf(g, rows[i], windowTexts),
      why: g.why,
    });
  });
  return out;
}

/** The words said in a window moment (its cues), or null when it has none. */
function saidText(g: GroundedMoment, rows: MomentRows): string | null {
  if (g.unit.kind !== 'window') return null;
  const said = rows.cues.filter((c) => Math.min(c.end, g.end) - Math.max(c.start, g.start) >= 0.5 * (c.end - c.start));
  return said.length > 0 ? said.map((c) => c.text).join(' ') : null;
}

/**
 * The windows whose words a moment shows when no cue gives them (an entry is undefined when
 * the window is not among the rows), or null when it shows none. Window units of the dense and
 * lexical lists name rows of any model: their row is found by span.
 */
function shownWindows(g: GroundedMoment, rows: MomentRows): Array<TimedSpan | undefined> | null {
  const bySpan = (u: GroundingUnit) =>
    rows.windows.find((w) => Math.abs(w.start - u.start) < 1e-6 && Math.abs(w.end - u.end) < 1e-6);
  if (g.windows.length > 0) return g.windows.map(bySpan);
  if (g.bestWindow) return [bySpan(g.bestWindow)];
  const inside = rows.windows.find((w) => w.start >= g.start - 1e-6 && w.end <= g.end + 1e-6);
  return inside ? [inside] : null;
}

/** Ids of the windows whose text textOf will show for these moments. */
function windowsToRead(moments: ReadonlyArray<readonly [GroundedMoment, MomentRows]>): number[] {
  return moments.flatMap(([g, rows]) =>
    saidText(g, rows) === null ? (shownWindows(g, rows) ?? []).flatMap((w) => (w ? [w.id] : [])) : [],
  );
}

/** What the moment shows: the words said in it (best window first), else the slide or chapter title. */
function textOf(g: GroundedMoment, rows: MomentRows, windowTexts: ReadonlyMap<number, string>): string {
  const said = saidText(g, rows);
  if (said !== null) return said;
  const shown = shownWindows(g, rows);
  if (shown) return joinWindows(shown.map((w) => (w ? (windowTexts.get(w.id) ?? '') : '')));
  if (g.unit.kind === 'slide' && g.unit.rowId !== undefined) {
    const slide = rows.slides.find((s) => s.id === g.unit.rowId);
    if (slide) return [slide.title, slide.text].filter(Boolean).join(' — ');
  }
  if (g.unit.kind === 'chapter') return rows.chapters.find((c) => c.id === rowIdOf(g.unit))?.text ?? '';
  return '';
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

const rowIdOf = (u: GroundingUnit) => u.rowId ?? Number(u.key.slice(2));

const windowUnit = (id: number, lectureId: number, span: { start: number; end: number }): GroundingUnit => ({
  key: `w:${id}`,
  kind: 'window',
  lectureId,
  start: span.start,
  end: span.end,
  rowId: id,
});

/** Slides are matched by time: the dense side knows a slide's vector row, the lexical side its slide row. */
const slideUnit = (lectureId: number, span: { start: number; end: number }, slideId?: number): GroundingUnit => ({
  key: `s:${lectureId}:${span.start.toFixed(3)}`,
  kind: 'slide',
  lectureId,
  start: span.start,
  end: span.end,
  ...(slideId !== undefined ? { rowId: slideId } : {}),
});

/**
 * Why a result answers: its moment's reasons with the deck page that backs it named; for a
 * question about the lecture answered at its opening or on its title page, that too ("lecture
 * opening", and the title page as "on slide p. 1" when it holds none of the question's words).
 */
function whyOf(why: readonly string[], candidate: RerankCandidate, query: RerankQuery, matcher: TermMatcher): string[] {
  const page = supportingPage(why, candidate.pages, matcher);
  const opening = query.aboutLecture === true && lectureOpening(candidate.at, candidate.pages) >= 0.5;
  const titlePage = opening && page === null && candidate.pages.some((p) => p.page === 1) ? 1 : page;
  const named = whyWithPage(why, titlePage);
  return opening ? [...named, LECTURE_OPENING_WHY] : named;
}

/** Joins overlapping windows' texts, dropping the sentences a window repeats from the one before. */
export function joinWindows(texts: string[]): string {
  let out = '';
  for (const text of texts) {
    if (!out) {
      out = text;
      continue;
    }
    let overlap = 0;
    for (let n = Math.min(out.length, text.length); n > 0; n--) {
      if (out.endsWith(text.slice(0, n)) && (n === text.length || text[n] === ' ')) {
        overlap = n;
        break;
      }
    }
    out = `${out}${overlap ? text.slice(overlap) : ` ${text}`}`;
  }
  return out.trim();
}

/** `get`, called again only when its last answer is older than `ms`. */
function atMostEvery<T>(ms: number, get: () => T): () => T {
  let at = -Infinity;
  let value: T;
  return () => {
    if (performance.now() - at >= ms) {
      value = get();
      at = performance.now();
    }
    return value;
  };
}

/**
 * The encoders of the library in `dataDir` (its installed models, else the built-ins). Which
 * models are installed is read from the model store at most once a second, not per query.
 */
export function libraryEmbedders(dataDir: string): SearchEmbedders {
  return {
    text: atMostEvery(1000, () => sharedTextEmbedder(dataDir)),
    pictures: atMostEvery(1000, () => sharedTextAlignedImageEmbedder(dataDir)),
  };
}
