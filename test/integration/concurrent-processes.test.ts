import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../../src-main/pipeline/index-queue.ts';
import { openDatabase } from '../../src-main/store/database.ts';
import { runLectern } from '../fixtures/run-lectern.ts';
import { copySample, sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';

describe('two Lectern processes on one library', () => {
  let folder: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const sample = await sharedSampleLecture();
    const media = await tempDir();
    cleanups.push(media.cleanup);
    folder = path.join(media.dir, 'course');
    await copySample(sample, folder, 'lecture 1');
  }, 300_000);

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('index + index on a fresh data folder: the second waits for the first and finds its work done', async () => {
    const home = await tempDir();
    cleanups.push(home.cleanup);
    const runs = await Promise.all([
      runLectern(home.dir, ['index', folder, '--json']),
      runLectern(home.dir, ['index', folder, '--json']),
    ]);
    for (const run of runs) {
      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.code).toBe(0);
    }
    const summaries = runs.map((run) => JSON.parse(run.stdout) as IndexSummary);
    const statuses = summaries.map((s) => s.outcomes.map((o) => o.status).join()).sort();
    expect(statuses).toEqual(['indexed', 'unchanged']);
    const waiter = runs[summaries.findIndex((s) => s.unchanged === 1)];
    expect(waiter.stderr).toMatch(/another Lectern is indexing this library; waiting/i);

    const db = openDatabase(home.dir);
    try {
      expect(db.prepare('SELECT count(*) AS n FROM lectures').get()).toEqual({ n: 1 });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 300_000);

  it('index + search on a fresh data folder: both answer, neither trips over the other', async () => {
    const home = await tempDir();
    cleanups.push(home.cleanup);
    const [index, search] = await Promise.all([
      runLectern(home.dir, ['index', folder]),
      runLectern(home.dir, ['search', 'eigenvalues', '--json']),
    ]);
    expect(index.stderr).not.toMatch(/internal error/);
    expect(index.code).toBe(0);
    expect(search.stderr).not.toMatch(/internal error/);
    expect(search.code).toBe(0);
    expect(JSON.parse(search.stdout)).toHaveProperty('results');
  }, 300_000);
});
