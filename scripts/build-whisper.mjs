#!/usr/bin/env node
// Builds the whisper.cpp binding (smart-whisper) from the sources inside its npm package, with
// the CPU flags that make it fast. npm's own install of smart-whisper is switched off in
// package.json ("allowScripts": {"smart-whisper": false}) because node-gyp's default build
// has no SIMD flags: whisper.cpp then runs about 6x slower. Run from the root package's
// postinstall (and safe to run again: it skips when the built addon matches the flags).
//
//   node scripts/build-whisper.mjs            build if missing or built with other flags
//   node scripts/build-whisper.mjs --force    always rebuild
//   LECTERN_WHISPER_CFLAGS="..."              override the CPU flags ("" for none)
//
// A failed build prints why and exits 0 (Lectern still works with sidecar transcripts; the
// ASR engine then reports how to fix it), unless --strict is given.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const log = (line) => process.stderr.write(`build-whisper: ${line}\n`);

function fail(message) {
  log(message);
  log('ASR (transcription) will be unavailable until this is fixed; sidecar .vtt/.srt still work.');
  process.exit(args.has('--strict') ? 1 : 0);
}

function packageDir() {
  try {
    const require = createRequire(path.join(root, 'package.json'));
    return path.dirname(require.resolve('smart-whisper/package.json'));
  } catch {
    return null;
  }
}

/** CPU feature flags for the compiler: AVX2/FMA/F16C where the CPU has them (x86-64 only). */
function cpuFlags() {
  const override = process.env.LECTERN_WHISPER_CFLAGS;
  if (override !== undefined) return override.trim();
  if (process.arch !== 'x64' || process.platform === 'win32') return '';
  let features = '';
  try {
    if (process.platform === 'linux') features = readFileSync('/proc/cpuinfo', 'utf8');
    else if (process.platform === 'darwin')
      features = execFileSync('sysctl', ['-n', 'machdep.cpu.features', 'machdep.cpu.leaf7_features'], {
        encoding: 'utf8',
      });
  } catch {
    return '';
  }
  const has = (name) => new RegExp(`\\b${name}\\b`, 'i').test(features);
  return has('avx2') && has('fma') && has('f16c') ? '-mavx2 -mfma -mf16c' : '';
}

/** node-gyp: the one npm runs scripts with, else the copy bundled with npm, else PATH. */
function nodeGypCommand() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return [process.execPath, fromNpm];
  const bundled = path.join(
    path.dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  );
  if (existsSync(bundled)) return [process.execPath, bundled];
  return ['node-gyp'];
}

/** Node's headers: npm's configured nodedir, else the headers installed beside this node. */
function nodeDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'node_api.h')) ? prefix : null;
}

function addonLoads(dir) {
  const addon = path.join(dir, 'build', 'Release', 'smart-whisper.node');
  if (!existsSync(addon)) return false;
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(addon)})`], { stdio: 'ignore' });
  return probe.status === 0;
}

const dir = packageDir();
if (!dir) {
  log('smart-whisper is not installed; nothing to build.');
  process.exit(0);
}

const version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
const flags = cpuFlags();
// _GNU_SOURCE (as whisper.cpp's own Makefile sets on Linux): without it ggml's CPU-affinity
// calls (CPU_ZERO, CPU_SET, ...) compile as unknown functions and stay unresolved in the addon.
const defines = process.platform === 'linux' ? '-D_GNU_SOURCE' : '';
const stampPath = path.join(dir, 'build', 'Release', 'lectern-build.json');
const wanted = {
  version,
  flags,
  defines,
  platform: process.platform,
  arch: process.arch,
};

if (!args.has('--force') && existsSync(stampPath) && addonLoads(dir)) {
  try {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
    if (JSON.stringify(stamp) === JSON.stringify(wanted)) {
      log(`smart-whisper ${version} already built (flags: ${flags || 'none'}).`);
      process.exit(0);
    }
  } catch {
    // fall through to a rebuild
  }
}

const [command, ...prefixArgs] = nodeGypCommand();
const gypArgs = [...prefixArgs, 'rebuild', '--release', `-j`, String(Math.max(1, os.availableParallelism?.() ?? 2))];
const headers = nodeDir();
if (headers) gypArgs.push(`--nodedir=${headers}`);
const env = {
  ...process.env,
  CFLAGS: `${process.env.CFLAGS ?? ''} ${defines} ${flags}`.trim(),
  CXXFLAGS: `${process.env.CXXFLAGS ?? ''} ${flags}`.trim(),
};

log(`building smart-whisper ${version} (whisper.cpp) with flags: ${flags || 'none'} (about a minute)`);
const started = Date.now();
const result = spawnSync(command, gypArgs, { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (result.error) fail(`could not run node-gyp: ${result.error.message}`);
if (result.status !== 0) {
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n');
  process.stderr.write(
    output
      .filter((line) => !/warning|^\s/.test(line))
      .slice(-30)
      .join('\n') + '\n',
  );
  fail(`node-gyp failed (exit ${result.status}); a C++ toolchain (g++, make, python3) is needed.`);
}
if (!addonLoads(dir)) fail('the built addon does not load.');
writeFileSync(stampPath, JSON.stringify(wanted) + '\n');
log(`built in ${Math.round((Date.now() - started) / 1000)} s.`);
