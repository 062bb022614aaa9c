import { describe, expect, it } from 'vitest';
import { parsePdfTextLayout } from './pdf-text-layout.ts';

const word = (x: number, y: number, w: number, h: number, text: string) =>
  `<word xMin="${x}" yMin="${y}" xMax="${x + w}" yMax="${y + h}">${text}</word>`;

function line(x: number, y: number, h: number, words: string[]): string {
  let cursor = x;
  const parts = words.map((text) => {
    const w = text.length * h * 0.5;
    const out = word(cursor, y, w, h, text);
    cursor += w + h * 0.3;
    return out;
  });
  return `<line xMin="${x}" yMin="${y}" xMax="${cursor}" yMax="${y + h}">${parts.join('')}</line>`;
}

const page = (width: number, height: number, body: string) =>
  `<page width="${width}" height="${height}"><flow><block>${body}</block></flow></page>`;

const doc = (...pages: string[]) => `<html><body><doc>${pages.join('\n')}</doc></body></html>`;

describe('parsePdfTextLayout', () => {
  it('reads each page with its lines in reading order and the large top line as title', () => {
    const xhtml = doc(
      page(720, 540, line(60, 200, 14, ['second', 'line']) + line(60, 40, 36, ['Eigenvalues', 'Today'])),
      page(720, 540, line(60, 40, 30, ['Spectral', 'Theorem']) + line(60, 120, 14, ['symmetric', 'matrices'])),
    );
    const pages = parsePdfTextLayout(xhtml);
    expect(pages.map((p) => p.page)).toEqual([1, 2]);
    expect(pages[0].text).toBe('Eigenvalues Today\nsecond line');
    expect(pages[0].title).toBe('Eigenvalues Today');
    expect(pages[1].title).toBe('Spectral Theorem');
    expect(pages[1].lines[1].box.height).toBe(14);
  });

  it('numbers pages from the first page of the batch and keeps empty pages (no text layer)', () => {
    const pages = parsePdfTextLayout(doc(page(720, 540, ''), page(720, 540, line(10, 10, 20, ['Only', 'page']))), 51);
    expect(pages.map((p) => [p.page, p.text, p.title])).toEqual([
      [51, '', null],
      [52, 'Only page', 'Only page'],
    ]);
  });

  it('decodes XML entities in words', () => {
    const pages = parsePdfTextLayout(doc(page(720, 540, line(10, 10, 20, ['A&amp;B', '&lt;x&gt;', '&#8594;']))));
    expect(pages[0].text).toBe('A&B <x> →');
  });

  it('swaps the size of a rotated page whose text lies outside its unrotated frame', () => {
    const pages = parsePdfTextLayout(doc(page(595, 842, line(500, 40, 20, ['Wide', 'landscape', 'heading']))));
    expect([pages[0].width, pages[0].height]).toEqual([842, 595]);
  });
});
