import { contentTerms, tokenize } from './lexical-terms.ts';
import { sparseCosine } from './sparse-cosine.ts';

/** Something said, with when: a transcript cue or a sentence. */
export interface TimedText {
  start: number;
  end: number;
  text: string;
}

export interface KeySentenceOptions {
  /** Fewest sentences per chapter (when the chapter has that many worth quoting). Default 2. */
  min?: number;
  /** Most sentences per chapter. Default 4. */
  max?: number;
  /** Seconds of chapter per extra sentence above `min`. Default 240 (2 for 4 min, 3 for 8, 4 for 12+). */
  secondsPerSentence?: number;
  /**
   * What else tells what each chapter is about (its title, the text on its slides), one entry
   * per chapter: sentences that speak to it count as more central.
   */
  context?: ReadonlyArray<string | undefined>;
}

/** A sentence this short (in words) says too little to stand alone in notes. */
const MIN_WORDS = 6;
/** A "sentence" this long is a run-on (unpunctuated speech): quote it only if nothing else fits. */
const MAX_WORDS = 45;
/** Redundancy weight in the greedy pick (maximal marginal relevance). */
const REDUNDANCY = 0.6;
/** How much the chapter's title and slide text weigh against what was said (as this many sentences). */
const CONTEXT_WEIGHT = 2;
/** Questions to the audience make weaker notes than the statements that answer them. */
const QUESTION_FACTOR = 0.8;

// A sentence ends at . ? ! (optionally followed by quotes or brackets) before whitespace,
// but not after a common abbreviation ("e.g.", "Dr.", "Fig."). A single letter does end one:
// in lectures "... times the matrix A." is far more common than an initial.
const ABBREVIATION = /(?:^|\s)(?:e\.g|i\.e|etc|vs|cf|dr|mr|mrs|ms|prof|fig|eq|approx|resp)\.$/i;
const SENTENCE_END = /[.?!]+["'”’)\]]*(?=\s|$)/g;

/**
 * Joins transcript cues into sentences (cues often cut a sentence in two, or hold several),
 * with times interpolated by character position inside each cue. Text without sentence
 * punctuation (some ASR output) falls back to one sentence per cue.
 */
export function sentencesOf(cues: readonly TimedText[]): TimedText[] {
  // One running text, remembering where each cue's characters lie in time.
  let text = '';
  const anchors: Array<{ offset: number; length: number; start: number; end: number }> = [];
  for (const cue of cues) {
    const piece = cue.text.replace(/\s+/g, ' ').trim();
    if (!piece) continue;
    if (text) text += ' ';
    anchors.push({ offset: text.length, length: piece.length, start: cue.start, end: Math.max(cue.end, cue.start) });
    text += piece;
  }
  if (!text) return [];
  const timeAt = (offset: number, edge: 'start' | 'end'): number => {
    let lo = 0;
    let hi = anchors.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (anchors[mid].offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    const a = anchors[lo];
    const within = Math.min(1, Math.max(0, (offset - a.offset) / Math.max(1, a.length)));
    if (edge === 'start' && offset - a.offset <= 1) return a.start;
    if (edge === 'end' && a.offset + a.length - offset <= 1) return a.end;
    return a.start + within * (a.end - a.start);
  };

  const ends: number[] = [];
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    const before = text.slice(Math.max(0, match.index - 8), match.index + 1);
    if (match[0] === '.' && ABBREVIATION.test(before)) continue;
    // "3.5" never matches (no whitespace after the dot); "Section 3. Next" does, as it should.
    ends.push(end);
  }
  if (ends.length === 0) {
    return cues
      .filter((c) => c.text.trim())
      .map((c) => ({ start: c.start, end: c.end, text: c.text.replace(/\s+/g, ' ').trim() }));
  }
  if (ends[ends.length - 1] < text.length) ends.push(text.length);

  const sentences: TimedText[] = [];
  let from = 0;
  for (const end of ends) {
    const raw = text.slice(from, end);
    const lead = raw.length - raw.trimStart().length;
    const sentence = raw.trim();
    if (sentence) {
      const start = timeAt(from + lead, 'start');
      sentences.push({ start, end: Math.max(start, timeAt(end, 'end')), text: sentence });
    }
    from = end;
  }
  return sentences;
}

/** How many sentences a chapter of this length gets. */
export function keySentenceCount(chapterSeconds: number, options: KeySentenceOptions = {}): number {
  const min = options.min ?? 2;
  const max = options.max ?? 4;
  const per = options.secondsPerSentence ?? 240;
  return Math.max(min, Math.min(max, min + Math.floor(Math.max(0, chapterSeconds) / per)));
}

/**
 * A short extractive summary of each chapter: the sentences most central to what the chapter
 * is about, in the order they were said. A sentence's weight vector is TF-IDF over content
 * terms, with the chapters as documents (so terms the whole lecture repeats count less than
 * the ones that make a chapter its own); its centrality is the cosine to the rest of its
 * chapter. Sentences are picked greedily by centrality minus their overlap with the ones
 * already picked, so the summary does not say the same thing twice. Fillers ("Hi, folks.")
 * and run-ons are left out while better sentences exist.
 */
export function keySentences(
  transcript: readonly TimedText[],
  chapters: ReadonlyArray<{ start: number; end: number }>,
  options: KeySentenceOptions = {},
): TimedText[][] {
  const sentences = sentencesOf([...transcript].sort((a, b) => a.start - b.start));
  const byChapter: TimedText[][] = chapters.map(() => []);
  let c = 0;
  for (const sentence of sentences) {
    while (c < chapters.length - 1 && sentence.start >= chapters[c].end) c++;
    if (chapters.length > 0 && sentence.start >= chapters[c].start - 0.5) byChapter[c].push(sentence);
  }

  const terms = byChapter.map((list) => list.map((s) => contentTerms(s.text)));
  const df = new Map<string, number>();
  for (const chapter of terms) {
    for (const term of new Set(chapter.flat())) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const documents = Math.max(1, chapters.length);
  const idf = (term: string) => Math.log((1 + documents) / (1 + (df.get(term) ?? 0))) + 1;

  return byChapter.map((list, ci) => {
    if (list.length === 0) return [];
    const vectors = terms[ci].map((ts) => {
      const counts = new Map<string, number>();
      for (const t of ts) counts.set(t, (counts.get(t) ?? 0) + 1);
      const v = new Map<string, number>();
      for (const [t, n] of counts) v.set(t, (1 + Math.log(n)) * idf(t));
      return v;
    });
    const total = new Map<string, number>();
    for (const v of vectors) for (const [t, w] of v) total.set(t, (total.get(t) ?? 0) + w);
    const context = options.context?.[ci];
    if (context) {
      const v = new Map<string, number>();
      for (const t of contentTerms(context)) v.set(t, (v.get(t) ?? 0) + idf(t));
      const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((sum, w) => sum + w * w, 0));
      const typical = vectors.reduce((sum, m) => sum + norm(m), 0) / vectors.length;
      const scale = (CONTEXT_WEIGHT * typical) / (norm(v) || 1);
      for (const [t, w] of v) total.set(t, (total.get(t) ?? 0) + w * scale);
    }

    const words = list.map((s) => tokenize(s.text).length);
    const candidates = list.map((_, i) => i).filter((i) => vectors[i].size > 0);
    const good = candidates.filter((i) => words[i] >= MIN_WORDS && words[i] <= MAX_WORDS);
    const pool = good.length > 0 ? good : candidates;

    const centrality = new Map<number, number>();
    for (const i of pool) {
      // The chapter without this sentence: a long sentence must not win by matching itself.
      const rest = new Map(total);
      for (const [t, w] of vectors[i]) {
        const left = (rest.get(t) ?? 0) - w;
        if (left > 1e-9) rest.set(t, left);
        else rest.delete(t);
      }
      const score = list.length === 1 ? 1 : sparseCosine(vectors[i], rest);
      // A slight preference for sentences with substance over one-word-topic fragments.
      const question = list[i].text.endsWith('?') ? QUESTION_FACTOR : 1;
      centrality.set(i, score * question * Math.min(1, Math.sqrt(vectors[i].size / 4)));
    }

    const want = Math.min(pool.length, keySentenceCount(chapters[ci].end - chapters[ci].start, options));
    const picked: number[] = [];
    while (picked.length < want) {
      let best = -1;
      let bestScore = -Infinity;
      for (const i of pool) {
        if (picked.includes(i)) continue;
        const overlap = picked.reduce((m, j) => Math.max(m, sparseCosine(vectors[i], vectors[j])), 0);
        const score = (centrality.get(i) ?? 0) - REDUNDANCY * overlap;
        if (score > bestScore + 1e-12) {
          best = i;
          bestScore = score;
        }
      }
      if (best < 0) break;
      picked.push(best);
    }
    return picked.sort((a, b) => a - b).map((i) => list[i]);
  });
}
