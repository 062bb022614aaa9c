import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../core/user-error.ts';
import { renderSlide } from '../engines/ocr/testing/test-slide-images.ts';
import { runCommand } from '../../test/fixtures/run-command.ts';
import { register, type OcrCommandJson } from './ocr-command.ts';

let dir: string;
let slide: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-ocr-cli-'));
  slide = await renderSlide(dir, 'slide', {
    width: 1280,
    height: 720,
    background: 'white',
    texts: [
      { text: 'Dynamic Programming', x: 80, y: 60, size: 64, bold: true },
      { text: 'Overlapping subproblems are solved once', x: 100, y: 220, size: 36 },
    ],
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lectern = (...args: string[]): Promise<string> => runCommand(register, ...args);

describe('lectern ocr', () => {
  it('prints JSON with the file, title, text and lines with boxes', async () => {
    const parsed = JSON.parse(await lectern('ocr', slide, '--json')) as OcrCommandJson;
    expect(Object.keys(parsed)).toEqual(['file', 'title', 'text', 'lines']);
    expect(parsed.file).toBe(slide);
    expect(parsed.title).toBe('Dynamic Programming');
    expect(parsed.text).toBe('Dynamic Programming\nOverlapping subproblems are solved once');
    expect(parsed.lines[0]).toMatchObject({ text: 'Dynamic Programming', box: { x: expect.any(Number) } });
    expect(Object.keys(parsed.lines[0])).toEqual(['text', 'confidence', 'box']);
    expect(Object.keys(parsed.lines[0].box)).toEqual(['x', 'y', 'width', 'height']);
  });

  it('prints the title and one line per text line with confidence and box', async () => {
    const out = await lectern('ocr', slide);
    expect(out).toContain('title: Dynamic Programming');
    expect(out).toMatch(/0\.\d\d {2}\d+,\d+ \d+x\d+ +Dynamic Programming/);
    expect(out).toMatch(/Overlapping subproblems are solved once/);
  });

  it('fails with a UserError for a missing file', async () => {
    const error = await lectern('ocr', path.join(dir, 'missing.png')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('image-not-found');
    expect((error as UserError).message).toBe(`Image not found: ${path.join(dir, 'missing.png')}`);
  });

  it('fails with a UserError for a file that is not an image', async () => {
    const notes = path.join(dir, 'notes.png');
    await writeFile(notes, 'plain text');
    const error = await lectern('ocr', notes, '--json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('not-an-image');
  });
});
