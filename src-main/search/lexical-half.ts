/**
 * The lexical half of moment search, on one connection: document counts of the query's words,
 * typo corrections from the index vocabulary, the FTS5 passes over transcript windows, slides
 * and chapter titles, and the cues of lectures that have no windows. Plain data in and out, so
 * the same code runs on the search's thread or in lexical-search-worker (on a connection of its
 * own, while the search's thread scans the dense index).
 */
import { americanSpelling, britishSpelling } from '../core/british-spelling.ts';
import { toMomentFtsPasses, type ParsedQuery } from '../core/grounding-query.ts';
import { stem } from '../core/lexical-terms.ts';
import { maxDistance, SpellingVocabulary } from '../core/grounding-spelling.ts';
import {
  cueDocuments,
  latestCue,
  latestSearchChange,
  lecturesWithoutWindows,
  readVocabulary,
  searchChapterTitles,
  searchCueText,
  searchSlideText,
  searchWindowText,
  termDocuments,
  type LexicalHit,
  type Sql,
} from '../store/moment-search.ts';

/**
 * Rows the rare words of a query may match together before the other words are ranked in
 * cheaper passes (toMomentFtsPasses): FTS5 spends ~1-2 us ranking each matching row.
 */
const RARE_BUDGET = 3000;
/** Lectures without windows up to which their cues are searched lecture by lecture. */
const BARE_ONE_BY_ONE = 8;

export interface LexicalRequest {
  parsed: ParsedQuery;
  lectureId?: number;
  /** Candidates per list. */
  depth: { windows: number; slides: number; chapters: number };
}

export interface LexicalResult {
  windows: LexicalHit[];
  /** Matching cues of the lectures that have no transcript windows (their spoken text is only there). */
  bareCues: LexicalHit[];
  slides: LexicalHit[];
  chapters: LexicalHit[];
  /** Known index terms standing in for the query words the index has never seen (typos). */
  alternatives: Array<[word: string, near: string[]]>;
  /** Rows that use each query word (its stem, its form as typed, or its corrections). */
  documents: Array<[word: string, rows: number]>;
}

export class LexicalHalf {
  private bare = { key: '', ids: [] as number[] };
  private vocabulary: SpellingVocabulary | null = null;
  private vocabularyChange = -1;

  constructor(private readonly sql: Sql) {}

  run({ parsed, lectureId, depth }: LexicalRequest): LexicalResult {
    const docs = termDocuments(this.sql, [...new Set(parsed.words.flatMap((w) => [w.stem, w.word]))]);
    const known = new Set(parsed.words.filter((w) => docs.get(w.stem) || docs.get(w.word)).map((w) => w.word));
    const alternatives = this.corrections(parsed, known);
    const spellings = otherSpellings(parsed, known);
    // One count serves the corrections and the other spellings (it tells which ones the index holds).
    const corrected = termDocuments(this.sql, [
      ...new Set([...[...alternatives.values()].flat(), ...spellings.values()]),
    ]);
    for (const [word, other] of this.heldSpellings(spellings, corrected))
      alternatives.set(word, [...(alternatives.get(word) ?? []), other]);
    const documents = new Map<string, number>();
    for (const w of parsed.words) {
      documents.set(
        w.word,
        Math.max(docs.get(w.stem) ?? 0, docs.get(w.word) ?? 0) +
          (alternatives.get(w.word) ?? []).reduce((n, t) => n + (corrected.get(t) ?? 0), 0),
      );
    }
    const result: LexicalResult = {
      windows: [],
      bareCues: [],
      slides: [],
      chapters: [],
      alternatives: [...alternatives],
      documents: [...documents],
    };
    // A word only the lectures without windows say is counted in their cues (the search weighs a
    // word no row holds at all as nothing).
    const unheld = parsed.words.filter((w) => !documents.get(w.word));
    if (unheld.length > 0) {
      const cues = cueDocuments(this.sql, [...new Set(unheld.flatMap((w) => [w.stem, w.word]))]);
      const inCues = new Map(unheld.map((w) => [w.word, Math.max(cues.get(w.stem) ?? 0, cues.get(w.word) ?? 0)]));
      result.documents = result.documents.map(([word, rows]) => [word, rows || (inCues.get(word) ?? 0)]);
    }
    // One lecture's rows are few: its search ranks the full expression in one pass.
    const budget = lectureId === undefined ? RARE_BUDGET : Infinity;
    const match = toMomentFtsPasses(parsed, documents, budget, alternatives, known);
    if (match.length === 0) return result;
    const scope = (limit: number) => ({ lectureId, limit });
    result.windows = searchWindowText(this.sql, match, scope(depth.windows));
    result.bareCues = this.bareCues(match, lectureId, depth.windows);
    result.slides = searchSlideText(this.sql, match, scope(depth.slides));
    result.chapters = searchChapterTitles(this.sql, match, scope(depth.chapters));
    return result;
  }

  /**
   * Transcript cues that match in the lectures that have no windows (their text embedding
   * failed or has not run yet), so what was said there is still found. A few such lectures are
   * searched one by one; many, in one query over all cues.
   */
  private bareCues(match: readonly string[], lectureId: number | undefined, limit: number): LexicalHit[] {
    const key = `${latestSearchChange(this.sql)}:${latestCue(this.sql)}`;
    if (this.bare.key !== key) this.bare = { key, ids: lecturesWithoutWindows(this.sql) };
    const ids = lectureId === undefined ? this.bare.ids : this.bare.ids.filter((id) => id === lectureId);
    if (ids.length === 0) return [];
    const bare = new Set(ids);
    return ids.length <= BARE_ONE_BY_ONE
      ? ids.flatMap((id) => searchCueText(this.sql, match, { lectureId: id, limit }))
      : searchCueText(this.sql, match, { limit: limit * 2 }).filter((h) => bare.has(h.lectureId));
  }

  /**
   * The other spellings (otherSpellings) the index holds: counted over windows, slides and
   * chapters in `documents`, else in the cues (a lecture without transcript windows says its
   * words only there).
   */
  private heldSpellings(
    spellings: ReadonlyMap<string, string>,
    documents: ReadonlyMap<string, number>,
  ): Map<string, string> {
    const unseen = [...new Set([...spellings.values()].filter((root) => !documents.get(root)))];
    const cues = unseen.length > 0 ? cueDocuments(this.sql, unseen) : new Map<string, number>();
    return new Map([...spellings].filter(([, root]) => documents.get(root) || cues.get(root)));
  }

  /** Known index terms for the query words the index has never seen (typos). */
  private corrections(parsed: ParsedQuery, known: ReadonlySet<string>): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const unknown = parsed.words.filter((w) => !known.has(w.word) && maxDistance(w.stem) > 0 && !/\d/.test(w.word));
    if (unknown.length === 0) return out;
    const vocabulary = this.spelling();
    for (const w of unknown) {
      const near = vocabulary.nearest(w.stem, w.word);
      if (near.length) out.set(w.word, near);
    }
    return out;
  }

  /**
   * The index vocabulary for typo corrections, read again after the library changed (a large
   * library's takes a second or two: a host reads it ahead, see MomentSearch.warm).
   */
  spelling(): SpellingVocabulary {
    const latest = latestSearchChange(this.sql);
    if (!this.vocabulary || this.vocabularyChange !== latest) {
      this.vocabulary = new SpellingVocabulary(readVocabulary(this.sql));
      this.vocabularyChange = latest;
    }
    return this.vocabulary;
  }
}

/**
 * The other spelling, British or American, of the query words that have one ("optimisation" for
 * "optimization"), stemmed as the index stores it: the stemmer does not give both one stem, and a
 * lecture, its slides and a question may each spell either way. The American form only for a
 * word the index does not hold as typed: its stem can be broader than the word ("factorization"
 * stems to "factor"), and a British lecture said "factorisation". Not yet checked against the index.
 */
function otherSpellings(parsed: ParsedQuery, known: ReadonlySet<string>): Map<string, string> {
  const other = new Map<string, string>();
  for (const w of parsed.words) {
    const forms = known.has(w.word) ? [britishSpelling(w.word)] : [britishSpelling(w.word), americanSpelling(w.word)];
    for (const form of forms) {
      const root = stem(form);
      if (form !== w.word && root !== w.stem) other.set(w.word, root);
    }
  }
  return other;
}
