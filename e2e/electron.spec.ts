/// <reference lib="dom" />
// The desktop window (Electron), with the browser suite's core assertions. Needs an Electron
// binary: `npm install` fetches one on a networked machine; point ELECTRON_OVERRIDE_DIST_PATH
// at an unpacked Electron otherwise. Skips cleanly when there is none (never require('electron')
// here: on a machine without the binary that tries to download it).
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { API_METHODS } from '../src-main/api/contract.ts';
import { makeCourseFolder, REPO_ROOT } from './backend.ts';

function electronBinary(): string | null {
  const executable =
    process.platform === 'win32'
      ? 'electron.exe'
      : process.platform === 'darwin'
        ? 'Electron.app/Contents/MacOS/Electron'
        : 'electron';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const file = path.join(override, executable);
    return existsSync(file) ? file : null;
  }
  const pkg = path.join(REPO_ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const file = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(file) ? file : null;
}

const binary = electronBinary();

test.describe('desktop window (Electron)', () => {
  test.skip(binary === null, 'No Electron binary here (ELECTRON_OVERRIDE_DIST_PATH or node_modules/electron/dist)');
  test.describe.configure({ mode: 'serial' });

  let root: string;
  let courseFolder: string;
  let app: ElectronApplication;
  let page: Page;
  const problems: string[] = [];

  const currentTime = () => page.evaluate(() => document.querySelector('video')?.currentTime ?? -1);

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    if (!existsSync(path.join(REPO_ROOT, 'dist-electron', 'main.cjs'))) {
      execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    }
    root = await mkdtemp(path.join(os.tmpdir(), 'lectern-electron-'));
    courseFolder = await makeCourseFolder(root);
    app = await electron.launch({
      executablePath: binary!,
      args: [REPO_ROOT],
      cwd: REPO_ROOT,
      env: { ...process.env, LECTERN_HOME: path.join(root, 'home') } as Record<string, string>,
    });
    page = await app.firstWindow();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // Two-minute sample: ask for ~30 s chapters (see backend.ts), through the bridge itself.
    await page.evaluate(() =>
      (
        window as unknown as { lectern: { setSettings(p: { chapterTargetSeconds: number }): Promise<unknown> } }
      ).lectern.setSettings({ chapterTargetSeconds: 30 }),
    );
    // Native dialogs cannot be clicked by a test: answer them from the main process.
    await app.evaluate(
      ({ dialog }, answers) => {
        dialog.showOpenDialog = (async () => ({
          canceled: false,
          filePaths: [answers.folder],
        })) as typeof dialog.showOpenDialog;
        dialog.showSaveDialog = (async () => ({
          canceled: false,
          filePath: answers.save,
        })) as typeof dialog.showSaveDialog;
      },
      { folder: courseFolder, save: path.join(root, 'export.md') },
    );
  });

  test.afterAll(async () => {
    await app?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('the window is isolated and sees exactly the API contract', async () => {
    await expect(page.getByRole('heading', { name: 'Add your first course folder' })).toBeVisible();
    const surface = await page.evaluate(() => ({
      keys: Object.keys((window as unknown as { lectern: object }).lectern).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      origin: location.origin,
    }));
    expect(surface.keys).toEqual(
      [...API_METHODS, 'onProgress', 'pickFolder', 'pickModelFile', 'pickPdf', 'saveExport'].sort(),
    );
    expect(surface.require).toBe('undefined');
    expect(surface.process).toBe('undefined');
    expect(surface.origin).toBe('lectern://app');
  });

  test('adding a folder through the native dialog indexes it with live progress', async () => {
    await page.getByRole('button', { name: 'Add a folder…' }).click();
    const row = page.getByRole('listitem').filter({ hasText: 'Lecture 03' });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row.getByText('Ready')).toBeVisible({ timeout: 150_000 });
  });

  test('a chapter click seeks the video, served through lectern://', async () => {
    await page.getByRole('button', { name: /^Open Lecture 03/ }).click();
    await expect
      .poll(() => page.evaluate(() => document.querySelector('video')?.readyState ?? 0))
      .toBeGreaterThanOrEqual(1);
    const before = await currentTime();
    await page.locator('.timeline .chapter').nth(1).click();
    await expect.poll(currentTime).toBeGreaterThan(before + 1);
  });

  test('search and Enter jump to the moment', async () => {
    await page.keyboard.press('/');
    const box = page.getByRole('combobox', { name: 'Search lectures' });
    await box.fill('preconditioning');
    await expect(page.getByRole('option').first()).toBeVisible();
    await box.press('Enter');
    await expect.poll(currentTime).toBeGreaterThan(60);
    await page.evaluate(() => document.querySelector('video')?.pause());
  });

  test('export saves Markdown where the save dialog says', async () => {
    await page.getByRole('button', { name: 'Export Markdown' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved to' })).toBeVisible();
    expect((await readFile(path.join(root, 'export.md'), 'utf8')).startsWith('# ')).toBe(true);
  });

  test('j and k move between chapters', async () => {
    await page.evaluate(() => {
      const video = document.querySelector('video')!;
      video.currentTime = 0;
      (document.activeElement as HTMLElement | null)?.blur();
    });
    await page.keyboard.press('j');
    await expect.poll(currentTime).toBeGreaterThan(1);
    await page.keyboard.press('k');
    await expect.poll(currentTime).toBeLessThan(1);
  });

  test('no console errors or CSP violations', async () => {
    expect(problems).toEqual([]);
  });
});
