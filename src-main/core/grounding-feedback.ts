/**
 * Pseudo-relevance feedback (RM3's relevance model): the words the first stage's best moments
 * share, beyond the question's own, as a second, weaker question. A student who describes a
 * concept ("the dark room with a hole in the wall") gets the term the lecturer used
 * ("obscura") when the best moments say it.
 *
 * P(t | R) = sum over the feedback moments of weight(moment) * tf(t, moment) / |moment|, then the
 * terms with the highest P(t | R) * idf(t) are kept.
 */
import { contentTerms } from './lexical-terms.ts';

export interface FeedbackDocument {
  text: string;
  /** How much the first stage trusts it (its fused score). */
  weight: number;
}

/** The `n` most likely feedback terms (stems) with P(t | R), the question's own stems left out. */
export function relevanceModel(
  documents: readonly FeedbackDocument[],
  exclude: ReadonlySet<string>,
  n = 30,
): Map<string, number> {
  const p = new Map<string, number>();
  for (const doc of documents) {
    const terms = contentTerms(doc.text);
    if (terms.length === 0) continue;
    for (const t of terms) {
      if (exclude.has(t) || t.length < 3) continue;
      p.set(t, (p.get(t) ?? 0) + doc.weight / terms.length);
    }
  }
  return new Map([...p.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n));
}

/** The `k` terms with the highest P(t | R) * idf(t), each with that product as its weight. */
export function feedbackTerms(
  model: ReadonlyMap<string, number>,
  documents: ReadonlyMap<string, number>,
  idf: (rows: number) => number,
  k = 10,
): Array<{ stem: string; weight: number }> {
  return [...model.entries()]
    .map(([stem, p]) => ({ stem, weight: p * idf(documents.get(stem) ?? 0) }))
    .filter((t) => t.weight > 0)
    .sort((a, b) => b.weight - a.weight || (a.stem < b.stem ? -1 : 1))
    .slice(0, k);
}
