import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, realpath, symlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../fixtures/sample-media.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The files a clone of this working tree has: tracked and new ones, nothing git ignores (no build output). */
function cloneableFiles(): string[] | null {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO });
  if (listed.status !== 0) return null;
  return listed.stdout
    .toString('utf8')
    .split('\0')
    .filter((file) => file && existsSync(path.join(REPO, file)));
}

/** When this checkout's packages were installed (`npm start` reinstalls when the manifests look newer). */
function packagesInstalledAt(): Date | null {
  const marker = path.join(REPO, 'node_modules', '.package-lock.json');
  return existsSync(marker) ? statSync(marker).mtime : null;
}

const files = cloneableFiles();
const npmFound = spawnSync('npm', ['--version']).status === 0;
const installedAt = packagesInstalledAt();
const runnable = files !== null && npmFound && installedAt !== null;

describe.skipIf(!runnable)('first run: `npm start` on a clone without build output', () => {
  const cleanups: Array<() => Promise<void>> = [];
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const closed = new Promise((resolve) => child!.once('close', resolve));
    process.kill(-child.pid!, 'SIGINT'); // npm, its shell and lectern: the whole group it leads
    await closed;
  };
  afterAll(async () => {
    await stop(); // also when the test timed out while lectern was still serving
    for (const cleanup of cleanups) await cleanup();
  });

  it('builds the window, indexes the sample and prints a link that opens the window', async () => {
    const work = await tempDir('lectern-first-run-');
    cleanups.push(work.cleanup);
    const clone = path.join(work.dir, 'lectern');
    for (const file of files!) {
      const from = path.join(REPO, file);
      const to = path.join(clone, file);
      await mkdir(path.dirname(to), { recursive: true });
      await copyFile(from, to);
      const { atime, mtime } = statSync(from);
      await utimes(to, atime, mtime); // as checked out before `npm install` ran
    }
    // The packages, as `npm install` would have put them: this checkout's, installed after the
    // manifests were written (reinstalling them into the shared folder is not this test's business).
    await symlink(await realpath(path.join(REPO, 'node_modules')), path.join(clone, 'node_modules'), 'dir');
    const beforeInstall = new Date(installedAt!.getTime() - 5000);
    for (const manifest of ['package.json', 'package-lock.json']) {
      await utimes(path.join(clone, manifest), beforeInstall, beforeInstall);
    }
    expect(existsSync(path.join(clone, 'dist-renderer'))).toBe(false);

    const started = spawn('npm', ['start'], {
      cwd: clone,
      env: {
        ...process.env,
        CI: 'true',
        LECTERN_HOME: path.join(work.dir, 'home'),
        LECTERN_SKIP_SYSTEM_SETUP: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so that npm and everything it started stop together
    });
    child = started;
    let output = '';
    const link = new Promise<string>((resolve, reject) => {
      const look = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /(http:\/\/127\.0\.0\.1:\d+\/session\?token=\S+)/.exec(output);
        if (found) resolve(found[1]);
      };
      started.stdout.on('data', look);
      started.stderr.on('data', look);
      started.on('close', (code) => reject(new Error(`npm start ended (${code}) without a link:\n${output}`)));
    });
    try {
      const openUrl = await link;
      expect(output).toMatch(/Indexed 1, unchanged 0, failed 0/);

      const session = await fetch(openUrl, { redirect: 'manual' });
      expect(session.status).toBe(303);
      const cookie = session.headers.get('set-cookie')!.split(';')[0];
      const page = await fetch(new URL('/', openUrl), { headers: { cookie } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).not.toMatch(/has not been built/);
      const script = /<script type="module"[^>]*src="([^"]+)"/.exec(html);
      expect(script).not.toBeNull();
      const bundle = await fetch(new URL(script![1], openUrl), { headers: { cookie } });
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toMatch(/javascript/);
      expect((await bundle.text()).length).toBeGreaterThan(10_000);
      expect(existsSync(path.join(clone, 'dist-renderer', 'index.html'))).toBe(true);
    } finally {
      await stop();
    }
  }, 900_000);
});
