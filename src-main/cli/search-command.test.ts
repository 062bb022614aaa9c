import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../test/fixtures/run-command.ts';
import { tempDir } from '../../test/fixtures/sample-media.ts';
import { openDatabase } from '../store/database.ts';
import { replaceTranscript } from '../store/lecture-content-store.ts';
import { ensureLecture, setLectureStatus } from '../store/lectures-store.ts';
import { register } from './search-command.ts';

describe('lectern search', () => {
  let home: { dir: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    home = await tempDir();
  });
  afterEach(async () => {
    await home.cleanup();
  });

  it('says the library is empty when nothing is indexed yet', async () => {
    const out = await runCommand(register, '--home', home.dir, 'search', 'eigenvalues');
    expect(out).toMatch(/^The library is empty: index your lectures first/);
  });

  it('says no moment matched when there are lectures to search', async () => {
    const db = openDatabase(home.dir);
    const lecture = ensureLecture(db, '/courses/la/lecture 1.mp4', null, 'lecture 1');
    replaceTranscript(db, lecture.id, [{ start: 0, end: 5, text: 'Today we look at matrices.' }], 'sidecar');
    setLectureStatus(db, lecture.id, 'ready');
    db.close();
    const out = await runCommand(register, '--home', home.dir, 'search', 'zebra');
    expect(out).toBe('No matching moments.\n');
  });
});
