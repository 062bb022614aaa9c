// Start-up: wall time from launching `lectern serve` to its first API answer (median of runs).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './bench-section.ts';

const BIN = fileURLToPath(new URL('../bin/lectern.mjs', import.meta.url));

async function oneStart(): Promise<{ listening: number; firstAnswer: number }> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'lectern-startup-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, '--home', home, 'serve'], {
    env: { ...process.env, LECTERN_PRINT_TOKEN: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const { url, token, listening } = await new Promise<{ url: string; token: string; listening: number }>(
      (resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const url = /running at (http:\/\/\S+)/.exec(out)?.[1];
          const token = /token=([0-9a-f]+)/.exec(out)?.[1];
          if (url && token) resolve({ url, token, listening: performance.now() - t0 });
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      },
    );
    const res = await fetch(`${url}/api/listFolders`, {
      method: 'POST',
      headers: { 'X-Lectern-Token': token },
      body: '{}',
    });
    if (!res.ok) throw new Error(`first answer: HTTP ${res.status}`);
    return { listening, firstAnswer: performance.now() - t0 };
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('close', r));
    await rm(home, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchSection> {
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await oneStart());
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    name: 'start-up: lectern serve to first API answer',
    rows: [
      {
        runs: runs.length,
        'listening ms (median)': Math.round(median(runs.map((r) => r.listening))),
        'first answer ms (median)': Math.round(median(runs.map((r) => r.firstAnswer))),
        'first answer ms (max)': Math.round(Math.max(...runs.map((r) => r.firstAnswer))),
      },
    ],
    notes: [
      'Whole process, cold: Node start, tsx transpiling the TypeScript sources, opening and migrating a new database.',
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const section = await run();
  console.table(section.rows);
}
