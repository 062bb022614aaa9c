/**
 * Typo tolerance for the lexical half of moment search: a query word whose stem the index does
 * not know is matched against the index's own vocabulary (stems with document frequencies), and
 * the closest known stems become alternatives. Closeness is the optimal-string-alignment edit
 * distance (insert, delete, substitute, swap two neighbours): at most 1 for words up to 5
 * letters, 2 beyond. Ties go to the stem closer to the word as typed, then to the more used.
 * A stopword is never an alternative: the query drops it anyway, and in the index it matches
 * most rows ("teat" became "that" and "test": 348k of the 600k windows of a 1,000-hour library to
 * rank, 38 ms of FTS5 instead of 6). It still counts as the closest word: a typo closest to a
 * stopword gets no alternative in its place.
 */
import { stem, STOPWORDS } from './lexical-terms.ts';

export interface VocabularyTerm {
  term: string;
  docs: number;
}

/** One length's stems: the terms, their letter masks and their characters, side by side. */
interface Bucket {
  terms: VocabularyTerm[];
  masks: Uint32Array;
  codes: Uint16Array;
}

const NEAREST_CACHE = 256;

/** Stopwords as typed and as the index stems them ("becaus", "onli"). */
const STOP_TERMS: ReadonlySet<string> = new Set([...STOPWORDS].flatMap((w) => [w, stem(w)]));

/** Whether an index term may stand in for a misspelled word: not a stopword. */
export const isAlternative = (term: string): boolean => !STOP_TERMS.has(term);

/**
 * The vocabulary bucketed by length, so a lookup only compares stems of a possible length. A
 * letter mask per stem rules most stems out before any edit distance is computed: a letter the
 * one has and the other lacks costs at least one edit, so max(|a \ b|, |b \ a|) over the letter
 * sets is a lower bound of the distance (letters share mask bits modulo 32, which only weakens
 * the bound). Lookups are cached (the vocabulary never changes; a new one replaces it).
 */
export class SpellingVocabulary {
  private readonly byLength = new Map<number, Bucket>();
  private readonly cache = new Map<string, string[]>();
  readonly size: number;

  constructor(terms: Iterable<VocabularyTerm>) {
    const lists = new Map<number, VocabularyTerm[]>();
    let size = 0;
    for (const t of terms) {
      if (!/^\p{L}{3,}$/u.test(t.term)) continue;
      const list = lists.get(t.term.length) ?? [];
      list.push(t);
      lists.set(t.term.length, list);
      size++;
    }
    for (const [length, list] of lists) {
      const masks = new Uint32Array(list.length);
      const codes = new Uint16Array(list.length * length);
      list.forEach((t, i) => {
        masks[i] = letterMask(t.term);
        for (let j = 0; j < length; j++) codes[i * length + j] = t.term.charCodeAt(j);
      });
      this.byLength.set(length, { terms: list, masks, codes });
    }
    this.size = size;
  }

  /**
   * The known stems closest to `stem` (within the allowed distance): among equally close ones,
   * those closest to the word as typed (`word`, unstemmed) come first, then the more used; only
   * stems tied with the best on both are kept (at most `max`).
   */
  nearest(stem: string, word = stem, max = 2): string[] {
    const key = `${stem}\u0000${word}\u0000${max}`;
    const cached = this.cache.get(key);
    if (cached) return [...cached];
    const out = this.lookup(stem, word, max);
    this.cache.set(key, out);
    if (this.cache.size > NEAREST_CACHE) this.cache.delete(this.cache.keys().next().value!);
    return [...out];
  }

  private lookup(stem: string, word: string, max: number): string[] {
    const limit = maxDistance(stem);
    if (limit === 0) return [];
    const mask = letterMask(stem);
    const query = Uint16Array.from(stem, (c) => c.charCodeAt(0));
    const found: Array<{ term: string; distance: number; typed: number; docs: number }> = [];
    for (let length = stem.length - limit; length <= stem.length + limit; length++) {
      const bucket = this.byLength.get(length);
      if (!bucket) continue;
      const { terms, masks, codes } = bucket;
      for (let i = 0; i < terms.length; i++) {
        const m = masks[i];
        if (popcount(mask & ~m) > limit || popcount(m & ~mask) > limit) continue;
        const distance = codeDistance(query, codes.subarray(i * length, (i + 1) * length), limit);
        if (distance <= limit && distance > 0) {
          found.push({ term: terms[i].term, distance, typed: editDistance(word, terms[i].term), docs: terms[i].docs });
        }
      }
    }
    if (found.length === 0) return [];
    found.sort((a, b) => a.distance - b.distance || a.typed - b.typed || b.docs - a.docs || (a.term < b.term ? -1 : 1));
    const best = found[0];
    return found
      .filter((f) => f.distance === best.distance && f.typed === best.typed)
      .slice(0, max)
      .map((f) => f.term)
      .filter(isAlternative);
  }
}

/** One bit per letter (character code modulo 32). */
function letterMask(term: string): number {
  let mask = 0;
  for (let i = 0; i < term.length; i++) mask |= 1 << (term.charCodeAt(i) & 31);
  return mask >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
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
  return codeDistance(
    Uint16Array.from(a, (c) => c.charCodeAt(0)),
    Uint16Array.from(b, (c) => c.charCodeAt(0)),
    limit,
  );
}

/** Three rows of the distance table, reused across calls (grown when a longer word comes). */
let rows = new Int32Array(3 * 64);

/** editDistance over character codes (UTF-16 units), without allocating. */
function codeDistance(a: Uint16Array, b: Uint16Array, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const n = b.length;
  const width = n + 1;
  if (rows.length < 3 * width) rows = new Int32Array(3 * width * 2);
  let prev2 = 0;
  let prev = width;
  let row = 2 * width;
  for (let j = 0; j <= n; j++) rows[prev + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[row] = i;
    let best = i;
    const ai = a[i - 1];
    for (let j = 1; j <= n; j++) {
      const bj = b[j - 1];
      let d = rows[prev + j - 1] + (ai === bj ? 0 : 1);
      const up = rows[prev + j] + 1;
      const left = rows[row + j - 1] + 1;
      if (up < d) d = up;
      if (left < d) d = left;
      if (i > 1 && j > 1 && ai === b[j - 2] && a[i - 2] === bj && rows[prev2 + j - 2] + 1 < d)
        d = rows[prev2 + j - 2] + 1;
      rows[row + j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    const t = prev2;
    prev2 = prev;
    prev = row;
    row = t;
  }
  return rows[prev + n];
}
