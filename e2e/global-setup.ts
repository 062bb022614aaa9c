import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './backend.ts';
import { CHROMIUM } from './playwright.config.ts';
import { sharedSampleLecture } from '../test/fixtures/sample-media.ts';

/** Builds the renderer when it is missing, checks for Chromium, and makes the sample lecture once. */
export default async function globalSetup(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: run \`npm run setup\` (installs Debian chromium) or set LECTERN_CHROMIUM.`,
    );
  }
  if (!existsSync(path.join(REPO_ROOT, 'dist-renderer', 'index.html'))) {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs'), 'renderer'], { stdio: 'inherit' });
  }
  await sharedSampleLecture();
}
