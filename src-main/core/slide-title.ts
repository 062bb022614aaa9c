/**
 * Turns the lines an OCR engine read on a slide into the slide's text and its title.
 * Pure: plain data in, plain data out. Boxes are in image pixels, confidence is 0..1.
 */

export interface SlideTextBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SlideTextLine {
  text: string;
  confidence: number;
  box: SlideTextBox;
}

export interface SlideFrameSize {
  width: number;
  height: number;
}

/** Lines below this confidence are left out of the slide text (tesseract's junk sits well below it). */
export const MIN_TEXT_CONFIDENCE = 0.5;
/** A title must be read more surely than body text. */
export const MIN_TITLE_CONFIDENCE = 0.65;

/** Bullet glyphs, and the marks tesseract reads them as ("o", "e", "»", "«", "+", "~", "=", "_", "|"). */
const LEADING_BULLET = /^(?:[•·▪■□►▶➢➤◦‣⁃∙]|[*+>»«~=_|oe\-–—](?=\s))\s*/u;
/** One to three stray marks after the last word: specks and rules read as "_", "|", "=", "—". */
const TRAILING_JUNK = /\s+[^\p{L}\p{N}?!.)\]"'%]{1,3}$/u;

/** Normalises what tesseract returns for one line: unicode forms, quotes, whitespace, bullets, stray marks. */
export function cleanLineText(text: string): string {
  let out = text
    .normalize('NFKC')
    .replace(/[‘’‚‛]/g, "'")
    .replace(/[“”„‟]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
  for (let i = 0; i < 3; i += 1) {
    const next = out.replace(LEADING_BULLET, '').replace(TRAILING_JUNK, '').trim();
    if (next === out) break;
    out = next;
  }
  return out;
}

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * Noise that should not reach the slide text: too few letters or digits to be a word (logos,
 * specks read as 1-2 characters), lines that are mostly symbols, page numbers.
 */
export function isNoiseLine(text: string): boolean {
  const alnum = countMatches(text, /[\p{L}\p{N}]/gu);
  if (alnum <= 2) return true;
  const visible = countMatches(text, /\S/gu);
  if (alnum / visible < 0.5) return true;
  return isPageNumber(text);
}

export function isPageNumber(text: string): boolean {
  return /^(?:(?:page|slide|p\.?)\s*)?\d{1,4}(?:\s*(?:\/|of)\s*\d{1,4})?$/i.test(text.trim());
}

const URL_OR_EMAIL =
  /(?:https?:\/\/|www\.)\S+|\S+@\S+\.\p{L}{2,}|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|edu|net|io|gov|ai|dev|ac\.\p{L}{2}|co\.\p{L}{2})\b\S*/giu;

/** A line that is mostly a web address or e-mail address. */
export function isUrlLine(text: string): boolean {
  const urlChars = (text.match(URL_OR_EMAIL) ?? []).reduce((sum, url) => sum + url.length, 0);
  return urlChars > 0 && urlChars >= text.replace(/\s/g, '').length * 0.5;
}

/** A line of numbers and separators only: dates, figure axes, times. */
function isMostlyDigits(text: string): boolean {
  const letters = countMatches(text, /\p{L}/gu);
  return letters < 3;
}

/** Confident, cleaned, non-noise lines in reading order (top to bottom, then left to right). */
export function confidentLines<T extends SlideTextLine>(lines: readonly T[], minConfidence = MIN_TEXT_CONFIDENCE): T[] {
  const kept: T[] = [];
  for (const line of lines) {
    if (line.confidence < minConfidence) continue;
    const text = cleanLineText(line.text);
    if (!text || isNoiseLine(text)) continue;
    kept.push({ ...line, text });
  }
  return sortReadingOrder(kept);
}

/** Top to bottom; lines whose vertical centres are within half a line of each other read left to right. */
export function sortReadingOrder<T extends SlideTextLine>(lines: readonly T[]): T[] {
  const sorted = [...lines].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  const rows: T[][] = [];
  for (const line of sorted) {
    const row = rows.at(-1);
    const centre = line.box.y + line.box.height / 2;
    if (row) {
      const first = row[0];
      const rowCentre = first.box.y + first.box.height / 2;
      const tolerance = Math.min(first.box.height, line.box.height) / 2;
      if (Math.abs(centre - rowCentre) <= tolerance) {
        row.push(line);
        continue;
      }
    }
    rows.push([line]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.box.x - b.box.x));
}

/** The slide's text: its confident lines, cleaned, one per line. */
export function slideText(lines: readonly SlideTextLine[]): string {
  return confidentLines(lines)
    .map((line) => line.text)
    .join('\n');
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function isTitleEligible(text: string): boolean {
  if (isUrlLine(text) || isMostlyDigits(text)) return false;
  const words = text.split(' ').length;
  return words <= 20 && text.length <= 140;
}

/**
 * How title-like a line is: taller than the slide's typical line, and higher up.
 */
function titleScore(line: SlideTextLine, typicalHeight: number, frame: SlideFrameSize): number {
  const size = letterSize(line) / Math.max(1, typicalHeight);
  const centre = (line.box.y + line.box.height / 2) / Math.max(1, frame.height);
  const top = 1 - Math.min(1, Math.max(0, centre));
  // A lone word of four letters or fewer is more often a logo or a figure label than a title.
  const letters = countMatches(line.text, /\p{L}/gu);
  const brevity = !line.text.includes(' ') && letters <= 4 ? 0.5 : 1;
  const graphic = isInflatedBox(line) ? 0.6 : 1;
  return size * (0.6 + 0.8 * top) * brevity * graphic;
}

function overlapsHorizontally(a: SlideTextBox, b: SlideTextBox): boolean {
  return Math.min(a.x + a.width, b.x + b.width) > Math.max(a.x, b.x);
}

function sizeFromHeight(line: SlideTextLine): number {
  return /[gjpqy,;()[\]{}|]/.test(line.text) ? line.box.height / 1.25 : line.box.height;
}

function sizeFromWidth(line: SlideTextLine): number {
  return line.text.length < 4 ? Infinity : line.box.width / line.text.length / 0.6;
}

/**
 * The line's letter size. Its box height, less the descender depth when a letter or mark in it
 * reaches below the baseline (g, p, y, commas and brackets add about a quarter to the box); and
 * no more than its width allows, since letters advance about 0.6-0.95 of their height.
 */
export function letterSize(line: SlideTextLine): number {
  return Math.min(sizeFromHeight(line), sizeFromWidth(line));
}

/** A box far taller than its text needs: a figure or photo read along with (or as) letters. */
export function isInflatedBox(line: SlideTextLine): boolean {
  return sizeFromHeight(line) > 1.6 * sizeFromWidth(line);
}

function sizeRatio(a: SlideTextLine, b: SlideTextLine): number {
  return letterSize(a) / Math.max(1, letterSize(b));
}

function union(a: SlideTextBox, b: SlideTextBox): SlideTextBox {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  const right = Math.max(a.x + a.width, b.x + b.width);
  const bottom = Math.max(a.y + a.height, b.y + b.height);
  return { x, y, width: right - x, height: bottom - y };
}

/** A title line that cannot end there: a trailing function word or joining mark. */
function endsOpen(text: string): boolean {
  return /(?:[,&+/-]|\b(?:a|an|and|as|at|by|for|from|in|into|of|on|or|the|to|via|vs\.?|with))$/i.test(text);
}

interface TitleCandidate extends SlideTextLine {
  /** The raw line began with a bullet mark: a list item, never the rest of a title. */
  bulleted: boolean;
}

/**
 * Whether `next` continues a title whose last line is `last` and whose lines so far span
 * `title`: the same size, and either on the same row (tesseract split the line at a wide gap)
 * or right below (a wrapped title: not a list item, alone on its row, not much wider than the
 * title so far, and not much shorter unless the title cannot end where it does).
 */
function sameRow(a: SlideTextBox, b: SlideTextBox): boolean {
  const height = Math.max(a.height, b.height);
  return Math.abs(b.y + b.height / 2 - (a.y + a.height / 2)) <= height / 3;
}

function continues(
  last: TitleCandidate,
  title: SlideTextBox,
  next: TitleCandidate,
  others: readonly TitleCandidate[],
): boolean {
  const a = last.box;
  const b = next.box;
  const ratio = sizeRatio(last, next);
  const height = Math.max(a.height, b.height);
  const gapBeside = b.x - (a.x + a.width);
  if (sameRow(a, b)) return ratio > 0.75 && ratio < 1.33 && gapBeside >= -height && gapBeside <= height * 2;
  const gapBelow = b.y - (a.y + a.height);
  if (next.bulleted || ratio < 0.8 || ratio > 1.25 || gapBelow < -height / 2 || gapBelow > height * 0.8) return false;
  if (!overlapsHorizontally(title, b) || b.width > title.width * 1.25) return false;
  // A line with neighbours on its row is a column heading or a table cell, not a wrapped title.
  if (others.some((other) => other !== next && sameRow(other.box, b) && !overlapsHorizontally(other.box, b))) {
    return false;
  }
  return b.width >= title.width * 0.4 || endsOpen(last.text);
}

/** Final touches for a title: no trailing colon or dash, no surrounding quotes. */
export function cleanTitle(text: string): string {
  return text
    .replace(/[\s:;,.\-–—]+$/u, '')
    .replace(/^["'](.*)["']$/u, '$1')
    .trim();
}

/**
 * The slide title: the confident line that is largest and highest on the slide, joined with the
 * lines that continue it (a title wrapped over two or three lines). Null when nothing qualifies.
 */
export function chooseSlideTitle(lines: readonly SlideTextLine[], frame: SlideFrameSize): string | null {
  const candidates: TitleCandidate[] = [];
  for (const line of lines) {
    if (line.confidence < MIN_TITLE_CONFIDENCE) continue;
    const text = cleanLineText(line.text);
    if (!text || isNoiseLine(text) || !isTitleEligible(text)) continue;
    candidates.push({ ...line, text, bulleted: LEADING_BULLET.test(line.text.normalize('NFKC').trim()) });
  }
  if (candidates.length === 0) return null;
  const ordered = sortReadingOrder(candidates);
  const typicalHeight = median(confidentLines(lines).map(letterSize));
  let best = ordered[0];
  let bestScore = -Infinity;
  for (const line of ordered) {
    const score = titleScore(line, typicalHeight, frame);
    if (score > bestScore) {
      best = line;
      bestScore = score;
    }
  }
  const parts = [best.text];
  let last = best;
  let box = best.box;
  const rest = ordered.filter((line) => line !== best);
  for (let joined = 1; joined < 3; joined += 1) {
    const next = rest.find((line) => continues(last, box, line, ordered));
    if (!next) break;
    parts.push(next.text);
    box = union(box, next.box);
    last = next;
    rest.splice(rest.indexOf(next), 1);
  }
  const title = cleanTitle(parts.join(' '));
  return title.length > 0 ? title : null;
}
