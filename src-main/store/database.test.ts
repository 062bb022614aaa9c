import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrations } from './migrations.ts';
import { databaseFile } from './data-dir.ts';
import { openDatabase } from './database.ts';

const DATABASE_MODULE = fileURLToPath(new URL('./database.ts', import.meta.url));

/** Opens the library in `dataDir` from another Node process; `ready` resolves just before it does. */
function openInOtherProcess(dataDir: string): {
  ready: Promise<void>;
  done: Promise<{ code: number | null; stderr: string }>;
} {
  const script = `
    const { openDatabase } = await import(${JSON.stringify(DATABASE_MODULE)});
    process.stdout.write('ready\\n');
    openDatabase(${JSON.stringify(dataDir)}).close();
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
  return { ready, done };
}

describe('openDatabase', () => {
  it('migrates a fresh data folder once when several processes open it at the same moment', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-migrate-race-'));
    try {
      // A fresh library whose write lock is held: every process reads schema version 0, then
      // queues for the lock, and all of them get it one after another.
      const holder = new Database(databaseFile(dataDir));
      holder.pragma('journal_mode = WAL');
      holder.exec('BEGIN IMMEDIATE');
      const others = Array.from({ length: 4 }, () => openInOtherProcess(dataDir));
      await Promise.all(others.map((other) => other.ready));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      holder.exec('ROLLBACK');
      holder.close();
      const runs = await Promise.all(others.map((other) => other.done));
      for (const run of runs) expect(run.stderr).toBe('');
      for (const run of runs) expect(run.code).toBe(0);
      const db = openDatabase(dataDir);
      expect(db.pragma('user_version', { simple: true })).toBe(migrations[migrations.length - 1].version);
      db.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
