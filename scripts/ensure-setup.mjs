#!/usr/bin/env node
// Makes a fresh clone ready: Debian packages Lectern needs (ffmpeg, Chromium for the browser
// tests, espeak-ng for generated narration, DejaVu fonts for generated slides) and
// node_modules. Uses only Node built-ins, so it runs before `npm install`.
// Skip the system part with LECTERN_SKIP_SYSTEM_SETUP=1.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line) => process.stderr.write(`setup: ${line}\n`);

const onPath = (name) =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, name)));

const SYSTEM_NEEDS = [
  { pkg: 'ffmpeg', present: () => onPath('ffmpeg') && onPath('ffprobe') },
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') || Boolean(process.env.LECTERN_CHROMIUM) },
  { pkg: 'espeak-ng', present: () => onPath('espeak-ng') },
  { pkg: 'poppler-utils', present: () => onPath('pdftotext') && onPath('pdftoppm') && onPath('pdfinfo') },
  { pkg: 'fonts-dejavu-core', present: () => existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf') },
];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  return result.status === 0;
}

function installSystemPackages() {
  if (process.env.LECTERN_SKIP_SYSTEM_SETUP) return;
  const missing = SYSTEM_NEEDS.filter((need) => !need.present()).map((need) => need.pkg);
  if (missing.length === 0) return;
  if (process.platform !== 'linux' || !onPath('apt-get')) {
    log(
      `please install: ${missing.join(' ')} (ffmpeg is required, poppler-utils reads slide decks; the others are for tests and samples)`,
    );
    return;
  }
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : onPath('sudo') ? ['sudo', '-n'] : null;
  if (!sudo) {
    log(`missing Debian packages: ${missing.join(' ')}; run as root: apt-get install -y ${missing.join(' ')}`);
    return;
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) =>
    sudo.length ? run(sudo[0], [...sudo.slice(1), 'apt-get', ...args], { env }) : run('apt-get', args, { env });
  if (!apt(['install', '-y', '--no-install-recommends', ...missing])) {
    apt(['update']);
    if (!apt(['install', '-y', '--no-install-recommends', ...missing])) log('apt-get install failed; see above');
  }
}

function nodeModulesStale() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return true;
  const lock = path.join(root, 'package-lock.json');
  const manifest = path.join(root, 'package.json');
  const newest = Math.max(statSync(lock).mtimeMs, statSync(manifest).mtimeMs);
  return statSync(marker).mtimeMs < newest - 1000;
}

function installNodeModules() {
  if (!nodeModulesStale()) return;
  log('installing npm packages (the first time builds better-sqlite3: a few minutes)');
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ONNXRUNTIME_NODE_INSTALL: 'skip' };
  if (!run('npm', ['install', '--no-audit', '--no-fund'], { env })) {
    log('npm install failed; see above');
    process.exit(1);
  }
}

function checkNativeModules() {
  try {
    execFileSync(process.execPath, ['-e', "require('better-sqlite3')(':memory:').close()"], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch {
    log('rebuilding better-sqlite3 for this Node');
    if (!run('npm', ['rebuild', 'better-sqlite3'])) process.exit(1);
  }
}

installSystemPackages();
installNodeModules();
checkNativeModules();
