import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery, toMomentFtsPasses, toMomentFtsQuery } from '../core/grounding-query.ts';
import { openDatabase, type Db } from './database.ts';
import { ensureLecture } from './lectures-store.ts';
import { replaceSlides, replaceTranscript } from './lecture-content-store.ts';
import { cueDocuments, readMomentRows, readWindowTexts, searchWindowText, termDocuments } from './moment-search.ts';
import { replaceVectors } from './vectors-store.ts';

// Words from rare to common: word i lands in a window with probability about 0.6 / (i + 1).
const WORDS = 'camera obscura pinhole lens aperture image plane focus light object distance picture'.split(' ');
const FILLER = 'alpha beta gamma delta epsilon zeta eta theta iota kappa'.split(' ');

describe('lexical passes over a library (real FTS5)', () => {
  let dir: string;
  let db: Db;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-lexical-'));
    db = openDatabase(dir);
    let seed = 11;
    const next = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const lecture = ensureLecture(db, '/library/one.mp4', null, 'One').id;
    const windows = Array.from({ length: 3000 }, (_, i) => {
      const words = Array.from({ length: 4 + Math.floor(next() * 12) }, () => FILLER[Math.floor(next() * 10)]);
      WORDS.forEach((w, rank) => {
        for (let n = 0; n < 3 && next() < 1.2 / (rank + 2); n++) words.splice(Math.floor(next() * words.length), 0, w);
      });
      return { start: i * 10, end: i * 10 + 20, text: words.join(' '), model: 'm', vector: new Float32Array(2) };
    });
    replaceVectors(db, lecture, 'window', windows);
  });

  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ranks as the full expression does, leaving out only rows with nothing but the most common words', () => {
    let commons = 0;
    for (const query of [
      'pinhole image plane distance ',
      'obscura lens light object picture ',
      'camera pinhole lens aperture image plane focus light object ',
      'camera focus picture ',
      'aperture object ',
    ]) {
      const parsed = parseQuery(query);
      const documents = termDocuments(
        db,
        parsed.words.map((w) => w.stem),
      );
      const byWord = new Map(parsed.words.map((w) => [w.word, documents.get(w.stem) ?? 0]));
      const passes = toMomentFtsPasses(parsed, byWord, 600);
      expect(passes.length, query).toBeGreaterThan(1);
      // The common words, rarest first (the order the passes use).
      const common = parsed.words
        .filter((w) => !passes[0].includes(`"${w.word}"`))
        .sort((a, b) => byWord.get(a.word)! - byWord.get(b.word)!)
        .map((w) => w.word);
      const full = searchWindowText(db, toMomentFtsQuery(parsed)!, { limit: 5000 });
      const text = new Map(
        (
          db.prepare("SELECT id, text FROM vectors WHERE kind = 'window'").all() as Array<{ id: number; text: string }>
        ).map((r) => [r.id, new Set(r.text.split(' '))]),
      );
      // Rows the passes cannot see: no rare word and at most one of the three rarest common ones.
      const reachable = full.filter((h) => {
        const words = text.get(h.id)!;
        const rare = parsed.words.some((w) => !common.includes(w.word) && words.has(w.word));
        return rare || common.slice(0, 3).filter((w) => words.has(w)).length >= 2;
      });
      const split = searchWindowText(db, passes, { limit: 100 });
      commons = Math.max(commons, common.length);
      expect(split.map((h) => h.id)).toEqual(reachable.slice(0, 100).map((h) => h.id));
      split.forEach((h, i) => expect(h.score).toBeCloseTo(reachable[i].score, 9));
    }
    // Some query had more common words than the pairs pass takes.
    expect(commons).toBeGreaterThan(3);
  });

  it('counts the cues that hold a word, which a lecture without windows is searched in', () => {
    const bare = ensureLecture(db, '/library/bare.mp4', null, 'Bare').id;
    replaceTranscript(
      db,
      bare,
      [
        { start: 0, end: 5, text: 'The photodiode converts light.' },
        { start: 5, end: 9, text: 'A photodiode is a junction.' },
      ],
      'test',
    );
    expect(termDocuments(db, ['photodiod']).get('photodiod')).toBe(0);
    expect(cueDocuments(db, ['photodiod', 'junction', 'xylophon'])).toEqual(
      new Map([
        ['photodiod', 2],
        ['junction', 1],
        ['xylophon', 0],
      ]),
    );
  });
});

describe('readMomentRows', () => {
  let dir: string;
  let db: Db;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-moment-rows-'));
    db = openDatabase(dir);
    for (const name of ['a', 'b']) {
      const id = ensureLecture(db, `/library/${name}.mp4`, null, name.toUpperCase()).id;
      const cues = Array.from({ length: 6 }, (_, i) => ({
        start: i * 10,
        end: i * 10 + 10,
        text: `${name} sentence ${i}`,
      }));
      replaceTranscript(db, id, cues, 'test');
      replaceSlides(db, id, [
        { start: 0, end: 30, keyframe: null, thumbnail: null, title: `${name} first`, text: 'x' },
        { start: 30, end: 60, keyframe: null, thumbnail: null, title: `${name} second`, text: 'y' },
      ]);
      // The same windows embedded by two models: one row per span comes back.
      for (const model of ['m1', 'm2']) {
        replaceVectors(
          db,
          id,
          'window',
          [0, 20, 40].map((start) => ({
            start,
            end: start + 20,
            text: `${name} window ${start}`,
            model,
            vector: new Float32Array(2),
          })),
        );
      }
    }
  });

  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the cues, windows, slides and lecture around every span in one go, each span its own', () => {
    const [first, second, gone] = readMomentRows(db, [
      { lectureId: 1, start: 25, end: 35 },
      { lectureId: 2, start: 0, end: 10 },
      { lectureId: 99, start: 0, end: 10 },
    ]);
    expect(first.lecture).toEqual({ lectureId: 1, file: '/library/a.mp4', lectureTitle: 'A' });
    expect(first.cues.map((c) => c.text)).toEqual(['a sentence 2', 'a sentence 3']);
    expect(first.windows.map((w) => w.start)).toEqual([20]);
    expect(first.slides.map((s) => s.title)).toEqual(['a first', 'a second']);
    expect(second.lecture?.lectureTitle).toBe('B');
    expect(second.cues.map((c) => c.text)).toEqual(['b sentence 0']);
    expect(
      readWindowTexts(
        db,
        second.windows.map((w) => w.id),
      ),
    ).toEqual(new Map([[second.windows[0].id, 'b window 0']]));
    expect(gone).toEqual({ cues: [], windows: [], slides: [], chapters: [], lecture: null });
  });

  it('gives overlapping spans read together the same rows as each read alone', () => {
    const spans = [
      { lectureId: 1, start: 5, end: 25 },
      { lectureId: 2, start: 12, end: 14 },
      { lectureId: 1, start: 20, end: 45 },
      { lectureId: 1, start: 45, end: 50 },
      { lectureId: 1, start: 0, end: 6 },
    ];
    const together = readMomentRows(db, spans);
    spans.forEach((span, i) => expect(together[i], JSON.stringify(span)).toEqual(readMomentRows(db, [span])[0]));
    expect(together[2].cues.map((c) => c.text)).toEqual(['a sentence 2', 'a sentence 3', 'a sentence 4']);
  });

  it('finds rows that started long before the span (longer than the near range) as well as the near ones', () => {
    const id = ensureLecture(db, '/library/long.mp4', null, 'Long').id;
    replaceTranscript(
      db,
      id,
      [
        { start: 0, end: 500, text: 'a turn of several minutes' },
        { start: 400, end: 450, text: 'a sentence inside it' },
        { start: 500, end: 505, text: 'after' },
      ],
      'test',
    );
    replaceVectors(db, id, 'window', [
      { start: 0, end: 505, text: 'all of it', model: 'm1', vector: new Float32Array(2) },
      { start: 430, end: 470, text: 'near', model: 'm1', vector: new Float32Array(2) },
      { start: 300, end: 330, text: 'before', model: 'm1', vector: new Float32Array(2) },
    ]);
    const [rows] = readMomentRows(db, [{ lectureId: id, start: 440, end: 445 }]);
    expect(rows.cues.map((c) => c.text)).toEqual(['a turn of several minutes', 'a sentence inside it']);
    expect(rows.windows.map((w) => [w.start, w.end])).toEqual([
      [0, 505],
      [430, 470],
    ]);
  });
});
