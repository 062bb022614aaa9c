import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireIndexingLock } from './indexing-lock.ts';

const LOCK_MODULE = fileURLToPath(new URL('./indexing-lock.ts', import.meta.url));

/** Another process that takes the lock, says "held" and keeps it until it is killed or `holdMs` passes. */
async function holdInOtherProcess(dataDir: string, holdMs: number): Promise<ChildProcess> {
  const script = `
    const { acquireIndexingLock } = await import(${JSON.stringify(LOCK_MODULE)});
    const lock = await acquireIndexingLock(${JSON.stringify(dataDir)});
    process.stdout.write('held\\n');
    setTimeout(() => lock.release(), ${holdMs});
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the holder exited early (${code})`)));
  });
  return child;
}

describe('acquireIndexingLock', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'lectern-lock-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('makes a second process wait until the first releases the library', async () => {
    await holdInOtherProcess(dataDir, 1500);
    const heldAt = performance.now();
    let waits = 0;
    const lock = await acquireIndexingLock(dataDir, { onWait: () => waits++, pollMs: 50 });
    expect(waits).toBe(1);
    expect(performance.now() - heldAt).toBeGreaterThan(1000);
    lock.release();
  }, 30_000);

  it('is free again at once when its holder is killed with SIGKILL', async () => {
    const holder = await holdInOtherProcess(dataDir, 60_000);
    let waiting = false;
    const acquiring = acquireIndexingLock(dataDir, { onWait: () => (waiting = true), pollMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(waiting).toBe(true);
    holder.kill('SIGKILL');
    const started = performance.now();
    const lock = await acquiring;
    expect(performance.now() - started).toBeLessThan(5000);
    lock.release();
  }, 30_000);

  it('is shared by the indexers of one process and stays held until the last releases it', async () => {
    const first = await acquireIndexingLock(dataDir);
    let waits = 0;
    const second = await acquireIndexingLock(dataDir, { onWait: () => waits++ });
    expect(waits).toBe(0);
    first.release();
    const script = `
      const { acquireIndexingLock } = await import(${JSON.stringify(LOCK_MODULE)});
      let waited = false;
      const lock = await acquireIndexingLock(${JSON.stringify(dataDir)}, { onWait: () => { waited = true; console.log('waiting'); } });
      lock.release();
    `;
    const other = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    other.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise<void>((resolve) => other.stdout.once('data', () => resolve()));
    expect(out).toContain('waiting');
    second.release();
    const code = await new Promise<number | null>((resolve) => other.on('close', resolve));
    expect(code).toBe(0);
  }, 30_000);
});
