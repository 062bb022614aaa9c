import type { Db } from './database.ts';

/** The student's choice for a lecture's deck: undefined = the <stem>.pdf beside it, if any. */
export type DeckChoice = { kind: 'attached'; path: string } | { kind: 'detached' };

export interface StoredDeck {
  path: string;
  pageCount: number;
  /** 0..1: how well the deck matches the lecture. */
  confidence: number;
  /** False when the deck was read but does not match the lecture (or could not be read). */
  attached: boolean;
  note: string | null;
}

export interface StoredDeckPage {
  page: number;
  title: string | null;
  text: string;
  image: string | null;
  textSource: 'text-layer' | 'ocr' | 'none';
}

export interface StoredDeckSpan {
  start: number;
  end: number;
  page: number;
}

export function readDeckChoice(db: Db, lectureId: number): DeckChoice | undefined {
  const row = db.prepare('SELECT path FROM deck_choices WHERE lecture_id = ?').get(lectureId) as
    { path: string | null } | undefined;
  if (!row) return undefined;
  return row.path === null ? { kind: 'detached' } : { kind: 'attached', path: row.path };
}

export function writeDeckChoice(db: Db, lectureId: number, choice: DeckChoice): void {
  db.prepare(
    `INSERT INTO deck_choices (lecture_id, path, chosen_at) VALUES (?, ?, ?)
     ON CONFLICT(lecture_id) DO UPDATE SET path = excluded.path, chosen_at = excluded.chosen_at`,
  ).run(lectureId, choice.kind === 'attached' ? choice.path : null, new Date().toISOString());
}

/** Replaces the deck stage's result: the deck (or none), its pages and the page spans. */
export function replaceDeck(
  db: Db,
  lectureId: number,
  deck: StoredDeck | null,
  pages: readonly StoredDeckPage[],
  spans: readonly StoredDeckSpan[],
): void {
  db.prepare('DELETE FROM decks WHERE lecture_id = ?').run(lectureId);
  db.prepare('DELETE FROM deck_pages WHERE lecture_id = ?').run(lectureId);
  db.prepare('DELETE FROM deck_spans WHERE lecture_id = ?').run(lectureId);
  if (!deck) return;
  db.prepare(
    'INSERT INTO decks (lecture_id, path, page_count, confidence, attached, note) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(lectureId, deck.path, deck.pageCount, deck.confidence, deck.attached ? 1 : 0, deck.note);
  const page = db.prepare(
    'INSERT INTO deck_pages (lecture_id, page, title, text, image, text_source) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const p of pages) page.run(lectureId, p.page, p.title, p.text, p.image, p.textSource);
  const span = db.prepare('INSERT INTO deck_spans (lecture_id, idx, start, end, page) VALUES (?, ?, ?, ?, ?)');
  spans.forEach((s, i) => span.run(lectureId, i, s.start, s.end, s.page));
}

export function readDeck(db: Db, lectureId: number): StoredDeck | undefined {
  const row = db
    .prepare('SELECT path, page_count, confidence, attached, note FROM decks WHERE lecture_id = ?')
    .get(lectureId) as
    { path: string; page_count: number; confidence: number; attached: number; note: string | null } | undefined;
  if (!row) return undefined;
  return {
    path: row.path,
    pageCount: row.page_count,
    confidence: row.confidence,
    attached: row.attached === 1,
    note: row.note,
  };
}

export function readDeckPages(db: Db, lectureId: number): StoredDeckPage[] {
  return db
    .prepare(
      'SELECT page, title, text, image, text_source AS textSource FROM deck_pages WHERE lecture_id = ? ORDER BY page',
    )
    .all(lectureId) as StoredDeckPage[];
}

export function readDeckPage(db: Db, lectureId: number, page: number): StoredDeckPage | undefined {
  return db
    .prepare(
      'SELECT page, title, text, image, text_source AS textSource FROM deck_pages WHERE lecture_id = ? AND page = ?',
    )
    .get(lectureId, page) as StoredDeckPage | undefined;
}

/** The page spans of an attached deck (empty when no deck is attached). */
export function readDeckSpans(db: Db, lectureId: number): StoredDeckSpan[] {
  return db
    .prepare(
      `SELECT s.start, s.end, s.page FROM deck_spans s JOIN decks d ON d.lecture_id = s.lecture_id
       WHERE s.lecture_id = ? AND d.attached = 1 ORDER BY s.idx`,
    )
    .all(lectureId) as StoredDeckSpan[];
}

/** A page of an attached deck shown over part of a span (what search reads it by). */
export interface ShownDeckPage {
  start: number;
  end: number;
  page: number;
  title: string | null;
  text: string;
}

/**
 * For each span, the pages of its lecture's attached deck shown during it, in time order (none
 * without an attached deck). One read for all spans, over each lecture's whole range of them.
 */
export function readDeckPagesShown(
  db: Pick<Db, 'prepare'>,
  spans: ReadonlyArray<{ lectureId: number; start: number; end: number }>,
): ShownDeckPage[][] {
  const out: ShownDeckPage[][] = spans.map(() => []);
  const ranges = new Map<number, { start: number; end: number }>();
  for (const s of spans) {
    const range = ranges.get(s.lectureId);
    if (range) {
      range.start = Math.min(range.start, s.start);
      range.end = Math.max(range.end, s.end);
    } else ranges.set(s.lectureId, { start: s.start, end: s.end });
  }
  if (ranges.size === 0) return out;
  const shown = db
    .prepare(
      `WITH r AS (SELECT value ->> 0 AS lecture, value ->> 1 AS s, value ->> 2 AS e FROM json_each(?))
       SELECT s.lecture_id AS lectureId, s.start, s.end, s.page, p.title, p.text
         FROM r
         JOIN decks d ON d.lecture_id = r.lecture AND d.attached = 1
         JOIN deck_spans s ON s.lecture_id = r.lecture AND s.start < r.e AND s.end > r.s
         JOIN deck_pages p ON p.lecture_id = s.lecture_id AND p.page = s.page
        ORDER BY s.lecture_id, s.idx`,
    )
    .all(JSON.stringify([...ranges].map(([id, r]) => [id, r.start, r.end]))) as Array<
    ShownDeckPage & { lectureId: number }
  >;
  if (shown.length === 0) return out;
  spans.forEach((span, i) => {
    out[i] = shown
      .filter((p) => p.lectureId === span.lectureId && p.start < span.end && p.end > span.start)
      .map(({ start, end, page, title, text }) => ({ start, end, page, title, text }));
  });
  return out;
}
