/// <reference lib="dom" />
// The window's controls in Debian Chromium against the real backend (`lectern serve`): the
// Models page (download with progress and cancel, import, remove), the Settings page, and
// pause / resume / cancel / index again in the library, all driven from the keyboard where a
// student would. Screenshots are taken for a person to look at.
import { expect, test, type Page } from '@playwright/test';
import { once } from 'node:events';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildWhisperFixture, DEFAULT_FIXTURE } from '../src-main/engines/asr/testing/ggml-fixture.ts';
import { startBackend, type Backend } from './backend.ts';
import { shoot } from './screenshots.ts';
import { callApi, collectProblems } from './page-problems.ts';

test.describe.configure({ mode: 'serial' });

let backend: Backend;
let page: Page;
let mirror: Server;
let scratch: string;
const problems: string[] = [];

/**
 * A slow stand-in for the model host (LECTERN_MODEL_MIRROR): any file is a stream of zeros of
 * tiny.en's size, trickled so a download is still under way when the test cancels it.
 */
async function startSlowMirror(): Promise<Server> {
  const server = createServer((request, response) => {
    const size = 77_704_715;
    response.writeHead(200, { 'Content-Length': String(size), 'Content-Type': 'application/octet-stream' });
    const chunk = Buffer.alloc(128 * 1024);
    const timer = setInterval(() => response.write(chunk), 100);
    request.on('close', () => clearInterval(timer));
    response.on('close', () => clearInterval(timer));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

/** Presses Tab from the top of the page until `name` has the focus; returns how many presses it took. */
async function tabTo(p: Page, name: string, limit = 12): Promise<number> {
  // A click on the top bar's corner (nothing there takes focus) starts the Tab order from the top.
  await p.mouse.click(2, 2);
  for (let presses = 1; presses <= limit; presses++) {
    await p.keyboard.press('Tab');
    const focused = await p.evaluate(
      () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? '',
    );
    if (focused === name) return presses;
  }
  throw new Error(`"${name}" not reached with ${limit} presses of Tab`);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  scratch = await mkdtemp(path.join(os.tmpdir(), 'lectern-e2e-controls-'));
  mirror = await startSlowMirror();
  process.env.LECTERN_MODEL_MIRROR = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
  backend = await startBackend();
  page = await browser.newPage();
  collectProblems(page, problems);
});

test.afterAll(async () => {
  delete process.env.LECTERN_MODEL_MIRROR;
  await page?.close();
  await backend?.stop();
  mirror?.closeAllConnections();
  mirror?.close();
  await rm(scratch, { recursive: true, force: true });
});

test('the top bar links to the models and settings pages, reachable by keyboard', async () => {
  await page.goto(backend.openUrl);
  await expect(page.getByRole('heading', { name: 'Add your first course folder' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Pages' });
  await expect(nav.getByRole('link', { name: 'Library' })).toHaveAttribute('aria-current', 'page');
  // Brand, search box, then the page links: a few presses, not a hunt.
  expect(await tabTo(page, 'Models')).toBeLessThanOrEqual(5);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/models$/);
  await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Models' })).toHaveAttribute('aria-current', 'page');
});

test('the models page lists the catalogue, downloads with progress, and cancels the download', async () => {
  const tiny = page.getByRole('listitem', { name: /^tiny\.en:/ });
  await expect(tiny).toHaveAccessibleName('tiny.en: Not installed');
  await tiny.getByRole('button', { name: 'Download' }).focus();
  await page.keyboard.press('Enter');
  await expect(tiny.getByText(/^Downloading [\d.]+ (kB|MB) of 78 MB$/)).toBeVisible();
  await expect(tiny.getByRole('progressbar')).toBeVisible();
  await expect
    .poll(async () => Number(await tiny.getByRole('progressbar').getAttribute('aria-valuenow')))
    .toBeGreaterThan(0);
  await shoot(page, 'models-downloading');
  await tiny.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('The download of "tiny.en" was cancelled.')).toBeVisible();
  await expect(tiny.getByRole('button', { name: /Download|Resume download/ })).toBeVisible();
  await expect(tiny.getByRole('progressbar')).toHaveCount(0);
});

test('importing a file: a wrong path is explained, a whisper model is imported, and removing asks first', async () => {
  await page.getByRole('textbox', { name: 'Model file' }).fill(path.join(scratch, 'no-such-model.bin'));
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('alert')).toContainText('no-such-model.bin');
  const file = path.join(scratch, 'ggml-course-tuned.bin');
  await writeFile(file, buildWhisperFixture({ ...DEFAULT_FIXTURE, nLayer: 1 }));
  await page.getByRole('textbox', { name: 'Model file' }).fill(file);
  await page.getByRole('textbox', { name: 'Name (optional)' }).fill('course-tuned');
  await page.getByRole('textbox', { name: 'Name (optional)' }).press('Enter');
  const imported = page.getByRole('listitem', { name: /^course-tuned:/ });
  await expect(imported).toHaveAccessibleName('course-tuned: Installed');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await shoot(page, 'models-imported');

  // Remove asks first; Escape keeps the model.
  await imported.getByRole('button', { name: 'Remove course-tuned' }).click();
  await expect(imported.getByText('Remove course-tuned?')).toBeVisible();
  await expect(imported.getByRole('button', { name: 'Keep' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(imported.getByText('Remove course-tuned?')).toHaveCount(0);
});

test('the settings page saves the speech model, sidecar choice and chapter granularity, and shows the data folder', async () => {
  expect(await tabTo(page, 'Settings')).toBeLessThanOrEqual(6);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  const folder = await callApi<{ path: string }>(backend, 'getDataFolder');
  await expect(page.getByTestId('data-folder')).toHaveText(folder.path);

  await page.getByLabel('Speech model').selectOption('course-tuned');
  await expect(page.getByText('Saved: speech model.')).toBeVisible();
  // The keyboard: Space ticks the box, the arrows move through the granularity steps.
  await page.getByLabel('Transcribe even when a subtitle file is beside the recording').focus();
  await page.keyboard.press('Space');
  await expect(page.getByText('Saved: subtitle files.')).toBeVisible();
  // The e2e backend asked for 30 s chapters (a custom length): it shows as such until a step is chosen.
  await expect(page.getByText('Custom (about 30 s chapters, set elsewhere)')).toBeVisible();
  await page.getByLabel('Coarser (about 5 min)').focus();
  await page.keyboard.press('Space');
  await expect(page.getByText('Saved: chapter granularity.')).toBeVisible();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByLabel('Automatic (by the length of the lecture)')).toBeChecked();
  await expect
    .poll(() => callApi<{ chapterTargetSeconds: number }>(backend, 'getSettings'))
    .toMatchObject({ chapterTargetSeconds: 150 });
  expect(await callApi(backend, 'getSettings')).toMatchObject({
    speechModel: 'course-tuned',
    transcribeDespiteSidecar: true,
  });
  await shoot(page, 'settings');

  // Back to what the other tests expect: the sidecar is the transcript, 30 s chapters.
  await callApi(backend, 'setSettings', {
    speechModel: null,
    transcribeDespiteSidecar: false,
    chapterTargetSeconds: 30,
  });
  await callApi(backend, 'removeModel', { name: 'course-tuned' });
});

test('a link to a folder is a notice with its reason; a lecture pauses, resumes, cancels and indexes again', async () => {
  await symlink(scratch, path.join(backend.courseFolder, 'Shared drive'));
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Library' }).click();
  // Paused first, so the lecture waits for the buttons (a two-minute lecture indexes in seconds).
  await callApi(backend, 'pauseIndexing');
  await page.getByLabel('Folder path').fill(backend.courseFolder);
  await page.getByRole('button', { name: 'Add folder' }).click();
  await expect(
    page.getByText(/Not indexed: Shared drive — a link to a folder .*does not follow folder links/),
  ).toBeVisible();
  await expect(page.getByText('Unchanged')).toHaveCount(0);

  const title = backend.lectureTitle;
  const row = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: `Open ${title}` }) });
  await expect(row.getByText('Waiting')).toBeVisible();
  await expect(page.getByText(/Indexing paused · 1 waiting/)).toBeVisible();
  // This lecture alone is paused; the queue resumes and leaves it waiting.
  await row.getByRole('button', { name: `Pause ${title}` }).click();
  await expect(row.getByText('Paused')).toBeVisible();
  await page.getByRole('button', { name: 'Resume indexing' }).click();
  await expect(row.getByText('Paused')).toBeVisible();
  await expect(page.getByText('1 lecture paused')).toBeVisible();
  await shoot(page, 'library-lecture-paused');

  await row.getByRole('button', { name: `Resume ${title}` }).focus();
  await page.keyboard.press('Enter');
  await expect(row.getByRole('progressbar')).toBeVisible();
  // Once its length is known, the lecture shows its time left beside its progress.
  await expect(row.getByText(/^\d+% · (<1 min|\d+ min)$/)).toBeVisible();
  await shoot(page, 'library-lecture-time-left');
  await row.getByRole('button', { name: `Cancel indexing ${title}` }).click();
  await expect(row.getByText('Cancelled')).toBeVisible();
  await expect(row.getByRole('button', { name: `Index ${title} again` })).toBeVisible();
  expect((await callApi<Array<{ status: string }>>(backend, 'listLectures'))[0].status).toBe('cancelled');
  await shoot(page, 'library-lecture-cancelled');

  await row.getByRole('button', { name: `Index ${title} again` }).click();
  await expect(row.getByText('Ready')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText('All lectures indexed')).toBeVisible();
  await shoot(page, 'library-indexed-again');
});

test("the lecture page cancels its own lecture's indexing", async () => {
  const title = backend.lectureTitle;
  await callApi(backend, 'pauseIndexing');
  await callApi(backend, 'reindex', {});
  await expect(page.getByText(/Indexing paused · 1 waiting/)).toBeVisible();
  await page.getByRole('button', { name: `Open ${title}` }).click();
  const cancel = page.getByRole('button', { name: 'Cancel indexing' });
  await expect(cancel).toBeVisible();
  await shoot(page, 'lecture-cancel-indexing');
  await cancel.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Cancelled indexing this lecture.', { exact: false })).toBeVisible();
  await expect(cancel).toHaveCount(0);
  expect((await callApi<Array<{ status: string }>>(backend, 'listLectures'))[0].status).toBe('cancelled');
  await callApi(backend, 'resumeIndexing');
  await page.getByRole('button', { name: 'Back to the library' }).click();
  const row = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: `Open ${title}` }) });
  await expect(row.getByText('Cancelled')).toBeVisible();
});

test('cancelling everything asks first (Escape keeps it)', async () => {
  const title = backend.lectureTitle;
  await callApi(backend, 'pauseIndexing');
  await callApi(backend, 'reindex', {});
  await expect(page.getByText(/Indexing paused · 1 waiting/)).toBeVisible();
  await page.getByRole('button', { name: 'Cancel all indexing' }).click();
  await expect(page.getByRole('button', { name: 'Keep' })).toBeFocused();
  await shoot(page, 'jobs-cancel-all-confirm');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Cancel all indexing' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel all indexing' }).click();
  await page.getByRole('button', { name: 'Cancel all' }).click();
  const row = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: `Open ${title}` }) });
  await expect(row.getByText('Cancelled')).toBeVisible();
  await callApi(backend, 'resumeIndexing');
  // Chromium logs every 4xx answer: the cancelled download and the wrong import path were asked for.
  const expected = /status of 400 .*\/api\/(installModel|importModel)\)$/;
  expect(problems.filter((p) => !expected.test(p))).toEqual([]);
  expect(problems.filter((p) => expected.test(p))).toHaveLength(2);
});
