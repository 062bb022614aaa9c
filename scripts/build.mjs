#!/usr/bin/env node
// `npm run build`: the renderer (Vite -> dist-renderer/) and the Electron main and preload
// bundles (esbuild -> dist-electron/main.cjs, dist-electron/preload.cjs).
// `node scripts/build.mjs renderer` or `... electron` builds one half.
import { build as esbuild } from 'esbuild';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import { rendererInputsHash, STAMP } from './renderer-inputs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2];
const started = Date.now();

async function buildRenderer() {
  const inputs = rendererInputsHash(); // before building: a source saved meanwhile makes the next start rebuild
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, `${inputs}\n`);
  process.stdout.write(`build: renderer -> dist-renderer/ (${Date.now() - started} ms)\n`);
}

// Packages that load native code, spawn workers or read their own files at run time stay
// outside the bundle and are resolved from node_modules (unpacked from the asar when native).
const EXTERNAL = [
  'electron',
  'better-sqlite3',
  'onnxruntime-node',
  'onnxruntime-common',
  'tesseract.js',
  '@tesseract.js-data/*',
  'sharp',
  '@energetic-ai/*',
  '@huggingface/tokenizers',
  'smart-whisper',
  '@napi-rs/whisper',
  '@napi-rs/whisper-*',
  'whisper-node',
  'onnx-proto',
  'tsx',
  'chokidar',
  'fsevents',
];

async function buildElectron() {
  // LECTERN_ELECTRON_OUTDIR: tests build a private copy (it must sit inside the repo so the
  // bundle's external packages resolve from node_modules).
  const outdir = process.env.LECTERN_ELECTRON_OUTDIR ?? path.join(root, 'dist-electron');
  rmSync(outdir, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    sourcemap: 'linked',
    logLevel: 'warning',
    // The sources are ES modules that find files next to themselves through import.meta.url.
    define: { 'import.meta.url': '__lecternModuleUrl' },
    banner: { js: "const __lecternModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  };
  await esbuild({
    ...common,
    entryPoints: { main: path.join(root, 'src-main/electron/main.ts') },
    outdir,
    outExtension: { '.js': '.cjs' },
  });
  // The preload runs sandboxed: only `electron`'s renderer modules are available, so
  // everything else must be inside the bundle.
  await esbuild({
    ...common,
    external: ['electron'],
    entryPoints: { preload: path.join(root, 'src-main/electron/preload.ts') },
    outdir,
    outExtension: { '.js': '.cjs' },
    define: {},
    banner: {},
  });
  // Worker threads and child processes the engines and search start from a file next to the bundled main
  // (they look for `<name>.mjs` beside import.meta.url). ES modules: the package is "type": "module".
  for (const worker of [
    'src-main/engines/embed/embed-worker.ts',
    'src-main/search/lexical-search-worker.ts',
    'src-main/engines/asr/whisper-child.ts',
  ]) {
    if (!existsSync(path.join(root, worker))) continue;
    await esbuild({
      ...common,
      format: 'esm',
      define: {},
      banner: {},
      entryPoints: [path.join(root, worker)],
      outdir,
      outExtension: { '.js': '.mjs' },
    });
  }
  process.stdout.write(
    `build: Electron main and preload -> ${path.relative(root, outdir)}/ (${Date.now() - started} ms)\n`,
  );
}

if (!only || only === 'renderer') await buildRenderer();
if (!only || only === 'electron') await buildElectron();
