import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLockedPdf, writeTinyPdf, type PdfPageSpec } from '../../test/fixtures/tiny-pdf.ts';
import { isUserError } from '../core/user-error.ts';
import { MAX_DECK_PAGES, pdfPageCount, readPdfDeck } from './pdf-deck.ts';

const textPage = (title: string, ...body: string[]): PdfPageSpec => ({
  lines: [
    { text: title, size: 36, x: 50, y: 40 },
    ...body.map((text, i) => ({ text, size: 20, x: 60, y: 130 + i * 40 })),
  ],
});

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isUserError(error)) return error.code;
    throw error;
  }
  return 'no error';
}

describe('readPdfDeck (poppler)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-pdf-deck-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads each page: title, text in reading order and a small picture', async () => {
    const pdf = path.join(dir, 'deck.pdf');
    await writeFile(
      pdf,
      writeTinyPdf([
        textPage('Eigenvalues and Eigenvectors', 'A v = lambda v', 'Directions a matrix only stretches'),
        textPage('Gradient Descent', 'Step against the gradient (x - t g)'),
      ]),
    );
    const deck = await readPdfDeck(pdf, path.join(dir, 'pages'));
    expect(deck.pages.map((p) => p.title)).toEqual(['Eigenvalues and Eigenvectors', 'Gradient Descent']);
    expect(deck.pages[0].text).toBe('Eigenvalues and Eigenvectors\nA v = lambda v\nDirections a matrix only stretches');
    expect(deck.pages[1].text).toContain('(x - t g)');
    for (const page of deck.pages) {
      expect(existsSync(page.image)).toBe(true);
      expect((await stat(page.image)).size).toBeGreaterThan(100);
    }
  });

  it('reads a long deck in batches with flat memory', async () => {
    const pdf = path.join(dir, 'long.pdf');
    const pages = Array.from({ length: 120 }, (_, i) => textPage(`Topic number ${i + 1}`, `detail ${i + 1}`));
    await writeFile(pdf, writeTinyPdf(pages));
    const deck = await readPdfDeck(pdf, path.join(dir, 'long-pages'));
    expect(deck.pages).toHaveLength(120);
    expect(deck.pages[119]).toMatchObject({ page: 120, title: 'Topic number 120' });
  }, 60_000);

  it('keeps a page without a text layer, with its picture and no text', async () => {
    const pdf = path.join(dir, 'image-only.pdf');
    const rgb = Buffer.alloc(64 * 48 * 3, 200);
    await writeFile(pdf, writeTinyPdf([{ image: { width: 64, height: 48, rgb } }, textPage('Words here')]));
    const deck = await readPdfDeck(pdf, path.join(dir, 'image-pages'));
    expect(deck.pages.map((p) => [p.page, p.text, p.title])).toEqual([
      [1, '', null],
      [2, 'Words here', 'Words here'],
    ]);
  });

  it('refuses damaged, empty, non-PDF and missing files with a user error', async () => {
    const damaged = path.join(dir, 'damaged.pdf');
    await writeFile(damaged, writeTinyPdf([textPage('x')]).subarray(0, 40));
    const empty = path.join(dir, 'empty.pdf');
    await writeFile(empty, '');
    const notPdf = path.join(dir, 'notes.pdf');
    await writeFile(notPdf, 'these are my notes, not slides');
    const noPages = path.join(dir, 'no-pages.pdf');
    await writeFile(noPages, writeTinyPdf([]));
    expect(await errorCode(pdfPageCount(damaged))).toBe('deck-unreadable');
    expect(await errorCode(pdfPageCount(empty))).toBe('deck-unreadable');
    expect(await errorCode(pdfPageCount(notPdf))).toBe('deck-unreadable');
    expect(await errorCode(pdfPageCount(noPages))).toBe('deck-unreadable');
    expect(await errorCode(pdfPageCount(path.join(dir, 'absent.pdf')))).toBe('deck-missing');
  });

  it('tells a password-protected PDF apart from a damaged one', async () => {
    const pdf = path.join(dir, 'locked.pdf');
    await writeFile(pdf, writeLockedPdf('secret'));
    expect(await errorCode(pdfPageCount(pdf))).toBe('deck-password');
  });

  it(`refuses decks of more than ${MAX_DECK_PAGES} pages before reading them`, async () => {
    const pdf = path.join(dir, 'huge.pdf');
    await writeFile(pdf, writeTinyPdf(Array.from({ length: MAX_DECK_PAGES + 1 }, () => ({}))));
    expect(await errorCode(pdfPageCount(pdf))).toBe('deck-too-large');
  });
});
