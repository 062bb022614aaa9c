import { contentTerms } from './lexical-terms.ts';

/**
 * Lexical similarity of texts to a fixed set of documents (a deck's pages): TF-IDF cosine over
 * content terms (stopwords out, Porter-stemmed), with the document frequencies taken over the
 * documents, so a term on every page counts for little and a term on one page for much.
 * tf = 1 + ln(count); idf = ln((1 + N) / (1 + df)) + 1.
 */
export class TfidfIndex {
  private readonly idf = new Map<string, number>();
  private readonly documents: Array<Map<string, number>>;
  /** For each term, the documents that have it and its weight there. */
  private readonly postings = new Map<string, Array<[number, number]>>();

  constructor(documents: readonly string[]) {
    const counts = documents.map(termCounts);
    const df = new Map<string, number>();
    for (const c of counts) for (const term of c.keys()) df.set(term, (df.get(term) ?? 0) + 1);
    const n = documents.length;
    for (const [term, d] of df) this.idf.set(term, Math.log((1 + n) / (1 + d)) + 1);
    this.documents = counts.map((c) => this.weigh(c, true));
    this.documents.forEach((doc, d) => {
      for (const [term, w] of doc) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push([d, w]);
      }
    });
  }

  get size(): number {
    return this.documents.length;
  }

  /** Unit-length weights of a text's terms; terms no document has are kept (they lower the cosine). */
  private weigh(counts: Map<string, number>, known: boolean): Map<string, number> {
    const out = new Map<string, number>();
    let norm2 = 0;
    for (const [term, count] of counts) {
      const idf = this.idf.get(term) ?? (known ? 0 : Math.log(1 + this.documents.length) + 1);
      const w = (1 + Math.log(count)) * idf;
      out.set(term, w);
      norm2 += w * w;
    }
    if (norm2 > 0) {
      const inv = 1 / Math.sqrt(norm2);
      for (const [term, w] of out) out.set(term, w * inv);
    }
    return out;
  }

  /** Cosine of each text with each document: a row-major texts x documents matrix. */
  similarity(texts: readonly string[]): Float32Array {
    const n = this.documents.length;
    const out = new Float32Array(texts.length * n);
    texts.forEach((text, i) => {
      for (const [term, w] of this.weigh(termCounts(text), false)) {
        for (const [d, dw] of this.postings.get(term) ?? []) out[i * n + d] += w * dw;
      }
    });
    return out;
  }
}

function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of contentTerms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}
