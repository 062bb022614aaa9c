import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { renderPdfPages } from './pdf-deck.ts';

/** Longer side of the page shown beside the video: crisp on a large or high-density screen. */
export const CRISP_PAGE_SIZE = 1920;

/** Pages being drawn right now, so two requests for one page run pdftoppm once. */
const drawing = new Map<string, Promise<string | null>>();

async function cachedImage(dir: string): Promise<string | null> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const jpeg = names.find((name) => name.endsWith('.jpg'));
  return jpeg ? path.join(dir, jpeg) : null;
}

/**
 * The crisp picture of one deck page, drawn by pdftoppm the first time it is asked for and kept
 * beside the small picture the deck stage made (so reading the deck again clears it too). Falls
 * back to the small picture when the PDF is gone or cannot be drawn; null when neither exists.
 */
export function crispPageImage(pdf: string, smallImage: string, page: number): Promise<string | null> {
  const dir = path.join(path.dirname(smallImage), `crisp-${page}`);
  const running = drawing.get(dir);
  if (running) return running;
  const small = () => (existsSync(smallImage) ? smallImage : null);
  const work = (async () => {
    const cached = await cachedImage(dir);
    if (cached) return cached;
    if (!existsSync(pdf)) return small();
    try {
      const drawn = await renderPdfPages(pdf, dir, { first: page, last: page, size: CRISP_PAGE_SIZE });
      return drawn.get(page) ?? small();
    } catch {
      return small();
    }
  })().finally(() => drawing.delete(dir));
  drawing.set(dir, work);
  return work;
}
