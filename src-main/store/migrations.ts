/**
 * Numbered schema migrations. Never edit a shipped migration: add a new one.
 * `PRAGMA user_version` records the last applied number.
 */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'library, lectures, stage results, full-text index',
    sql: `
      CREATE TABLE folders (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        added_at TEXT NOT NULL
      );
      CREATE TABLE lectures (
        id INTEGER PRIMARY KEY,
        folder_id INTEGER REFERENCES folders(id) ON DELETE CASCADE,
        path TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        size INTEGER,
        mtime_ms REAL,
        content_hash TEXT,
        duration REAL,
        has_video INTEGER NOT NULL DEFAULT 0,
        has_audio INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'queued',
        error TEXT,
        indexed_at TEXT
      );
      CREATE INDEX lectures_folder ON lectures(folder_id);
      CREATE TABLE stage_runs (
        lecture_id INTEGER NOT NULL REFERENCES lectures(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        stage_key TEXT NOT NULL,
        summary TEXT,
        finished_at TEXT NOT NULL,
        PRIMARY KEY (lecture_id, stage)
      );
      CREATE TABLE signals (
        lecture_id INTEGER PRIMARY KEY REFERENCES lectures(id) ON DELETE CASCADE,
        loudness_step REAL,
        loudness BLOB,
        frame_step REAL,
        frame_change BLOB
      );
      CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        lecture_id INTEGER NOT NULL REFERENCES lectures(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start REAL NOT NULL,
        end REAL NOT NULL,
        text TEXT NOT NULL,
        source TEXT NOT NULL
      );
      CREATE INDEX segments_lecture ON segments(lecture_id, idx);
      CREATE VIRTUAL TABLE segments_fts USING fts5(
        text, content='segments', content_rowid='id', tokenize='porter unicode61'
      );
      CREATE TRIGGER segments_ai AFTER INSERT ON segments BEGIN
        INSERT INTO segments_fts(rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER segments_ad AFTER DELETE ON segments BEGIN
        INSERT INTO segments_fts(segments_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TABLE slides (
        id INTEGER PRIMARY KEY,
        lecture_id INTEGER NOT NULL REFERENCES lectures(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start REAL NOT NULL,
        end REAL NOT NULL,
        keyframe TEXT,
        thumbnail TEXT,
        title TEXT,
        text TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX slides_lecture ON slides(lecture_id, idx);
      CREATE TABLE chapters (
        id INTEGER PRIMARY KEY,
        lecture_id INTEGER NOT NULL REFERENCES lectures(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start REAL NOT NULL,
        end REAL NOT NULL,
        title TEXT NOT NULL,
        edited INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX chapters_lecture ON chapters(lecture_id, idx);
      CREATE TABLE segmentation_runs (
        lecture_id INTEGER PRIMARY KEY REFERENCES lectures(id) ON DELETE CASCADE,
        k INTEGER NOT NULL,
        reason TEXT NOT NULL
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'persistent indexing queue: priority per lecture',
    sql: `
      ALTER TABLE lectures ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX lectures_queue ON lectures(status, priority);
    `,
  },
  {
    version: 3,
    name: 'user chapter edits, replayed over automatic chapters after re-indexing',
    sql: `
      CREATE TABLE chapter_edits (
        id INTEGER PRIMARY KEY,
        lecture_id INTEGER NOT NULL REFERENCES lectures(id) ON DELETE CASCADE,
        edit TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX chapter_edits_lecture ON chapter_edits(lecture_id, id);
      ALTER TABLE segmentation_runs ADD COLUMN automatic TEXT NOT NULL DEFAULT '[]';
    `,
  },
  {
    version: 4,
    name: 'embedding vectors of transcript windows and slides (float32 BLOBs)',
    sql: `
      CREATE TABLE vectors (
        id INTEGER PRIMARY KEY,
        lecture_id INTEGER NOT NULL REFERENCES lectures(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        idx INTEGER NOT NULL,
        start REAL NOT NULL,
        end REAL NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL,
        vector BLOB NOT NULL
      );
      CREATE INDEX vectors_lecture ON vectors(lecture_id, kind, idx);
      CREATE INDEX vectors_kind ON vectors(kind, model);
    `,
  },
  {
    version: 5,
    name: 'moment search: full-text indexes over transcript windows, slides and chapter titles; change log',
    sql: `
      CREATE VIRTUAL TABLE windows_fts USING fts5(
        text, content='vectors', content_rowid='id', tokenize='porter unicode61'
      );
      INSERT INTO windows_fts(rowid, text) SELECT id, text FROM vectors WHERE kind = 'window';
      CREATE TRIGGER vectors_windows_ai AFTER INSERT ON vectors WHEN new.kind = 'window' BEGIN
        INSERT INTO windows_fts(rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER vectors_windows_ad AFTER DELETE ON vectors WHEN old.kind = 'window' BEGIN
        INSERT INTO windows_fts(windows_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER vectors_windows_au AFTER UPDATE OF kind, text ON vectors BEGIN
        INSERT INTO windows_fts(windows_fts, rowid, text) SELECT 'delete', old.id, old.text WHERE old.kind = 'window';
        INSERT INTO windows_fts(rowid, text) SELECT new.id, new.text WHERE new.kind = 'window';
      END;

      CREATE VIRTUAL TABLE slides_fts USING fts5(
        title, text, content='slides', content_rowid='id', tokenize='porter unicode61'
      );
      INSERT INTO slides_fts(slides_fts) VALUES ('rebuild');
      CREATE TRIGGER slides_fts_ai AFTER INSERT ON slides BEGIN
        INSERT INTO slides_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
      END;
      CREATE TRIGGER slides_fts_ad AFTER DELETE ON slides BEGIN
        INSERT INTO slides_fts(slides_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
      END;
      CREATE TRIGGER slides_fts_au AFTER UPDATE OF title, text ON slides BEGIN
        INSERT INTO slides_fts(slides_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO slides_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
      END;

      CREATE VIRTUAL TABLE chapters_fts USING fts5(
        title, content='chapters', content_rowid='id', tokenize='porter unicode61'
      );
      INSERT INTO chapters_fts(chapters_fts) VALUES ('rebuild');
      CREATE TRIGGER chapters_fts_ai AFTER INSERT ON chapters BEGIN
        INSERT INTO chapters_fts(rowid, title) VALUES (new.id, new.title);
      END;
      CREATE TRIGGER chapters_fts_ad AFTER DELETE ON chapters BEGIN
        INSERT INTO chapters_fts(chapters_fts, rowid, title) VALUES ('delete', old.id, old.title);
      END;
      CREATE TRIGGER chapters_fts_au AFTER UPDATE OF title ON chapters BEGIN
        INSERT INTO chapters_fts(chapters_fts, rowid, title) VALUES ('delete', old.id, old.title);
        INSERT INTO chapters_fts(rowid, title) VALUES (new.id, new.title);
      END;

      CREATE VIRTUAL TABLE windows_vocab USING fts5vocab(windows_fts, 'row');
      CREATE VIRTUAL TABLE slides_vocab USING fts5vocab(slides_fts, 'row');
      CREATE VIRTUAL TABLE chapters_vocab USING fts5vocab(chapters_fts, 'row');

      -- Which lectures' searchable content changed, in order: search keeps its in-memory
      -- vectors and vocabulary in step by reloading only lectures with a newer seq.
      CREATE TABLE search_changes (
        lecture_id INTEGER PRIMARY KEY,
        seq INTEGER NOT NULL
      );
      CREATE INDEX search_changes_seq ON search_changes(seq);
      INSERT INTO search_changes(lecture_id, seq) SELECT id, id FROM lectures;
      CREATE TRIGGER vectors_changes_ai AFTER INSERT ON vectors BEGIN
        INSERT INTO search_changes(lecture_id, seq)
          VALUES (new.lecture_id, (SELECT coalesce(max(seq), 0) + 1 FROM search_changes))
          ON CONFLICT(lecture_id) DO UPDATE SET seq = excluded.seq;
      END;
      CREATE TRIGGER vectors_changes_ad AFTER DELETE ON vectors BEGIN
        INSERT INTO search_changes(lecture_id, seq)
          VALUES (old.lecture_id, (SELECT coalesce(max(seq), 0) + 1 FROM search_changes))
          ON CONFLICT(lecture_id) DO UPDATE SET seq = excluded.seq;
      END;
      CREATE TRIGGER slides_changes_ai AFTER INSERT ON slides BEGIN
        INSERT INTO search_changes(lecture_id, seq)
          VALUES (new.lecture_id, (SELECT coalesce(max(seq), 0) + 1 FROM search_changes))
          ON CONFLICT(lecture_id) DO UPDATE SET seq = excluded.seq;
      END;
      CREATE TRIGGER slides_changes_au AFTER UPDATE OF title, text ON slides BEGIN
        INSERT INTO search_changes(lecture_id, seq)
          VALUES (new.lecture_id, (SELECT coalesce(max(seq), 0) + 1 FROM search_changes))
          ON CONFLICT(lecture_id) DO UPDATE SET seq = excluded.seq;
      END;
      CREATE TRIGGER chapters_changes_ai AFTER INSERT ON chapters BEGIN
        INSERT INTO search_changes(lecture_id, seq)
          VALUES (new.lecture_id, (SELECT coalesce(max(seq), 0) + 1 FROM search_changes))
          ON CONFLICT(lecture_id) DO UPDATE SET seq = excluded.seq;
      END;
      CREATE TRIGGER lectures_changes_ad AFTER DELETE ON lectures BEGIN
        INSERT INTO search_changes(lecture_id, seq)
          VALUES (old.id, (SELECT coalesce(max(seq), 0) + 1 FROM search_changes))
          ON CONFLICT(lecture_id) DO UPDATE SET seq = excluded.seq;
      END;
    `,
  },
  {
    version: 6,
    name: 'moment search: covering indexes for the spans of windows and slides around a moment',
    sql: `
      CREATE INDEX vectors_spans ON vectors(lecture_id, kind, start, end);
      CREATE INDEX slides_spans ON slides(lecture_id, start, end);
    `,
  },
  {
    version: 7,
    name: 'slide decks: the PDF attached to a lecture, its pages, and the page shown at each moment',
    sql: `
      -- The student's choice: a PDF attached by hand, or the deck detached (a <stem>.pdf beside
      -- the recording is then ignored). No row: the <stem>.pdf beside the recording, if any.
      CREATE TABLE deck_choices (
        lecture_id INTEGER PRIMARY KEY REFERENCES lectures(id) ON DELETE CASCADE,
        path TEXT,
        chosen_at TEXT NOT NULL
      );
      -- The deck stage's result: the PDF read, how well it matches the lecture, and whether its
      -- pages were attached (a deck that does not match is reported, not attached).
      CREATE TABLE decks (
        lecture_id INTEGER PRIMARY KEY REFERENCES lectures(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        page_count INTEGER NOT NULL,
        confidence REAL NOT NULL,
        attached INTEGER NOT NULL,
        note TEXT
      );
      CREATE TABLE deck_pages (
        id INTEGER PRIMARY KEY,
        lecture_id INTEGER NOT NULL REFERENCES lectures(id) ON DELETE CASCADE,
        page INTEGER NOT NULL,
        title TEXT,
        text TEXT NOT NULL DEFAULT '',
        image TEXT,
        text_source TEXT NOT NULL
      );
      CREATE INDEX deck_pages_lecture ON deck_pages(lecture_id, page);
      CREATE TABLE deck_spans (
        lecture_id INTEGER NOT NULL REFERENCES lectures(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start REAL NOT NULL,
        end REAL NOT NULL,
        page INTEGER NOT NULL,
        PRIMARY KEY (lecture_id, idx)
      );
    `,
  },
  {
    version: 8,
    name: 'moment search: the cues and windows around a moment found by time, not by scanning the lecture',
    sql: `
      -- A probe reads the rows starting in [start - 60 s, end) of a span; the rare rows longer
      -- than 60 s (a long cue, a meeting turn) are found apart, by the partial indexes.
      CREATE INDEX segments_spans ON segments(lecture_id, start, end);
      CREATE INDEX segments_long ON segments(lecture_id, start) WHERE end - start > 60;
      CREATE INDEX vectors_long ON vectors(lecture_id, kind, start) WHERE end - start > 60;
    `,
  },
  {
    version: 9,
    name: 'partial stage runs: where a long stage (speech recognition) got to, so a killed run resumes there',
    sql: `
      -- A stage that stores its result in batches as it goes keeps its cursor here, under the
      -- key of the run it belongs to. The row goes in the transaction that records the stage
      -- as done (stage_runs); a row whose key no longer matches is started over.
      CREATE TABLE partial_stage_runs (
        lecture_id INTEGER NOT NULL REFERENCES lectures(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        stage_key TEXT NOT NULL,
        cursor TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (lecture_id, stage)
      );
    `,
  },
  {
    version: 10,
    name: 'a lecture paused on its own stays paused across restarts',
    sql: `
      ALTER TABLE lectures ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 11,
    name: 'a paused queue stays paused across restarts',
    sql: `
      -- One row while the window's indexing queue is paused (the student paused it); none otherwise.
      CREATE TABLE queue_pause (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        paused_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 12,
    name: 'moment search: how many transcript cues hold a word, for the words no window, slide or chapter holds',
    sql: `
      -- A lecture without transcript windows (its text embedding failed or has not run yet) is
      -- searched in its cues: the words only it says are weighed by the cues that hold them.
      CREATE VIRTUAL TABLE segments_vocab USING fts5vocab(segments_fts, 'row');
    `,
  },
];
