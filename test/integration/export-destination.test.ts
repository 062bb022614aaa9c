import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/store/database.ts';
import { runLectern, type LecternRun } from '../fixtures/run-lectern.ts';
import { sharedSampleLecture, tempDir } from '../fixtures/sample-media.ts';

const BIN = fileURLToPath(new URL('../../bin/lectern.mjs', import.meta.url));
const NOBODY = 65534;

/**
 * Runs lectern as a user without write access to a read-only folder: as itself when it is not
 * root, else as `nobody` (root may write anywhere, so only another user can meet the refusal).
 */
function runAsUnprivileged(home: string, args: string[]): Promise<LecternRun> {
  const asRoot = process.getuid?.() === 0;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--home', home, ...args], {
      env: { ...process.env, CI: 'true', HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, killed: false }));
  });
}

function lecturesIn(home: string): number {
  const db = openDatabase(home);
  try {
    return (db.prepare('SELECT count(*) AS n FROM lectures').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('lectern export to a place it cannot write', () => {
  let base: string;
  let video: string;
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const sample = await sharedSampleLecture();
    const dir = await tempDir();
    cleanups.push(dir.cleanup);
    base = dir.dir;
    await chmod(base, 0o755);
    video = path.join(base, 'lecture.mp4');
    await copyFile(sample.video, video);
    await chmod(video, 0o644);
  }, 300_000);

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  const expectOneLineRefusal = (run: LecternRun, why: RegExp) => {
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^lectern: Cannot write /);
    expect(lines[0]).toMatch(why);
    expect(lines[1]).toMatch(/^hint: Choose another --out/);
  };

  it('refuses a path under a file at once, before indexing the lecture', async () => {
    const home = path.join(base, 'home-file');
    const notAFolder = path.join(base, 'notes.md');
    await writeFile(notAFolder, 'my notes');
    const run = await runLectern(home, ['export', video, '--out', path.join(notAFolder, 'chapters.md')]);
    expectOneLineRefusal(run, /notes\.md is a file, not a folder/);
    expect(lecturesIn(home)).toBe(0);
  });

  it('refuses a read-only folder at once, before indexing the lecture', async () => {
    const home = path.join(base, 'home-readonly');
    await mkdir(home, { mode: 0o777 });
    await chmod(home, 0o777);
    const readOnly = path.join(base, 'read-only');
    await mkdir(readOnly);
    await chmod(readOnly, 0o555);
    const run = await runAsUnprivileged(home, ['export', video, '--out', path.join(readOnly, 'notes.md')]);
    expectOneLineRefusal(run, /permission denied/);
    expect(lecturesIn(home)).toBe(0);
  });
});
