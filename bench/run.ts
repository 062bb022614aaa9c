// `npm run bench [-- <section>...]`: runs the benchmarks side by side in one process run,
// prints each table and writes everything to bench/results/<date>.json.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSection } from './bench-section.ts';
import { summarize } from './summary.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Section name → bench file. Each file exports `run(): Promise<BenchSection | BenchSection[]>`. */
const SECTIONS: Record<string, string> = {
  pipeline: 'pipeline.ts',
  twfinch: 'twfinch-speed.ts',
  segmentation: 'segmentation.ts',
  ocr: 'ocr.ts',
  asr: 'asr.ts',
  embeddings: 'embeddings.ts',
  grounding: 'grounding.ts',
  search: 'search-latency.ts',
  startup: 'startup.ts',
  deck: 'deck.ts',
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in SECTIONS));
if (unknown.length) {
  console.error(`Unknown bench section(s): ${unknown.join(', ')}. Known: ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(1);
}
const names = wanted.length ? wanted : Object.keys(SECTIONS);
const results: BenchSection[] = [];
const started = Date.now();
for (const name of names) {
  const file = path.join(here, SECTIONS[name]);
  if (!existsSync(file)) {
    console.log(`\n## ${name}: not written yet (${SECTIONS[name]})`);
    continue;
  }
  console.log(`\n## ${name}`);
  try {
    const mod = (await import(file)) as { run: () => Promise<BenchSection | BenchSection[]> };
    const output = await mod.run();
    for (const section of Array.isArray(output) ? output : [output]) {
      results.push(section);
      console.log(`\n### ${section.name}`);
      if (section.rows.length) console.table(section.rows);
      for (const note of section.notes ?? []) console.log(`  - ${note}`);
    }
  } catch (error) {
    console.log(`  failed: ${(error as Error).stack ?? error}`);
    results.push({ name, rows: [], notes: [`failed: ${(error as Error).message}`] });
  }
}
const summary = summarize(results);
results.push(summary);
console.log(`\n## ${summary.name}`);
if (summary.rows.length) console.table(summary.rows);
for (const note of summary.notes ?? []) console.log(`  - ${note}`);
const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..*/, '');
await mkdir(path.join(here, 'results'), { recursive: true });
const out = path.join(here, 'results', `${stamp}.json`);
await writeFile(
  out,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      seconds: (Date.now() - started) / 1000,
      sections: results,
    },
    null,
    2,
  ),
);
console.log(`\nWrote ${out}`);
