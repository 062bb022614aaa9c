import { describe, expect, it } from 'vitest';
import { alignDeck, DEFAULT_ALIGNMENT_PARAMS, pageSpans, type AlignmentMoment } from './deck-alignment.ts';
import { seededRandom } from './seeded-random.ts';

/** moments x pages similarities: `truth[u]` (1-based page, or null) gets `hit`, others noise below `miss`. */
function similarities(truth: ReadonlyArray<number | null>, pages: number, hit: number, miss: number, seed = 1) {
  const random = seededRandom(seed);
  const out = new Float32Array(truth.length * pages);
  truth.forEach((page, u) => {
    for (let j = 0; j < pages; j++) out[u * pages + j] = page === j + 1 ? hit : miss * random();
  });
  return out;
}

const moments = (n: number, keyframes = false): AlignmentMoment[] =>
  Array.from({ length: n }, (_, u) => ({ start: u * 5, end: u * 5 + 5, keyframe: keyframes ? u : -1 }));

describe('alignDeck', () => {
  it('follows slides forward, skipping pages and coming back, from the picture', () => {
    const truth = [1, 1, 2, 2, 2, 5, 5, 6, 3, 3, 6, 7, 7];
    const result = alignDeck({
      pageCount: 8,
      moments: moments(truth.length, true),
      picture: similarities(truth, 8, 0.97, 0.6),
    });
    expect(result.pages).toEqual(truth);
  });

  it('says no page is shown where the picture matches none, and resumes the deck after', () => {
    const truth = [null, 1, 1, 2, null, null, 2, 3];
    const picture = similarities(
      truth.map((p) => p ?? 99),
      4,
      0.97,
      0.6,
    );
    const result = alignDeck({ pageCount: 4, moments: moments(truth.length, true), picture });
    expect(result.pages).toEqual(truth);
  });

  it('smooths noisy speech: a single sentence that sounds like another page does not move the deck', () => {
    // Pages 1..3 in order, each for 6 sentences; sentence 4 matches page 3 a little better.
    const truth = [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3];
    const speech = similarities(truth, 5, 0.3, 0.2, 7);
    speech[3 * 5 + 2] = 0.35;
    const alignment = alignDeck({ pageCount: 5, moments: moments(truth.length), speech });
    expect(alignment.pages).toEqual(truth);
    // Each sentence on its own would have jumped to page 3.
    const argmax = Array.from({ length: truth.length }, (_, u) => {
      const row = Array.from(speech.subarray(u * 5, u * 5 + 5));
      return row.indexOf(Math.max(...row)) + 1;
    });
    expect(argmax[3]).toBe(3);
  });

  it('never leaves a voice-only lecture without a page', () => {
    const speech = new Float32Array(6 * 3); // no evidence at all
    const result = alignDeck({ pageCount: 3, moments: moments(6), speech });
    expect(result.pages.every((p) => p !== null)).toBe(true);
    expect(result.pages[0]).toBe(1); // the deck starts at its first page
  });

  it('handles empty input', () => {
    expect(alignDeck({ pageCount: 0, moments: moments(3) }).pages).toEqual([null, null, null]);
    expect(alignDeck({ pageCount: 4, moments: [] }).spans).toEqual([]);
  });

  it('runs in time linear in pages: an hour of sentences against a 500-page deck', () => {
    const n = 720;
    const pages = 500;
    const truth = Array.from({ length: n }, (_, u) => 1 + Math.floor(u / 2));
    const started = performance.now();
    const result = alignDeck(
      { pageCount: pages, moments: moments(n), speech: similarities(truth, pages, 0.4, 0.2) },
      DEFAULT_ALIGNMENT_PARAMS,
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.pages.filter((p, u) => p === truth[u]).length / n).toBeGreaterThan(0.95);
  });
});

describe('pageSpans', () => {
  it('merges consecutive moments on one page and leaves out moments without a page', () => {
    expect(pageSpans(moments(5), [1, 1, null, 2, 2])).toEqual([
      { start: 0, end: 10, page: 1 },
      { start: 15, end: 25, page: 2 },
    ]);
    expect(pageSpans(moments(3), [1, null, 1])).toEqual([
      { start: 0, end: 5, page: 1 },
      { start: 10, end: 15, page: 1 },
    ]);
  });
});
