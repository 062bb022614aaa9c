import { describe, expect, it } from 'vitest';
import { DenseVectorIndex, type IndexRow } from './grounding-vector-index.ts';

function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648 - 0.5;
  };
}

const normalise = (v: Float32Array) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

function rows(count: number, dim: number, seed: number, kindEvery = 0): IndexRow[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => ({
    id: seed * 1000 + i,
    kind: kindEvery && i % kindEvery === 0 ? 1 : 0,
    start: i * 10,
    end: i * 10 + 15,
    vector: normalise(Float32Array.from({ length: dim }, () => next() + 0.1)),
  }));
}

const exactTop = (all: IndexRow[], q: Float32Array, k: number) =>
  all
    .map((r) => ({ id: r.id, cos: r.vector.reduce((s, x, i) => s + x * q[i], 0) }))
    .sort((a, b) => b.cos - a.cos)
    .slice(0, k);

describe('the in-memory dense index', () => {
  for (const preferJs of [false, true]) {
    it(`finds the same nearest rows as an exact search, cosines within 1e-2 (${preferJs ? 'JS' : 'SIMD'})`, () => {
      const dim = 96;
      const index = new DenseVectorIndex(dim, { preferJs });
      const a = rows(300, dim, 1);
      const b = rows(200, dim, 2);
      index.setLecture(1, a);
      index.setLecture(2, b);
      expect(index.size).toBe(500);
      const q = b[17].vector;
      const hits = index.search(q, { k: 5, rerank: 500 });
      const exact = exactTop([...a, ...b], q, 5);
      expect(hits.map((h) => h.id)).toEqual(exact.map((e) => e.id));
      hits.forEach((h, i) => expect(Math.abs(h.cosine - exact[i].cos)).toBeLessThan(1e-2));
      expect(hits[0]).toMatchObject({ id: 2017, lectureId: 2, start: 170, end: 185 });
    });
  }

  it('keeps most of the exact top 10 among its top 50 when the coarse pass keeps only a tenth', () => {
    const dim = 128;
    const index = new DenseVectorIndex(dim);
    const all: IndexRow[] = [];
    for (let l = 1; l <= 20; l++) {
      const r = rows(200, dim, l);
      all.push(...r);
      index.setLecture(l, r);
    }
    let found = 0;
    for (let t = 0; t < 10; t++) {
      const q = all[t * 311].vector;
      const got = new Set(index.search(q, { k: 50, rerank: 400 }).map((h) => h.id));
      found += exactTop(all, q, 10).filter((e) => got.has(e.id)).length;
    }
    expect(found / 100).toBeGreaterThan(0.8);
  });

  it('searches one lecture or one kind only', () => {
    const dim = 32;
    const index = new DenseVectorIndex(dim);
    index.setLecture(1, rows(50, dim, 1, 5));
    index.setLecture(2, rows(50, dim, 2, 5));
    const q = rows(1, dim, 9)[0].vector;
    expect(index.search(q, { k: 100, lectureId: 2 }).every((h) => h.lectureId === 2)).toBe(true);
    const slides = index.search(q, { k: 100, kind: 1 });
    expect(slides).toHaveLength(20);
    expect(slides.every((h) => h.kind === 1)).toBe(true);
    expect(index.search(q, { k: 5, lectureId: 3 })).toEqual([]);
  });

  it('replaces and removes a lecture, compacting the rows it leaves behind', () => {
    const dim = 32;
    const index = new DenseVectorIndex(dim);
    for (let l = 1; l <= 6; l++) index.setLecture(l, rows(40, dim, l));
    const replacement = rows(10, dim, 77);
    index.setLecture(3, replacement);
    for (const l of [1, 2, 4]) index.removeLecture(l);
    index.setLecture(8, rows(5, dim, 8)); // triggers compaction: 130 of 245 rows were dead
    expect(index.size).toBe(10 + 80 + 5);
    expect(index.lectureIds().sort()).toEqual([3, 5, 6, 8]);
    const [hit] = index.search(replacement[4].vector, { k: 1 });
    expect(hit).toMatchObject({ id: 77004, lectureId: 3 });
    const [other] = index.search(rows(40, dim, 6)[39].vector, { k: 1 });
    expect(other).toMatchObject({ id: 6039, lectureId: 6 });
    expect(index.search(rows(40, dim, 1)[0].vector, { k: 200 }).some((h) => h.lectureId === 1)).toBe(false);
  });

  it('rejects vectors of the wrong length', () => {
    const index = new DenseVectorIndex(16);
    expect(() => index.setLecture(1, rows(2, 8, 1))).toThrow(RangeError);
    expect(() => index.search(new Float32Array(8), { k: 1 })).toThrow(RangeError);
  });
});
