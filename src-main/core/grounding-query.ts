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
 */
import { isContentToken, stem, STOPWORDS } from './lexical-terms.ts';

const QUESTION_WORDS: ReadonlySet<string> = new Set(
  `explain explains explained explaining talk talks talking talked mention mentions mentioned discuss discusses discussed
  describe describes described show shows showed shown tell tells told lecture lecturer professor prof speaker
  part bit point where when why how what which who whom`.split(/\s+/),
);

export interface QueryWord {
  /** As typed, lower-cased. */
  word: string;
  /** Porter stem (what FTS5's porter tokenizer indexes, in almost all cases). */
  stem: string;
}

export interface ParsedQuery {
  /** Every token, in order (for the phrase). */
  tokens: string[];
  /** Tokens that carry topic, unique, in order. */
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
  for (const token of tokens) {
    if (seen.has(token) || !isContentToken(token) || QUESTION_WORDS.has(token)) continue;
    seen.add(token);
    words.push({ word: token, stem: stem(token) });
  }
  const formula =
    /[=^+*/<>()[\]{}|_]/.test(text) ||
    tokens.some((t) => /\d/.test(t)) ||
    (tokens.length <= 6 && tokens.some((t) => t.length === 1 && t !== 'a' && t !== 'i'));
  return { tokens, words, openEnded: /[\p{L}\p{N}]$/u.test(text), formula };
}

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;

/**
 * The FTS5 expression, or null when nothing in the query is searchable. `corrections` maps a
 * query word to known index terms to try as well (already stemmed as the index stores them);
 * `known` lists the words the index has (a known last word is not also tried as a prefix);
 * `common` lists words so frequent in the library that they are left out while at least two
 * other words remain (they discriminate little and cost the most to rank).
 */
export function toMomentFtsQuery(
  query: ParsedQuery,
  corrections: ReadonlyMap<string, string[]> = new Map(),
  known: ReadonlySet<string> = new Set(),
  options: { common?: ReadonlySet<string> } = {},
): string | null {
  const parts: string[] = [];
  const last = query.tokens[query.tokens.length - 1];
  const common = options.common ?? new Set<string>();
  const kept = query.words.filter((w) => !common.has(w.word));
  for (const { word } of kept.length >= 2 ? kept : query.words) {
    const alternatives = [quote(word), ...(corrections.get(word) ?? []).map(quote)];
    if (query.openEnded && word === last && word.length >= 3 && !known.has(word)) alternatives.push(`${quote(word)}*`);
    parts.push(...alternatives);
  }
  // The exact wording, for formulas and short names: position lists make phrases the costly
  // part of a query, and a long question rarely occurs word for word.
  const phraseTokens = query.tokens.slice(0, 12);
  if (phraseTokens.length >= 2 && (query.formula || phraseTokens.length <= 3))
    parts.push(quote(phraseTokens.join(' ')));
  // Single-token queries that are all stopwords or one letter ("A", "the") still search for it.
  if (parts.length === 0 && query.tokens.length === 1 && (STOPWORDS.has(last) || last.length === 1)) {
    parts.push(quote(last));
  }
  return parts.length ? [...new Set(parts)].join(' OR ') : null;
}
