import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyPdf } from '../../test/fixtures/tiny-pdf.ts';
import { CRISP_PAGE_SIZE, crispPageImage } from './deck-page-image.ts';
import { imageSize } from './page-picture.ts';
import { PAGE_IMAGE_SIZE, readPdfDeck } from './pdf-deck.ts';

describe('crispPageImage', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-crisp-page-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('draws a page once at screen size beside the small picture, and falls back to it when the PDF is gone', async () => {
    const pdf = path.join(dir, 'deck.pdf');
    const pages = ['Limits', 'Derivatives', 'Integrals'].map((title) => ({
      lines: [{ text: title, size: 40, x: 50, y: 40 }],
    }));
    await writeFile(pdf, writeTinyPdf(pages));
    const deck = await readPdfDeck(pdf, path.join(dir, 'pages'));
    const small = deck.pages[1].image;
    expect((await imageSize(small))?.width).toBe(PAGE_IMAGE_SIZE);

    const [crisp, again] = await Promise.all([crispPageImage(pdf, small, 2), crispPageImage(pdf, small, 2)]);
    expect(crisp).toBe(again);
    expect(path.dirname(path.dirname(crisp!))).toBe(path.dirname(small));
    expect((await imageSize(crisp!))?.width).toBe(CRISP_PAGE_SIZE);

    // Drawn once: kept even when the PDF has gone since; a page never drawn falls back to its small picture.
    await unlink(pdf);
    expect(await crispPageImage(pdf, small, 2)).toBe(crisp);
    expect(await crispPageImage(pdf, deck.pages[2].image, 3)).toBe(deck.pages[2].image);
    expect(await crispPageImage(pdf, path.join(dir, 'nothing.jpg'), 3)).toBeNull();
  });
});
