/**
 * Typo tolerance for the lexical half of moment search: a query word whose stem the index does
 * not know is matched against the index's own vocabulary (stems with document frequencies), and
 * the closest known stems become alternatives. Closeness is the optimal-string-alignment edit
 * distance (insert, delete, substitute, swap two neighbours): at most 1 for words up to 5
 * letters, 2 beyond. Ties go to the stem closer to the word as typed, then to the more used.
 */

export interface VocabularyTerm {
  term: string;
  docs: number;
}

/** The vocabulary bucketed by length, so a lookup only compares stems of a possible length. */
export class SpellingVocabulary {
  private readonly byLength = new Map<number, VocabularyTerm[]>();
  readonly size: number;

  constructor(terms: Iterable<VocabularyTerm>) {
    let size = 0;
    for (const t of terms) {
      if (!/^\p{L}{3,}$/u.test(t.term)) continue;
      const bucket = this.byLength.get(t.term.length) ?? [];
      bucket.push(t);
      this.byLength.set(t.term.length, bucket);
      size++;
    }
    this.size = size;
  }

  /**
   * The known stems closest to `stem` (within the allowed distance): among equally close ones,
   * those closest to the word as typed (`word`, unstemmed) come first, then the more used; only
   * stems tied with the best on both are kept (at most `max`).
   */
  nearest(stem: string, word = stem, max = 2): string[] {
    const limit = maxDistance(stem);
    if (limit === 0) return [];
    const found: Array<{ term: string; distance: number; typed: number; docs: number }> = [];
    for (let length = stem.length - limit; length <= stem.length + limit; length++) {
      for (const t of this.byLength.get(length) ?? []) {
        const distance = editDistance(stem, t.term, limit);
        if (distance <= limit && distance > 0) {
          found.push({ term: t.term, distance, typed: editDistance(word, t.term), docs: t.docs });
        }
      }
    }
    found.sort((a, b) => a.distance - b.distance || a.typed - b.typed || b.docs - a.docs || (a.term < b.term ? -1 : 1));
    const best = found[0];
    return found
      .filter((f) => f.distance === best.distance && f.typed === best.typed)
      .slice(0, max)
      .map((f) => f.term);
  }
}

/** How many edits a word of this length may carry: none below 4 letters (too ambiguous). */
export function maxDistance(word: string): number {
  if (word.length < 4) return 0;
  return word.length <= 5 ? 1 : 2;
}

/**
 * Optimal-string-alignment distance between a and b, or limit + 1 as soon as it must exceed
 * `limit` (rows whose minimum passes the limit stop the computation).
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let row = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = row[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[n];
}
