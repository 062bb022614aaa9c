/// <reference lib="dom" />
// Editing chapters and exporting, in Debian Chromium against the real backend: rename (Enter
// saves, Escape cancels), split at the playhead, merge, nudge a boundary by keyboard, an edit
// the backend refuses, a re-index that keeps the edits, reset, and the export formats menu.
import { expect, test, type Page } from '@playwright/test';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseSync, type NodeCue } from 'subtitle';
import type { Chapter, LectureSummary } from '../src-main/api/contract.ts';
import { startBackend, type Backend } from './backend.ts';
import { shoot } from './screenshots.ts';
import { callApi, collectProblems } from './page-problems.ts';

const { WebVTTParser } = createRequire(import.meta.url)('webvtt-parser') as {
  WebVTTParser: new () => {
    parse(
      input: string,
      mode: string,
    ): { cues: Array<{ startTime: number; endTime: number; text: string }>; errors: unknown[] };
  };
};

test.describe.configure({ mode: 'serial' });

let backend: Backend;
let page: Page;
let lectureId: number;
const problems: string[] = [];

const api = <T>(method: string, params: unknown = {}) => callApi<T>(backend, method, params);

const chapters = async () => (await api<{ chapters: Chapter[] }>('getLecture', { id: lectureId })).chapters;

async function seekTo(p: Page, t: number): Promise<void> {
  await p.evaluate((time) => {
    const video = document.querySelector('video')!;
    video.pause();
    video.currentTime = time;
  }, t);
  await expect.poll(() => p.evaluate(() => document.querySelector('video')!.currentTime)).toBeCloseTo(t, 1);
  // The window has caught up too (its clock reads the new time).
  const clock = `${Math.floor(t / 60)}:${String(Math.floor(t % 60)).padStart(2, '0')}`;
  await expect(p.locator('.now .clock')).toContainText(`${clock} /`);
}

const editor = () => page.getByRole('list', { name: 'Edit chapters' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  backend = await startBackend();
  await api('addFolder', { path: backend.courseFolder });
  await expect
    .poll(async () => (await api<LectureSummary[]>('listLectures')).map((l) => l.status).join(), { timeout: 200_000 })
    .toBe('ready');
  lectureId = (await api<LectureSummary[]>('listLectures'))[0].id;
  page = await browser.newPage();
  collectProblems(page, problems);
  await page.goto(backend.openUrl);
  await page.goto(`${backend.url}/#/lecture/${lectureId}`);
  await expect(page.getByRole('heading', { level: 1, name: backend.lectureTitle })).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.querySelector('video')?.readyState ?? 0)).toBeGreaterThan(0);
});

test.afterAll(async () => {
  await page?.close();
  await backend?.stop();
});

test('the chapters panel opens an editor with every chapter and its tools', async () => {
  const automatic = await chapters();
  expect(automatic.length).toBeGreaterThanOrEqual(3);
  const toggle = page.getByRole('button', { name: 'Edit chapters' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(editor().getByRole('listitem')).toHaveCount(automatic.length);
  await expect(page.getByRole('slider', { name: 'Start of chapter 2' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Split the chapter at / })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reset to automatic' })).toBeDisabled();
  await shoot(page, 'editing-open');
});

test('renaming: Enter saves and marks the chapter edited, Escape cancels', async () => {
  const before = await chapters();
  await page.getByRole('button', { name: 'Rename chapter 1' }).click();
  const input = page.getByRole('textbox', { name: 'New title for chapter 1' });
  await expect(input).toBeFocused();
  await expect(input).toHaveValue(before[0].title);
  await input.fill('My eigenvalue notes');
  await shoot(page, 'editing-rename');
  await input.press('Enter');
  await expect(input).toHaveCount(0);
  await expect(editor().getByRole('button', { name: 'Play chapter 1: My eigenvalue notes (edited)' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Rename chapter 1' })).toBeFocused();
  await expect.poll(async () => (await chapters())[0]).toMatchObject({ title: 'My eigenvalue notes', edited: true });

  await page.getByRole('button', { name: 'Rename chapter 2' }).click();
  const second = page.getByRole('textbox', { name: 'New title for chapter 2' });
  await second.fill('Not this');
  await second.press('Escape');
  await expect(second).toHaveCount(0);
  await expect(editor().getByRole('button', { name: `Play chapter 2: ${before[1].title}` })).toBeVisible();
  expect((await chapters())[1]).toMatchObject({ title: before[1].title, edited: false });
  await expect(page.getByRole('button', { name: 'Reset to automatic' })).toBeEnabled();
});

test('split at the playhead, then merge the two halves back', async () => {
  const before = await chapters();
  const middle = Math.round(((before[1].start + before[1].end) / 2) * 10) / 10;
  await seekTo(page, middle);
  await page.getByRole('button', { name: /^Split the chapter at / }).click();
  await expect(editor().getByRole('listitem')).toHaveCount(before.length + 1);
  const split = await chapters();
  expect(split[2].start).toBeCloseTo(middle, 0);
  expect(split[1].end).toBeCloseTo(middle, 0);
  expect(split[2]).toMatchObject({ title: `${before[1].title} (continued)`, edited: true });
  await expect(editor().getByText('edited')).toHaveCount(3);
  await shoot(page, 'editing-split');

  await page.getByRole('button', { name: 'Merge chapter 2 with chapter 3' }).click();
  await expect(editor().getByRole('listitem')).toHaveCount(before.length);
  const merged = await chapters();
  expect(merged[1].start).toBe(before[1].start);
  expect(merged[1].end).toBe(before[1].end);
});

test('a boundary moves by a second with the arrow keys or the buttons, without seeking the player 5 s', async () => {
  const start = (await chapters())[1].start;
  const slider = page.getByRole('slider', { name: 'Start of chapter 2' });
  await slider.focus();
  await slider.press('ArrowRight');
  await expect.poll(async () => (await chapters())[1].start).toBeCloseTo(start + 1, 3);
  await expect(slider).toHaveAttribute('aria-valuenow', String(Math.floor(start + 1)));
  // The player shows where the boundary now is (not the 5-second jump its own arrow key makes).
  expect(await page.evaluate(() => document.querySelector('video')!.currentTime)).toBeCloseTo(start + 1, 0);

  await page.getByRole('button', { name: 'Start chapter 2 one second earlier' }).click();
  await expect.poll(async () => (await chapters())[1].start).toBeCloseTo(start, 3);

  // Quick presses add up.
  await slider.focus();
  await slider.press('PageUp');
  await slider.press('ArrowLeft');
  await slider.press('ArrowLeft');
  await slider.press('ArrowLeft');
  await expect.poll(async () => (await chapters())[1].start).toBeCloseTo(start + 7, 3);
  expect((await chapters())[0].end).toBeCloseTo(start + 7, 3);
  await expect(slider).toHaveAttribute('aria-valuetext', /second/);
  await expect(page.getByRole('status').filter({ hasText: 'Saving' })).toHaveCount(0);
});

test('a boundary can be dragged on the timeline while editing', async () => {
  const before = await chapters();
  const { duration } = await api<{ duration: number }>('getLecture', { id: lectureId });
  const track = (await page.locator('.timeline .track').boundingBox())!;
  const handle = page.locator('.timeline .handle[data-chapter="3"]');
  const box = (await handle.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x - (track.width / duration) * 3, y, { steps: 4 });
  await page.mouse.move(x - (track.width / duration) * 6, y, { steps: 4 });
  await expect(handle.locator('.handle-time')).toBeVisible();
  await shoot(page, 'editing-drag');
  await page.mouse.up();
  await expect.poll(async () => (await chapters())[2].start).toBeLessThan(before[2].start - 5.5);
  const after = await chapters();
  expect(after[2].start).toBeGreaterThan(before[2].start - 6.5);
  expect(after[1].end).toBe(after[2].start);
  // Not editing: no handles, the timeline only seeks.
  await page.getByRole('button', { name: 'Edit chapters' }).click();
  await expect(page.locator('.timeline .handle')).toHaveCount(0);
  await page.getByRole('button', { name: 'Edit chapters' }).click();
  await expect(page.locator('.timeline .handle')).toHaveCount(after.length - 1);
});

test('an edit the backend refuses is explained in words', async () => {
  const before = problems.length;
  const count = (await chapters()).length;
  const third = (await chapters())[2];
  await seekTo(page, third.start + 0.3);
  await page.getByRole('button', { name: /^Split the chapter at / }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Split a chapter at least a second away from its edges.' });
  await expect(alert).toBeVisible();
  await shoot(page, 'editing-error');
  await alert.getByRole('button', { name: 'Dismiss message' }).click();
  expect(await chapters()).toHaveLength(count);
  // Chromium logs the 400 answer; this one the test asked for.
  expect(problems.splice(before)).toEqual([expect.stringMatching(/status of 400/)]);
});

test('re-indexing the lecture keeps the edits', async () => {
  const edited = await chapters();
  // Change the transcript so the pipeline really runs again (an unchanged file is skipped).
  const sidecar = path.join(backend.courseFolder, `${backend.lectureTitle}.vtt`);
  await writeFile(sidecar, (await readFile(sidecar, 'utf8')).replace('Welcome back.', 'Good morning.'));
  await page.getByRole('button', { name: 'Re-index' }).click();
  await expect(page.locator('.transcript')).toContainText('Good morning.', { timeout: 120_000 });
  await expect(editor().getByRole('button', { name: 'Play chapter 1: My eigenvalue notes (edited)' })).toBeVisible();
  const after = await chapters();
  expect(after[0]).toMatchObject({ title: 'My eigenvalue notes', edited: true });
  expect(after[1].start).toBeCloseTo(edited[1].start, 3);
  await shoot(page, 'editing-after-reindex');
  // The view (not editing) marks edited chapters too.
  await page.getByRole('button', { name: 'Edit chapters' }).click();
  await expect(page.getByRole('list', { name: 'Chapters' }).getByText('edited').first()).toBeVisible();
  await shoot(page, 'editing-marked-in-view');
  await page.getByRole('button', { name: 'Edit chapters' }).click();
});

test('reset drops the edits after asking', async () => {
  await page.getByRole('button', { name: 'Reset to automatic' }).click();
  const confirm = page.getByRole('group', { name: 'Reset chapters' });
  await expect(confirm).toContainText('Drop your chapter edits');
  await confirm.getByRole('button', { name: 'Keep my edits' }).click();
  expect((await chapters())[0].edited).toBe(true);
  await page.getByRole('button', { name: 'Reset to automatic' }).click();
  await shoot(page, 'editing-reset-confirm');
  await confirm.getByRole('button', { name: 'Reset' }).click();
  await expect(editor().getByText('edited')).toHaveCount(0);
  const reset = await chapters();
  expect(reset.every((c) => !c.edited)).toBe(true);
  expect(reset[0].title).not.toBe('My eigenvalue notes');
  await expect(page.getByRole('button', { name: 'Reset to automatic' })).toBeDisabled();
});

test('the export menu downloads chapters for players, the transcript and JSON', async () => {
  const list = await chapters();
  const more = page.getByRole('button', { name: 'More export formats' });
  await more.focus();
  await more.press('ArrowDown');
  const menu = page.getByRole('menu', { name: 'Export as' });
  await expect(menu.getByRole('menuitem')).toHaveCount(5);
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await shoot(page, 'export-menu');
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: /Chapters for video players/ })).toBeFocused();
  const chaptersDownload = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const vtt = await chaptersDownload;
  expect(vtt.suggestedFilename()).toBe(`${backend.lectureTitle}.chapters.vtt`);
  await expect(menu).toHaveCount(0);
  await expect(more).toBeFocused();
  const tree = new WebVTTParser().parse(await readFile(await vtt.path(), 'utf8'), 'chapters');
  expect(tree.errors).toEqual([]);
  expect(tree.cues.map((c) => c.text)).toEqual(list.map((c) => c.title));
  expect(tree.cues.map((c) => c.startTime)).toEqual(list.map((c) => Math.round(c.start * 1000) / 1000));

  await more.click();
  const srtDownload = page.waitForEvent('download');
  await menu.getByRole('menuitem', { name: /Transcript as SubRip/ }).click();
  const srt = await srtDownload;
  expect(srt.suggestedFilename()).toBe(`${backend.lectureTitle}.transcript.srt`);
  const cues = parseSync(await readFile(await srt.path(), 'utf8')).filter((n): n is NodeCue => n.type === 'cue');
  expect(cues[0].data.text).toBe('Good morning. Today we start with eigenvalues and eigenvectors.');

  await more.click();
  const jsonDownload = page.waitForEvent('download');
  await menu.getByRole('menuitem', { name: /Everything as JSON/ }).click();
  const json = JSON.parse(await readFile(await (await jsonDownload).path(), 'utf8'));
  expect(json.lecture.chapters.map((c: Chapter) => c.title)).toEqual(list.map((c) => c.title));
  expect(json.lecture.transcript.length).toBe(cues.length);

  // Escape closes the menu without exporting; a click elsewhere does too.
  await more.click();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  // Also while the button still has the focus (the menu takes it a frame after opening).
  await more.click();
  await expect(menu).toHaveCount(1);
  await more.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(more).toBeFocused();
  await more.click();
  await page.locator('.transcript').click({ position: { x: 5, y: 5 } });
  await expect(menu).toHaveCount(0);
});

test('no console errors or unexpected messages while editing', async () => {
  expect(problems).toEqual([]);
  await expect(page.locator('.notice.error')).toHaveCount(0);
});
