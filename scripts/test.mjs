#!/usr/bin/env node
// `npm test`: every check Lectern has, in one run, ending with one "N passed, N failed" line.
// Static checks (types, lint, format) count as one test each; then the vitest suites (unit
// and integration), then the renderer build and the Playwright e2e suite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
// Tools run as `node <entry>`: independent of executable bits and of .bin shims.
const TOOL_ENTRIES = {
  tsc: 'typescript/bin/tsc',
  eslint: 'eslint/bin/eslint.js',
  prettier: 'prettier/bin/prettier.cjs',
  vitest: 'vitest/vitest.mjs',
  playwright: '@playwright/test/cli.js',
  'svelte-check': 'svelte-check/bin/svelte-check',
};
const tool = (name, args) => [process.execPath, [path.join(root, 'node_modules', TOOL_ENTRIES[name]), ...args]];
const tally = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(title, command, args, env = {}) {
  process.stdout.write(`\n=== ${title} ===\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function check(title, command, args) {
  if (step(title, command, args)) tally.passed++;
  else {
    tally.failed++;
    failures.push(title);
  }
}

check('type-check (main, core, tests, bench)', ...tool('tsc', ['-p', 'tsconfig.json']));
if (existsSync(path.join(root, 'src-main', 'electron', 'tsconfig.json'))) {
  check('type-check (Electron main and preload)', ...tool('tsc', ['-p', 'src-main/electron/tsconfig.json']));
}
if (existsSync(path.join(root, 'src-renderer', 'tsconfig.json'))) {
  check(
    'svelte-check (renderer)',
    ...tool('svelte-check', ['--tsconfig', 'src-renderer/tsconfig.json', '--fail-on-warnings']),
  );
}
check('eslint', ...tool('eslint', ['.']));
check('prettier', ...tool('prettier', ['--check', '.']));

const vitestJson = path.join(results, 'vitest.json');
step(
  'unit and integration tests (vitest)',
  ...tool('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]),
);
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
  tally.passed += report.numPassedTests;
  tally.failed += report.numFailedTests;
  tally.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  if (report.numFailedTests > 0) failures.push(`${report.numFailedTests} vitest test(s)`);
  if (report.numFailedTestSuites > 0 && report.numFailedTests === 0) {
    tally.failed += report.numFailedTestSuites;
    failures.push(`${report.numFailedTestSuites} vitest file(s) failed to load`);
  }
} else {
  tally.failed++;
  failures.push('vitest produced no report');
}

const e2eConfig = path.join(root, 'e2e', 'playwright.config.ts');
if (existsSync(e2eConfig)) {
  if (!step('build (renderer, Electron main and preload)', 'node', ['scripts/build.mjs'])) {
    tally.failed++;
    failures.push('build');
  } else {
    const e2eJson = path.join(results, 'e2e.json');
    step(
      'end-to-end tests (Playwright, Debian Chromium)',
      ...tool('playwright', ['test', '-c', e2eConfig, '--reporter=list,json']),
      {
        PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson,
      },
    );
    if (existsSync(e2eJson)) {
      const stats = JSON.parse(readFileSync(e2eJson, 'utf8')).stats;
      tally.passed += stats.expected + stats.flaky;
      tally.failed += stats.unexpected;
      tally.skipped += stats.skipped;
      if (stats.unexpected > 0) failures.push(`${stats.unexpected} e2e test(s)`);
      process.stdout.write(
        `e2e: ${stats.expected + stats.flaky} passed, ${stats.unexpected} failed, ${stats.skipped} skipped\n`,
      );
    } else {
      tally.failed++;
      failures.push('Playwright produced no report');
    }
  }
}

process.stdout.write(`\n${failures.length ? `Failed: ${failures.join('; ')}\n` : ''}`);
process.stdout.write(`skipped: ${tally.skipped}\n`);
process.stdout.write(`${tally.passed} passed, ${tally.failed} failed\n`);
process.exit(tally.failed > 0 ? 1 : 0);
