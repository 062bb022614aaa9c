import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './database.ts';
import { readDeckPagesShown, replaceDeck } from './deck-store.ts';
import { ensureLecture } from './lectures-store.ts';

describe('the deck pages search reads around its candidates', () => {
  let dir: string;
  let db: Db;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-deck-store-'));
    db = openDatabase(dir);
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const page = (n: number, title: string) => ({
    page: n,
    title,
    text: `${title} text`,
    image: null,
    textSource: 'text-layer' as const,
  });
  const deck = (attached: boolean) => ({
    path: '/d.pdf',
    pageCount: 3,
    confidence: attached ? 0.9 : 0.2,
    attached,
    note: null,
  });

  it('gives each span the attached pages shown during it, in time order, and none for other lectures', () => {
    const a = ensureLecture(db, '/a.mp4', null, 'a').id;
    const b = ensureLecture(db, '/b.mp4', null, 'b').id;
    const c = ensureLecture(db, '/c.mp4', null, 'c').id;
    const spans = [
      { start: 0, end: 60, page: 1 },
      { start: 60, end: 120, page: 2 },
      { start: 120, end: 200, page: 3 },
    ];
    replaceDeck(db, a, deck(true), [page(1, 'Title'), page(2, 'Outline'), page(3, 'Results')], spans);
    // A deck read but not attached (another lecture's) is never shown.
    replaceDeck(db, b, deck(false), [page(1, 'Other')], [{ start: 0, end: 200, page: 1 }]);
    const shown = readDeckPagesShown(db, [
      { lectureId: a, start: 50, end: 130 },
      { lectureId: a, start: 150, end: 160 },
      { lectureId: b, start: 0, end: 100 },
      { lectureId: c, start: 0, end: 100 },
    ]);
    expect(shown[0].map((p) => p.page)).toEqual([1, 2, 3]);
    expect(shown[0][1]).toEqual({ start: 60, end: 120, page: 2, title: 'Outline', text: 'Outline text' });
    expect(shown[1].map((p) => p.page)).toEqual([3]);
    expect(shown[2]).toEqual([]);
    expect(shown[3]).toEqual([]);
    expect(readDeckPagesShown(db, [])).toEqual([]);
  });
});
