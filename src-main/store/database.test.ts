import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrations } from './migrations.ts';
import { openDatabase } from './database.ts';

const DATABASE_MODULE = fileURLToPath(new URL('./database.ts', import.meta.url));

/** Opens the library in `dataDir` from a separate Node process once the clock reaches `startAt`. */
function openInOtherProcess(dataDir: string, startAt: number): Promise<{ code: number | null; stderr: string }> {
  const script = `
    const { openDatabase } = await import(${JSON.stringify(DATABASE_MODULE)});
    while (Date.now() < ${startAt});
    openDatabase(${JSON.stringify(dataDir)}).close();
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('openDatabase', () => {
  it('migrates a fresh data folder once when several processes open it at the same moment', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'lectern-migrate-race-'));
    try {
      for (let round = 0; round < 2; round++) {
        const dataDir = path.join(root, `round-${round}`);
        const startAt = Date.now() + 2500; // after every process has loaded its modules
        const runs = await Promise.all(Array.from({ length: 4 }, () => openInOtherProcess(dataDir, startAt)));
        for (const run of runs) expect(run.stderr).toBe('');
        for (const run of runs) expect(run.code).toBe(0);
        const db = openDatabase(dataDir);
        expect(db.pragma('user_version', { simple: true })).toBe(migrations[migrations.length - 1].version);
        db.close();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);
});
