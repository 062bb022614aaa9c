import { chooseSlideTitle, type SlideTextLine } from './slide-title.ts';

/**
 * Reads the XHTML that poppler's `pdftotext -bbox-layout` writes: one <page> per PDF page, with
 * <line> elements made of <word>s carrying their boxes in PDF points. Pure: text in, pages out.
 */

export interface PdfTextLine {
  text: string;
  box: { x: number; y: number; width: number; height: number };
}

export interface PdfPageText {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  lines: PdfTextLine[];
  /** The lines in reading order, one per line. Empty when the page has no text layer. */
  text: string;
  title: string | null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function attribute(tag: string, name: string): number {
  const match = new RegExp(`\\b${name}="([-0-9.eE+]+)"`).exec(tag);
  return match ? Number(match[1]) : 0;
}

const PAGE = /<page\b([^>]*)>([\s\S]*?)<\/page>/g;
const LINE = /<line\b([^>]*)>([\s\S]*?)<\/line>/g;
const WORD = /<word\b[^>]*>([\s\S]*?)<\/word>/g;

/** Pages in document order; `firstPage` numbers the first one (when pdftotext ran with -f). */
export function parsePdfTextLayout(xhtml: string, firstPage = 1): PdfPageText[] {
  const pages: PdfPageText[] = [];
  for (const pageMatch of xhtml.matchAll(PAGE)) {
    const lines: PdfTextLine[] = [];
    for (const lineMatch of pageMatch[2].matchAll(LINE)) {
      const words = [...lineMatch[2].matchAll(WORD)].map((w) => decodeEntities(w[1]).trim()).filter(Boolean);
      if (words.length === 0) continue;
      const x = attribute(lineMatch[1], 'xMin');
      const y = attribute(lineMatch[1], 'yMin');
      const box = {
        x,
        y,
        width: attribute(lineMatch[1], 'xMax') - x,
        height: attribute(lineMatch[1], 'yMax') - y,
      };
      lines.push({ text: words.join(' '), box });
    }
    let width = attribute(pageMatch[1], 'width');
    let height = attribute(pageMatch[1], 'height');
    // A rotated page reports its unrotated size while its text sits in the rotated frame.
    if (lines.some((l) => l.box.x + l.box.width > width + 1 || l.box.y + l.box.height > height + 1)) {
      [width, height] = [height, width];
    }
    pages.push({ page: firstPage + pages.length, width, height, lines, ...pageTextAndTitle(lines, width, height) });
  }
  return pages;
}

/** Reading order (top to bottom, then left to right by rows) text and the slide title of a page's lines. */
export function pageTextAndTitle(
  lines: readonly PdfTextLine[],
  width: number,
  height: number,
): { text: string; title: string | null } {
  const ordered = [...lines].sort((a, b) => {
    const rowGap = a.box.y - b.box.y;
    const sameRow = Math.abs(rowGap) < Math.min(a.box.height, b.box.height) / 2;
    return sameRow ? a.box.x - b.box.x : rowGap;
  });
  const text = ordered
    .map((l) => l.text.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
  // A text layer is exact: every line is as sure as OCR's most confident reading.
  const asRead: SlideTextLine[] = ordered.map((l) => ({ text: l.text, confidence: 1, box: l.box }));
  return { text, title: asRead.length > 0 ? chooseSlideTitle(asRead, { width, height }) : null };
}
