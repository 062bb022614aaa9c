import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/store/database.ts';
import { runLectern } from '../fixtures/run-lectern.ts';
import { copySample, sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';

describe('crash safety: kill -9 during indexing, then resume', () => {
  let home: string;
  let folder: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const sample = await sharedSampleLecture();
    const a = await tempDir();
    const b = await tempDir();
    cleanups.push(a.cleanup, b.cleanup);
    home = a.dir;
    folder = b.dir;
    for (const name of ['one', 'two', 'three']) await copySample(sample, folder, name);
  }, 120_000);

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('resumes after kills at several points with no duplicate or orphaned rows', async () => {
    // Kill inside the first file's frames stage, then after the first file is done.
    const first = await runLectern(home, ['index', folder], { killWhen: /one\.mp4: reading audio ✓/ });
    expect(first.killed).toBe(true);
    const second = await runLectern(home, ['index', folder], { killWhen: /\[1\/3\] one\.mp4: done/ });
    expect(second.killed).toBe(true);

    const db = openDatabase(home);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // A stage either stored its result and its run record together, or neither.
      const orphans = db
        .prepare(
          `SELECT count(*) AS n FROM lectures l WHERE
             (EXISTS (SELECT 1 FROM slides s WHERE s.lecture_id = l.id)) !=
             (EXISTS (SELECT 1 FROM stage_runs r WHERE r.lecture_id = l.id AND r.stage = 'frames'))`,
        )
        .get() as { n: number };
      expect(orphans.n).toBe(0);
    } finally {
      db.close();
    }

    const resumed = await runLectern(home, ['index', folder, '--json']);
    expect(resumed.code).toBe(0);
    const summary = JSON.parse(resumed.stdout);
    expect(summary.failed).toBe(0);
    const one = summary.outcomes.find((o: { file: string }) => path.basename(o.file) === 'one.mp4');
    expect(one.ran).toEqual([]); // finished before the second kill: nothing to redo

    const check = openDatabase(home);
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      const lectures = check.prepare("SELECT count(*) AS n FROM lectures WHERE status = 'ready'").get() as {
        n: number;
      };
      expect(lectures.n).toBe(3);
      const duplicates = check
        .prepare(
          'SELECT count(*) AS n FROM (SELECT lecture_id, idx FROM segments GROUP BY lecture_id, idx HAVING count(*) > 1)',
        )
        .get() as { n: number };
      expect(duplicates.n).toBe(0);
      const perLecture = check
        .prepare('SELECT lecture_id, count(*) AS n FROM slides GROUP BY lecture_id')
        .all() as Array<{ n: number }>;
      expect(perLecture.map((r) => r.n)).toEqual([6, 6, 6]);
      const fts = check.prepare("SELECT count(*) AS n FROM segments_fts WHERE segments_fts MATCH 'cholesky'").get() as {
        n: number;
      };
      const rows = check.prepare("SELECT count(*) AS n FROM segments WHERE text LIKE '%Cholesky%'").get() as {
        n: number;
      };
      expect(fts.n).toBe(rows.n);
    } finally {
      check.close();
    }
    // Three runs of `lectern index` over three lectures: ~60 s alone, near the default 120 s when
    // the machine is busy with other work.
  }, 300_000);
});
