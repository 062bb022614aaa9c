import { contentTerms } from './lexical-terms.ts';

/**
 * Lexical text vectors for when no neural text encoder is available: TF-IDF over content
 * terms (stopwords removed, Porter-stemmed), hashed into a fixed number of dimensions with a
 * sign bit (the "hashing trick": colliding terms cancel on average instead of piling up).
 * tf = 1 + ln(count), idf = ln((1 + N) / (1 + df)) + 1 over the given texts.
 * Rows are L2-normalised; a text without content terms gives an all-zero row.
 */
export function textVectors(texts: string[], dim = 512): Float32Array {
  if (!Number.isInteger(dim) || dim < 1)
    throw new RangeError(`textVectors: dim must be a positive integer, got ${dim}`);
  const n = texts.length;
  const counts = texts.map((text) => {
    const c = new Map<string, number>();
    for (const term of contentTerms(text)) c.set(term, (c.get(term) ?? 0) + 1);
    return c;
  });
  const df = new Map<string, number>();
  for (const c of counts) for (const term of c.keys()) df.set(term, (df.get(term) ?? 0) + 1);

  const out = new Float32Array(n * dim);
  const row = new Float64Array(dim);
  const hashes = new Map<string, number>();
  counts.forEach((c, i) => {
    row.fill(0);
    for (const [term, count] of c) {
      let h = hashes.get(term);
      if (h === undefined) {
        h = fnv1a(term);
        hashes.set(term, h);
      }
      const weight = (1 + Math.log(count)) * (Math.log((1 + n) / (1 + (df.get(term) as number))) + 1);
      row[h % dim] += h & 0x80000000 ? -weight : weight;
    }
    let norm2 = 0;
    for (let k = 0; k < dim; k++) norm2 += row[k] * row[k];
    if (norm2 === 0) return;
    const inv = 1 / Math.sqrt(norm2);
    for (let k = 0; k < dim; k++) out[i * dim + k] = row[k] * inv;
  });
  return out;
}

/** 32-bit FNV-1a of a string's UTF-16 code units, unsigned. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
