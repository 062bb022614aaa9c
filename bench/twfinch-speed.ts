/**
 * TW-FINCH speed and memory: Lectern's implementation (no N x N matrix; exact first
 * neighbours with lower-bound pruning) against a naive one that builds the full N x N
 * time-weighted distance matrix at every level (as the public code does), in the same run.
 * Each (implementation, size) runs in a fresh child process so peak RSS is honest; a child
 * that only builds the input gives the baseline RSS (Node + tsx + the features).
 * Input: synthetic piecewise-constant features + noise, dim 512: segments of 10-60 clips,
 * topics drawn from a pool of 40 (so topics return), noise norm 0.5 of the signal.
 * Both implementations must give the same hierarchy: "same labels" compares a hash of all levels.
 *
 * Run alone: node --import tsx bench/twfinch-speed.ts   (LECTERN_TWFINCH_SIZES=1000,10000 to choose sizes)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src-main/core/seeded-random.ts';
import { createTwFinch } from '../src-main/core/twfinch.ts';
import type { BenchSection } from './bench-section.ts';

const DIM = 512;
const NAIVE_MAX = 10_000;
const here = path.dirname(fileURLToPath(import.meta.url));

/** Piecewise-constant topics (pool of 40, segments of 10-60 clips) plus Gaussian noise. */
function syntheticFeatures(n: number, dim: number): Float32Array {
  const rnd = seededRandom(42);
  const gauss = (): number => Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const topics = Array.from({ length: 40 }, () => Float64Array.from({ length: dim }, gauss));
  const out = new Float32Array(n * dim);
  let topic = 0;
  let left = 0;
  for (let i = 0; i < n; i++) {
    if (left <= 0) {
      topic = Math.floor(rnd() * topics.length);
      left = 10 + Math.floor(rnd() * 51);
    }
    left--;
    for (let k = 0; k < dim; k++) out[i * dim + k] = (topics[topic][k] + 0.5 * gauss()) / Math.sqrt(dim);
  }
  return out;
}

/* ---------------- naive TW-FINCH: full N x N distance matrix per level ---------------- */

function unitRows(sum: Float64Array, count: number, dim: number): Float32Array {
  const out = new Float32Array(count * dim);
  for (let c = 0; c < count; c++) {
    let n2 = 0;
    for (let k = 0; k < dim; k++) n2 += sum[c * dim + k] * sum[c * dim + k];
    if (n2 < 1e-24) continue;
    const inv = 1 / Math.sqrt(n2);
    for (let k = 0; k < dim; k++) out[c * dim + k] = sum[c * dim + k] * inv;
  }
  return out;
}

function naiveHierarchy(features: Float32Array, n: number, dim: number): Int32Array[] {
  const rows = unitRows(Float64Array.from(features), n, dim);
  const levels: Int32Array[] = [];
  let labels = Int32Array.from({ length: n }, (_, i) => i);
  let count = n;
  while (count > 1) {
    // Cluster means (sums of unit rows), mean times (in rows), first rows.
    const sum = new Float64Array(count * dim);
    const time = new Float64Array(count);
    const size = new Int32Array(count);
    const key = new Int32Array(count).fill(-1);
    for (let i = 0; i < n; i++) {
      const c = labels[i];
      for (let k = 0; k < dim; k++) sum[c * dim + k] += rows[i * dim + k];
      time[c] += i;
      size[c]++;
      if (key[c] < 0) key[c] = i;
    }
    for (let c = 0; c < count; c++) time[c] /= size[c];
    const unit = unitRows(sum, count, dim);
    const zero = new Uint8Array(count);
    for (let c = 0; c < count; c++) zero[c] = unit.subarray(c * dim, (c + 1) * dim).every((v) => v === 0) ? 1 : 0;
    // The full matrix.
    const d = new Float64Array(count * count);
    for (let a = 0; a < count; a++) {
      for (let b = a + 1; b < count; b++) {
        let c: number;
        if (zero[a] || zero[b]) c = zero[a] && zero[b] ? 0 : 1;
        else {
          let dot = 0;
          for (let k = 0; k < dim; k++) dot += unit[a * dim + k] * unit[b * dim + k];
          c = 1 - dot >= 1e-7 ? 1 - dot : 0;
        }
        const v = c * Math.abs(time[a] - time[b]);
        d[a * count + b] = v;
        d[b * count + a] = v;
      }
    }
    const parent = Int32Array.from({ length: count }, (_, c) => c);
    const find = (x: number): number => {
      while (parent[x] !== x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (let a = 0; a < count; a++) {
      let best = -1;
      for (let b = 0; b < count; b++) {
        if (b === a) continue;
        if (best < 0) {
          best = b;
          continue;
        }
        const v = d[a * count + b];
        const w = d[a * count + best];
        const gv = Math.abs(time[a] - time[b]);
        const gw = Math.abs(time[a] - time[best]);
        if (v < w || (v === w && (gv < gw || (gv === gw && key[b] < key[best])))) best = b;
      }
      const x = find(a);
      const y = find(best);
      if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
    }
    const map = new Map<number, number>();
    const next = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const root = find(labels[i]);
      if (!map.has(root)) map.set(root, map.size);
      next[i] = map.get(root) as number;
    }
    levels.push(next);
    labels = next;
    count = map.size;
  }
  return levels;
}

function hashLevels(levels: Int32Array[]): string {
  let h = 0x811c9dc5;
  for (const level of levels) {
    for (const v of level) {
      h ^= v;
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0xffff;
  }
  return (h >>> 0).toString(16);
}

interface ChildResult {
  impl: string;
  n: number;
  wallMs: number;
  cpuMs: number;
  partitionMs: number;
  warmMs: number;
  peakRssMB: number;
  levels: string;
  hash: string;
}

async function child(impl: string, n: number): Promise<ChildResult> {
  const features = syntheticFeatures(n, DIM);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let levels: Int32Array[] = [];
  let partitionMs = 0;
  let warmMs = 0;
  if (impl === 'lectern') {
    const tw = createTwFinch(features, n, DIM);
    levels = tw.levels;
    const t1 = performance.now();
    tw.partition(Math.min(n, 20));
    partitionMs = performance.now() - t1;
  } else if (impl === 'naive') {
    levels = naiveHierarchy(features, n, DIM);
  }
  const wallMs = performance.now() - t0 - partitionMs;
  const cpuMs = process.cpuUsage(cpu0).user / 1000;
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  if (impl === 'lectern') {
    // Once more in the same process: what every lecture after the first costs (code already optimised).
    const t2 = performance.now();
    createTwFinch(features, n, DIM);
    warmMs = performance.now() - t2;
  }
  return {
    impl,
    n,
    wallMs,
    cpuMs,
    partitionMs,
    warmMs,
    peakRssMB,
    levels: levels.map((l) => new Set(l).size).join('/'),
    hash: levels.length ? hashLevels(levels) : '',
  };
}

function runChild(impl: string, n: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'twfinch-speed.ts'), '--child', impl, String(n)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`twfinch child ${impl} ${n} exited ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop() as string) as ChildResult);
    });
  });
}

export async function run(): Promise<BenchSection> {
  const sizes = (process.env.LECTERN_TWFINCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
  const rows: Array<Record<string, string | number>> = [];
  for (const n of sizes) {
    const base = await runChild('none', n);
    const fast = await runChild('lectern', n);
    const naive = n <= NAIVE_MAX ? await runChild('naive', n) : null;
    const r = (x: number): number => Math.round(x);
    rows.push({
      clips: n,
      'lectern ms': r(fast.wallMs),
      'lectern cpu ms': r(fast.cpuMs),
      'lectern warm ms': r(fast.warmMs),
      'lectern K=20 ms': r(fast.partitionMs),
      'lectern peak MB': r(fast.peakRssMB),
      'naive ms': naive ? r(naive.wallMs) : 'skipped',
      'naive cpu ms': naive ? r(naive.cpuMs) : '',
      'naive peak MB': naive ? r(naive.peakRssMB) : '',
      'baseline MB': r(base.peakRssMB),
      speedup: naive ? `${(naive.wallMs / fast.wallMs).toFixed(1)}x` : '',
      'same labels': naive ? (naive.hash === fast.hash ? 'yes' : 'NO') : '',
      'level sizes': fast.levels,
    });
  }
  return {
    name: 'twfinch',
    rows,
    notes: [
      `dim ${DIM}; times are the whole hierarchy (all levels) in one fresh process each; "K=20 ms" is one exact-K partition after it`,
      '"warm ms" = the hierarchy again in the same process (code already optimised by V8: every lecture after the first)',
      'peak MB = process max RSS (Node + tsx + input included); baseline MB = a process that only builds the input',
      `naive = full N x N Float64 distance matrix per level, skipped above ${NAIVE_MAX} clips (${((50_000 * 50_000 * 8) / 2 ** 30).toFixed(0)} GiB at 50k)`,
      'the machine is shared (2 cores): wall times are noisy, cpu ms is the process user time',
    ],
  };
}

if (process.argv[2] === '--child') {
  const result = await child(process.argv[3], Number(process.argv[4]));
  console.log(JSON.stringify(result));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const section = await run();
  console.table(section.rows);
  for (const note of section.notes ?? []) console.log(`- ${note}`);
}
