/**
 * The lexical half of moment search: what a student typed, as FTS5 expressions.
 *
 * - Words that carry no topic (stopwords, question words) are dropped, so "where does he
 *   explain why..." does not match every sentence with "he" or "why" in it.
 * - Every remaining word is a quoted term (FTS5's porter tokenizer stems it); they are OR-ed,
 *   so a missing or misspelled word never zeroes out the query, and bm25 ranks rows that match
 *   more (and rarer) words first.
 * - For a formula or a short name, the typed words as one phrase (stopwords and single letters
 *   included) are OR-ed in too, so "A = L L^T", "O(n^3)" or "camera obscura" typed exactly
 *   ranks its exact occurrences first.
 * - A word the index does not know gets the closest known terms as alternatives (see
 *   grounding-spelling.ts): "choleski factr" still finds "Cholesky factor".
 * - The last word also matches as a prefix while it is being typed.
 * - In a large library, words found in many rows are ranked in cheaper passes that give the
 *   same bm25 (toMomentFtsPasses).
 */
import { isContentToken, stem, STOPWORDS } from './lexical-terms.ts';

const QUESTION_WORDS: ReadonlySet<string> = new Set(
  `explain explains explained explaining talk talks talking talked mention mentions mentioned discuss discusses discussed
  describe describes described show shows showed shown tell tells told lecture lecturer professor prof speaker
  where when why how what which who whom`.split(/\s+/),
);

/**
 * Words that ask where something is said ("at what point", "the part where", "that bit") and
 * carry no topic there, but name one after a word that does: "vanishing point", "focal point",
 * "moving part" (across the bench library, "what is a vanishing point" ranked the theory
 * lecture's "does have a place to go" first without it).
 */
const PLACE_WORDS: ReadonlySet<string> = new Set(['part', 'parts', 'bit', 'bits', 'point', 'points']);
/** Words before a place word that still name no topic: "a little bit", "the main point", "the starting point". */
const VAGUE_MODIFIERS: ReadonlySet<string> = new Set(
  `little tiny small whole first second last next final main key important other same different interesting good
  starting certain particular specific`.split(/\s+/),
);

/** A content word that does not only ask (what, explain, lecture). */
const isContentWord = (token: string) => isContentToken(token) && !QUESTION_WORDS.has(token);

/** Whether `token` (at index i of `tokens`) carries topic: a content word, a place word only after one naming it. */
function isTopicToken(tokens: readonly string[], i: number): boolean {
  const token = tokens[i];
  if (!isContentWord(token)) return false;
  if (!PLACE_WORDS.has(token)) return true;
  const before = tokens[i - 1];
  return before !== undefined && isContentWord(before) && !PLACE_WORDS.has(before) && !VAGUE_MODIFIERS.has(before);
}

export interface QueryWord {
  /** As typed, lower-cased. */
  word: string;
  /** Porter stem (what FTS5's porter tokenizer indexes, in almost all cases). */
  stem: string;
}

export interface ParsedQuery {
  /** Every token, in order (for the phrase). */
  tokens: string[];
  /** Tokens that carry topic, one per stem, in order. */
  words: QueryWord[];
  /** True when the last token may still be being typed (no trailing space or punctuation). */
  openEnded: boolean;
  /** Looks like a formula or notation: symbols, digits, or single letters in a short query. */
  formula: boolean;
}

export function parseQuery(input: string): ParsedQuery {
  const text = input.normalize('NFKC').toLowerCase();
  const tokens = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  const seen = new Set<string>();
  const words: QueryWord[] = [];
  for (const [i, token] of tokens.entries()) {
    if (!isTopicToken(tokens, i)) continue;
    // One word per stem: "remote" and "remotes" are one index term, which bm25 would count twice.
    const root = stem(token);
    if (seen.has(root)) continue;
    seen.add(root);
    words.push({ word: token, stem: root });
  }
  const formula =
    /[=^+*/<>()[\]{}|_]/.test(text) ||
    tokens.some((t) => /\d/.test(t)) ||
    (tokens.length <= 6 && tokens.some((t) => t.length === 1 && t !== 'a' && t !== 'i'));
  return { tokens, words, openEnded: /[\p{L}\p{N}]$/u.test(text), formula };
}

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;

/** The query's FTS5 phrases: one group per topic word (the word, its corrections, its prefix), then the rest. */
function phraseGroups(
  query: ParsedQuery,
  corrections: ReadonlyMap<string, string[]>,
  known: ReadonlySet<string>,
): { words: Array<{ word: string; phrases: string[] }>; rest: string[] } {
  const seen = new Set<string>();
  const fresh = (phrases: string[]) => phrases.filter((p) => !seen.has(p) && seen.add(p));
  const last = query.tokens[query.tokens.length - 1];
  const words: Array<{ word: string; phrases: string[] }> = [];
  for (const { word } of query.words) {
    const alternatives = [quote(word), ...(corrections.get(word) ?? []).map(quote)];
    if (query.openEnded && word === last && word.length >= 3 && !known.has(word)) alternatives.push(`${quote(word)}*`);
    const phrases = fresh(alternatives);
    if (phrases.length) words.push({ word, phrases });
  }
  const rest: string[] = [];
  // The exact wording, for formulas and short names: position lists make phrases the costly
  // part of a query, and a long question rarely occurs word for word.
  const phraseTokens = query.tokens.slice(0, 12);
  if (phraseTokens.length >= 2 && (query.formula || phraseTokens.length <= 3))
    rest.push(...fresh([quote(phraseTokens.join(' '))]));
  // Single-token queries that are all stopwords or one letter ("A", "the") still search for it.
  if (
    words.length === 0 &&
    rest.length === 0 &&
    query.tokens.length === 1 &&
    (STOPWORDS.has(last) || last.length === 1)
  ) {
    rest.push(quote(last));
  }
  return { words, rest };
}

/**
 * The FTS5 expression, or null when nothing in the query is searchable. `corrections` maps a
 * query word to known index terms to try as well (already stemmed as the index stores them);
 * `known` lists the words the index has (a known last word is not also tried as a prefix).
 */
export function toMomentFtsQuery(
  query: ParsedQuery,
  corrections: ReadonlyMap<string, string[]> = new Map(),
  known: ReadonlySet<string> = new Set(),
): string | null {
  const { words, rest } = phraseGroups(query, corrections, known);
  const parts = [...words.flatMap((w) => w.phrases), ...rest];
  return parts.length ? parts.join(' OR ') : null;
}

/** Common words whose pairs make the third pass of toMomentFtsPasses. */
const PAIRED = 3;

/**
 * The full expression (toMomentFtsQuery) as a few cheaper FTS5 queries whose results, merged
 * by row with the best score, rank the rows as the full expression does, except rows that hold
 * only the most common words of the query (left out, see below).
 *
 * FTS5 ranks an OR query by computing bm25 for every row that matches any phrase: a word found
 * in tens of thousands of rows costs tens of milliseconds, whatever the LIMIT. bm25 sums, over
 * the phrases of the matching parts of the expression, a term that depends only on the row and
 * the phrase (its idf is over the whole table). With the words split into rare ones (R: the
 * fewest documents, `budget` documents together) and common ones (c1 .. cn):
 *  - `R` scores rows without common words exactly;
 *  - `(R) AND (c1 OR .. cn)` scores rows with both exactly (every phrase is in it once);
 *  - `(c1 AND (c2 OR c3)) OR ((c2 AND c3) NOT c1)` scores rows with two of the three rarest
 *    common words exactly (the NOTs let one branch match per row, so no phrase counts twice);
 *    with more common words, P = that expression is `(P AND (c4 OR .. cn)) OR (P NOT (c4 OR .. cn))`
 *    (again one branch per row, every phrase once).
 * Each pass only visits rows that hold a rare word or two of the rarer common ones. Left out:
 * rows with no rare word and at most one of c1 .. c3. When the words together are in at most
 * `budget` documents (or only one word is common), the full expression is the one pass.
 * `documents` gives each query word's document count (corrections included).
 */
export function toMomentFtsPasses(
  query: ParsedQuery,
  documents: ReadonlyMap<string, number>,
  budget: number,
  corrections: ReadonlyMap<string, string[]> = new Map(),
  known: ReadonlySet<string> = new Set(),
): string[] {
  const { words, rest } = phraseGroups(query, corrections, known);
  const all = [...words.flatMap((w) => w.phrases), ...rest];
  if (all.length === 0) return [];
  const docs = (w: { word: string }) => documents.get(w.word) ?? 0;
  const total = words.reduce((n, w) => n + docs(w), 0);
  if (total <= budget || words.length < 2) return [all.join(' OR ')];
  const order = [...words].sort((a, b) => docs(a) - docs(b));
  let kept = 0;
  let used = 0;
  while (kept < order.length && (kept === 0 || used + docs(order[kept]) <= budget)) used += docs(order[kept++]);
  const common = order.slice(kept);
  if (common.length === 0) return [all.join(' OR ')];
  const rare = [...order.slice(0, kept).flatMap((w) => w.phrases), ...rest].join(' OR ');
  const any = (list: typeof common) => list.flatMap((w) => w.phrases).join(' OR ');
  const passes = [rare, `(${rare}) AND (${any(common)})`];
  if (common.length >= 2) {
    // Two of the rarest PAIRED common words (the others are in nearly every row that matches).
    const paired = common.slice(0, PAIRED);
    const others = common.slice(PAIRED);
    const branches: string[] = [];
    for (let i = 0; i < paired.length - 1; i++) {
      const branch = `((${any([paired[i]])}) AND (${any(paired.slice(i + 1))}))`;
      branches.push(i === 0 ? branch : `(${branch} NOT (${any(paired.slice(0, i))}))`);
    }
    const pairs = branches.join(' OR ');
    // The other common words count once: in the branch for rows that have them, or not at all.
    passes.push(others.length === 0 ? pairs : `((${pairs}) AND (${any(others)})) OR ((${pairs}) NOT (${any(others)}))`);
  }
  return passes;
}
