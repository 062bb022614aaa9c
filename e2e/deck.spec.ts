/// <reference lib="dom" />
// Slide decks in the window, in Debian Chromium against the real backend: "Attach slides…" in the
// browser asks for the PDF's path (clear errors for a missing file and a file that is not a PDF),
// the deck stage runs again with its progress over the player, the crisp page of the slide on
// screen stands beside the video and follows the playhead, page thumbnails sit on the zoomed
// timeline, another lecture's deck is refused with a notice, and a recording without picture
// shows the page in the video's place. The decks are PDFs the test writes itself.
import { expect, test, type Page } from '@playwright/test';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LectureDetail, LectureSummary } from '../src-main/api/contract.ts';
import { ffmpegPath } from '../src-main/media/ffmpeg-path.ts';
import { runTool } from '../src-main/media/run-tool.ts';
import { sampleLectureDeck, SLIDE_16_9 } from '../test/fixtures/sample-lecture-deck.ts';
import { writeTinyPdf, type PdfPageSpec } from '../test/fixtures/tiny-pdf.ts';
import { startBackend, type Backend } from './backend.ts';
import { shoot } from './screenshots.ts';
import { callApi, collectProblems } from './page-problems.ts';

test.describe.configure({ mode: 'serial' });

let backend: Backend;
let page: Page;
let videoId: number;
let audioId: number;
let decks: { right: string; other: string; notPdf: string };
const problems: string[] = [];

const otherDeck: PdfPageSpec[] = ['Photosynthesis', 'Cellular Respiration', 'The Krebs Cycle'].map((title, i) => ({
  lines: [
    { text: title, size: 40, x: 50, y: 40 },
    {
      text: ['chlorophyll absorbs light', 'mitochondria and glucose', 'citric acid and enzymes'][i],
      size: 24,
      x: 60,
      y: 140,
    },
  ],
}));

const api = <T>(method: string, params: unknown = {}) => callApi<T>(backend, method, params);

async function seekTo(p: Page, t: number): Promise<void> {
  await p.evaluate((time) => {
    const media = document.querySelector('video')!;
    media.pause();
    media.currentTime = time;
  }, t);
  await expect.poll(() => p.evaluate(() => document.querySelector('video')!.currentTime)).toBeCloseTo(t, 1);
}

async function openLecture(id: number): Promise<void> {
  await page.goto(`${backend.url}/#/lecture/${id}`);
  await expect.poll(() => page.evaluate(() => document.querySelector('video')?.readyState ?? 0)).toBeGreaterThan(0);
}

/** The page picture the figure shows once `src` has loaded: its natural width and alt text. */
async function shownPage(p: Page, src: string): Promise<{ width: number; alt: string }> {
  const image = p.getByRole('figure', { name: 'Slide on screen' }).locator('img');
  const state = () =>
    image.evaluate((img: HTMLImageElement) => ({
      src: new URL(img.src).pathname,
      width: img.complete ? img.naturalWidth : 0,
      alt: img.alt,
    }));
  await expect
    .poll(async () => {
      const s = await state();
      return s.src === src && s.width > 0 ? s.src : `${s.src} (loading)`;
    })
    .toBe(src);
  return state();
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  backend = await startBackend();
  const folder = backend.courseFolder;
  const root = path.dirname(folder);
  const deck = writeTinyPdf(await sampleLectureDeck(), SLIDE_16_9);
  decks = {
    right: path.join(root, 'week3-slides.pdf'),
    other: path.join(root, 'biology.pdf'),
    notPdf: path.join(root, 'notes.txt'),
  };
  await writeFile(decks.right, deck);
  await writeFile(decks.other, writeTinyPdf(otherDeck));
  await writeFile(decks.notPdf, 'just some notes, not slides');
  // The same lecture as a voice-only recording, its deck beside it as <stem>.pdf.
  const video = path.join(folder, `${backend.lectureTitle}.mp4`);
  const audio = path.join(folder, 'Lecture 03 audio.m4a');
  const made = await runTool(ffmpegPath(), ['-v', 'error', '-y', '-i', video, '-vn', '-c:a', 'aac', audio]);
  expect(made.code).toBe(0);
  await writeFile(
    path.join(folder, 'Lecture 03 audio.vtt'),
    await readFile(path.join(folder, `${backend.lectureTitle}.vtt`)),
  );
  await writeFile(path.join(folder, 'Lecture 03 audio.pdf'), deck);

  await api('addFolder', { path: folder });
  await expect
    .poll(async () => (await api<LectureSummary[]>('listLectures')).map((l) => l.status).join(), { timeout: 280_000 })
    .toBe('ready,ready');
  const lectures = await api<LectureSummary[]>('listLectures');
  videoId = lectures.find((l) => l.hasVideo)!.id;
  audioId = lectures.find((l) => !l.hasVideo)!.id;

  page = await browser.newPage();
  collectProblems(page, problems);
  await page.goto(backend.openUrl);
});

test.afterAll(async () => {
  await page?.close();
  await backend?.stop();
});

test('"Attach slides…" asks for the PDF path and says clearly what is wrong with it', async () => {
  await openLecture(videoId);
  await expect(page.getByRole('figure', { name: 'Slide on screen' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Attach slides…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Attach the lecture’s slides' });
  await expect(dialog).toBeVisible();
  const field = dialog.getByRole('textbox', { name: 'Path of the PDF' });
  const error = dialog.getByRole('alert');

  await dialog.getByRole('button', { name: 'Attach slides' }).click();
  await expect(error).toHaveText('Type the path of the PDF first.');
  await field.fill(path.join(path.dirname(decks.right), 'no-such-slides.pdf'));
  await field.press('Enter');
  await expect(error).toContainText('Slides not found');
  await field.fill(decks.notPdf);
  await field.press('Enter');
  await expect(error).toContainText('it is not a PDF file');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await shoot(page, 'deck-attach-dialog-error');

  // Chromium logs the two 400 answers the test asked for.
  expect(problems.splice(0)).toEqual([expect.stringMatching(/status of 400/), expect.stringMatching(/status of 400/)]);

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await api('getLectureDeck', { id: videoId })).toBeNull();
});

test('attaching the right deck places its crisp pages beside the video, following the playhead', async () => {
  await page.getByRole('button', { name: 'Attach slides…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Attach the lecture’s slides' });
  await dialog.getByRole('textbox', { name: 'Path of the PDF' }).fill(decks.right);
  await dialog.getByRole('button', { name: 'Attach slides' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Slides attached: week3-slides.pdf, 6 pages.' })).toBeVisible(
    {
      timeout: 60_000,
    },
  );
  await expect(page.getByRole('button', { name: 'Detach slides' })).toBeVisible();

  const lecture = await api<LectureDetail>('getLecture', { id: videoId });
  expect(lecture.slides.map((s) => s.page)).toEqual([1, 2, 3, 4, 5, 6]);
  const third = lecture.slides[2];
  await seekTo(page, (third.start + third.end) / 2);
  const shown = await shownPage(page, `/pages/${videoId}/3`);
  expect(shown.width).toBeGreaterThanOrEqual(1600); // drawn from the PDF at screen size, not the 640 px thumbnail
  expect(shown.alt).toBe(`Slide page 3: ${third.title}`);
  // Beside the video, not over it.
  const videoBox = (await page.locator('video').boundingBox())!;
  const pageBox = (await page.getByRole('figure', { name: 'Slide on screen' }).boundingBox())!;
  expect(pageBox.x).toBeGreaterThanOrEqual(videoBox.x + videoBox.width - 1);
  await shoot(page, 'deck-page-beside-video');

  const fifth = lecture.slides[4];
  await seekTo(page, fifth.start + 1);
  await shownPage(page, `/pages/${videoId}/5`);
});

test('the zoomed timeline shows each span’s page thumbnail, and its tip the page', async () => {
  await page.getByRole('button', { name: 'Zoom in timeline' }).click();
  const thumbs = page.locator('.slides .page-thumb');
  await expect(thumbs).toHaveCount(6);
  expect(
    await thumbs.evaluateAll((imgs) => imgs.map((img) => new URL((img as HTMLImageElement).src).pathname)),
  ).toEqual([1, 2, 3, 4, 5, 6].map((n) => `/pages/${videoId}/${n}/small`));
  // Drawn as they scroll into view (lazily): the start of the lecture once scrolled back to it.
  await page.locator('.timeline .viewport').evaluate((viewport) => (viewport.scrollLeft = 0));
  await expect.poll(() => thumbs.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  expect(await thumbs.first().getAttribute('src')).toBe(`/pages/${videoId}/1/small`);
  await page.getByRole('button', { name: /^Slide 2 \(page 2\)/ }).hover();
  const tip = page.getByRole('tooltip');
  await expect(tip).toContainText('Page 2');
  await expect(tip.locator('img')).toHaveAttribute('src', `/pages/${videoId}/2/small`);
  await shoot(page, 'deck-timeline-thumbnails');
  await page.mouse.move(0, 0);
});

test("another lecture's deck is refused with a notice, and the lecture keeps working", async () => {
  await page.getByRole('button', { name: 'Detach slides' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Slides detached.' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('figure', { name: 'Slide on screen' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Attach slides…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Attach the lecture’s slides' });
  await dialog.getByRole('textbox', { name: 'Path of the PDF' }).fill(decks.other);
  await dialog.getByRole('button', { name: 'Attach slides' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'do not seem to belong to this lecture' });
  await expect(refusal).toBeVisible({ timeout: 60_000 });
  await expect(refusal).toContainText('Attach the PDF that goes with this lecture.');
  await expect(page.getByRole('note').filter({ hasText: 'Slides not attached' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Slide on screen' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Attach slides…' })).toBeEnabled();
  await shoot(page, 'deck-refused');
  const lecture = await api<LectureDetail>('getLecture', { id: videoId });
  expect(lecture.status).toBe('ready');
  expect(lecture.slides.every((s) => s.page === null)).toBe(true);
});

test('a recording without picture shows the page in the video’s place, and its chapters take the page titles', async () => {
  await openLecture(audioId);
  const lecture = await api<LectureDetail>('getLecture', { id: audioId });
  expect(lecture.slides.length).toBeGreaterThanOrEqual(3);
  const figure = page.getByRole('figure', { name: 'Slide on screen' });
  await expect(figure).toBeVisible();
  const playerBox = (await page.locator('.player').boundingBox())!;
  const pageBox = (await figure.boundingBox())!;
  expect(pageBox.width).toBeGreaterThan(playerBox.width * 0.9);
  const last = lecture.slides.at(-1)!;
  await seekTo(page, (last.start + last.end) / 2);
  await shownPage(page, `/pages/${audioId}/${last.page}`);
  await expect(page.getByRole('button', { name: 'Detach slides' })).toBeVisible();
  // Its chapters are titled from the deck's pages, not from key phrases of what was said.
  expect(lecture.chapters.map((c) => c.title)).toEqual([
    'Eigenvalues and Eigenvectors',
    'Cholesky Factorisation',
    'Gradient Descent',
  ]);
  await expect(page.getByText('Chapter 3 of 3: Gradient Descent')).toBeVisible();
  await shoot(page, 'deck-audio-only');
});

test('no errors or warnings reached the console', () => {
  expect(problems).toEqual([]);
});
