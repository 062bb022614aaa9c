import { open, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parsePdfTextLayout, type PdfPageText } from '../core/pdf-text-layout.ts';
import { UserError } from '../core/user-error.ts';
import { lastErrorLine, runTool } from './run-tool.ts';

/**
 * A lecture's slide deck read with poppler's command-line tools (Debian `poppler-utils`, GPL,
 * run as separate programs like ffmpeg): `pdfinfo` for the page count, `pdftotext -bbox-layout`
 * for the text layer with positions, `pdftoppm` for small page pictures.
 */

export interface DeckPage extends PdfPageText {
  /** A JPEG of the page, at most PAGE_IMAGE_SIZE px on its longer side. */
  image: string;
}

export interface PdfDeck {
  pages: DeckPage[];
}

/** Longer side of the page pictures: enough for descriptors, thumbnails and a page beside the video. */
export const PAGE_IMAGE_SIZE = 640;
/** Decks longer than this are refused: no lecture has them, and time and disk stay bounded. */
export const MAX_DECK_PAGES = 1000;
/** Pages handled per poppler call, so memory stays flat for any deck. */
const BATCH_PAGES = 50;
/** A batch taking longer than this means a pathological file. */
const BATCH_TIMEOUT_MS = 120_000;

const unreadable = (pdf: string, why: string) =>
  new UserError(
    'deck-unreadable',
    `Cannot read the slides ${path.basename(pdf)}: ${why}.`,
    'Export the slides again as a PDF (or attach another copy); the lecture works without them.',
  );

function missingPoppler(): UserError {
  return new UserError(
    'poppler-missing',
    'Reading slide decks needs poppler (pdftotext, pdftoppm), which is not installed.',
    'Install it: apt-get install poppler-utils (Debian/Ubuntu), brew install poppler (macOS).',
  );
}

async function poppler(tool: string, args: string[], signal?: AbortSignal) {
  const timeout = AbortSignal.timeout(BATCH_TIMEOUT_MS);
  try {
    return await runTool(tool, args, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw missingPoppler();
    if (signal?.aborted) throw error;
    if (timeout.aborted) throw new UserError('deck-too-slow', `Reading the slides took too long (${tool}).`);
    throw error;
  }
}

/** Refuses what is not a PDF before any tool sees it. */
async function checkPdfHeader(pdf: string): Promise<void> {
  let handle;
  try {
    handle = await open(pdf, 'r');
  } catch {
    throw new UserError('deck-missing', `Slides not found: ${pdf}`, 'Check the path of the PDF.');
  }
  try {
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead === 0) throw unreadable(pdf, 'the file is empty');
    if (!head.subarray(0, bytesRead).includes('%PDF-')) throw unreadable(pdf, 'it is not a PDF file');
  } finally {
    await handle.close();
  }
}

/** Number of pages; a clear error for a damaged, password-protected, empty or huge PDF. */
export async function pdfPageCount(pdf: string, signal?: AbortSignal): Promise<number> {
  await checkPdfHeader(pdf);
  const info = await poppler('pdfinfo', [pdf], signal);
  if (info.code !== 0) {
    if (/password/i.test(info.stderr)) {
      throw new UserError(
        'deck-password',
        `The slides ${path.basename(pdf)} are password-protected.`,
        'Save a copy without a password (print to PDF) and attach that.',
      );
    }
    throw unreadable(pdf, `the PDF is damaged (${lastErrorLine(info.stderr)})`);
  }
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout.toString())?.[1] ?? 0);
  if (pages === 0) throw unreadable(pdf, 'it has no pages');
  if (pages > MAX_DECK_PAGES) {
    throw new UserError(
      'deck-too-large',
      `The slides ${path.basename(pdf)} have ${pages} pages; Lectern reads decks of up to ${MAX_DECK_PAGES}.`,
      'Attach the part of the deck this lecture uses.',
    );
  }
  return pages;
}

/** The page number at the end of a pdftoppm output name (`page-007.jpg` -> 7). */
function pageOfImage(name: string): number | null {
  const match = /-(\d+)\.jpg$/.exec(name);
  return match ? Number(match[1]) : null;
}

/**
 * Renders pages `first..last` as JPEGs no larger than `size` px into `dir`, named by the
 * returned map (page -> file). JPEG: a third of the time PNG encoding takes.
 */
export async function renderPdfPages(
  pdf: string,
  dir: string,
  range: { first: number; last: number; size: number; prefix?: string },
  signal?: AbortSignal,
): Promise<Map<number, string>> {
  await mkdir(dir, { recursive: true });
  const prefix = range.prefix ?? 'page';
  const args = [
    '-jpeg',
    '-jpegopt',
    'quality=90',
    '-scale-to',
    String(range.size),
    '-f',
    String(range.first),
    '-l',
    String(range.last),
  ];
  const result = await poppler('pdftoppm', [...args, pdf, path.join(dir, prefix)], signal);
  if (result.code !== 0) throw unreadable(pdf, `its pages cannot be drawn (${lastErrorLine(result.stderr)})`);
  const images = new Map<number, string>();
  for (const name of await readdir(dir)) {
    if (!name.startsWith(`${prefix}-`)) continue;
    const page = pageOfImage(name);
    if (page !== null && page >= range.first && page <= range.last) images.set(page, path.join(dir, name));
  }
  return images;
}

/**
 * Reads a deck: text with positions and a title per page, and a small picture of each page in
 * `outDir` (cleared first). Pages are read in batches, so memory stays flat for long decks.
 */
export async function readPdfDeck(
  pdf: string,
  outDir: string,
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<PdfDeck> {
  const total = await pdfPageCount(pdf, options.signal);
  await rm(outDir, { recursive: true, force: true });
  const pages: DeckPage[] = [];
  for (let first = 1; first <= total; first += BATCH_PAGES) {
    const last = Math.min(total, first + BATCH_PAGES - 1);
    const range = ['-f', String(first), '-l', String(last)];
    const text = await poppler('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', ...range, pdf, '-'], options.signal);
    if (text.code !== 0) throw unreadable(pdf, `its text cannot be read (${lastErrorLine(text.stderr)})`);
    const parsed = parsePdfTextLayout(text.stdout.toString('utf8'), first);
    const images = await renderPdfPages(pdf, outDir, { first, last, size: PAGE_IMAGE_SIZE }, options.signal);
    for (const page of parsed) {
      const image = images.get(page.page);
      if (!image) throw unreadable(pdf, `page ${page.page} cannot be drawn`);
      pages.push({ ...page, image });
    }
    options.onProgress?.(last, total);
  }
  if (pages.length !== total) throw unreadable(pdf, `only ${pages.length} of its ${total} pages could be read`);
  return { pages };
}
