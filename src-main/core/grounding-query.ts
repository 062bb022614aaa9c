/**
 * The lexical half of moment search: what a student typed, as FTS5 expressions.
 *
 * - Words that carry no topic (stopwords, question words) are dropped, so "where does he
 *   explain why..." does not match every sentence with "he" or "why" in it.
 * - Every remaining word is a quoted term (FTS5's porter tokenizer stems it); they are OR-ed,
 *   so a missing or misspelled word never zeroes out the query, and bm25 ranks rows that match
 *   more (and rarer) words first.
 * - The typed words as one phrase (stopwords and single letters included) are OR-ed in too, so
 *   a formula or exact wording typed exactly ("A = L L^T", "O(n^3)") ranks its exact
 *   occurrences first.
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
  return { tokens, words, openEnded: /[\p{L}\p{N}]$/u.test(text) };
}

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;

/**
 * The FTS5 expression, or null when nothing in the query is searchable. `corrections` maps a
 * query word to known index terms to try as well (already stemmed as the index stores them).
 */
export function toMomentFtsQuery(
  query: ParsedQuery,
  corrections: ReadonlyMap<string, string[]> = new Map(),
): string | null {
  const parts: string[] = [];
  const last = query.tokens[query.tokens.length - 1];
  for (const { word } of query.words) {
    const alternatives = [quote(word), ...(corrections.get(word) ?? []).map(quote)];
    if (query.openEnded && word === last && word.length >= 3) alternatives.push(`${quote(word)}*`);
    parts.push(...alternatives);
  }
  // The exact wording: only worth it with two or more tokens, and kept short.
  const phraseTokens = query.tokens.slice(0, 12);
  if (phraseTokens.length >= 2) parts.push(quote(phraseTokens.join(' ')));
  // Single-token queries that are all stopwords or one letter ("A", "the") still search for it.
  if (parts.length === 0 && query.tokens.length === 1 && (STOPWORDS.has(last) || last.length === 1)) {
    parts.push(quote(last));
  }
  return parts.length ? [...new Set(parts)].join(' OR ') : null;
}
