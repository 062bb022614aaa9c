import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanMediaFiles } from './media-files.ts';

describe('scanMediaFiles', () => {
  let base: string;
  let course: string;
  let outside: string;

  beforeEach(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'lectern-media-files-'));
    course = path.join(base, 'course');
    outside = path.join(base, 'elsewhere');
    await mkdir(path.join(course, 'week 1'), { recursive: true });
    await mkdir(path.join(course, '.hidden'), { recursive: true });
    await mkdir(outside, { recursive: true });
    for (const file of ['week 1/lecture 2.mp4', 'week 1/lecture 10.mp4', 'notes.txt', '.hidden/draft.mp4']) {
      await writeFile(path.join(course, file), 'x');
    }
    await writeFile(path.join(outside, 'guest talk.mkv'), 'x');
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('finds recordings recursively in natural order, leaving hidden ones out', async () => {
    const scan = await scanMediaFiles(course);
    expect(scan.files).toEqual([path.join(course, 'week 1/lecture 2.mp4'), path.join(course, 'week 1/lecture 10.mp4')]);
    expect(scan.skipped).toEqual([]);
  });

  it('follows a link to a recording outside the folder, and says which links it did not follow', async () => {
    const link = (name: string, target: string) => symlink(target, path.join(course, name));
    await link('guest talk.mkv', path.join(outside, 'guest talk.mkv'));
    await link('again.mkv', path.join(outside, 'guest talk.mkv'));
    await link('draft.mp4', path.join(course, '.hidden/draft.mp4'));
    await link('copy of lecture 2.mp4', path.join(course, 'week 1/lecture 2.mp4'));
    await link('gone.mp4', path.join(outside, 'deleted.mp4'));
    await link('week 1/up', '..');
    await link('week 1/more', outside);
    await link('readme', path.join(course, 'notes.txt'));

    const scan = await scanMediaFiles(course);
    expect(scan.files.map((f) => path.relative(course, f))).toEqual([
      'again.mkv',
      'draft.mp4',
      'week 1/lecture 2.mp4',
      'week 1/lecture 10.mp4',
    ]);
    const reasons = Object.fromEntries(scan.skipped.map((s) => [path.relative(course, s.path), s.reason]));
    expect(Object.keys(reasons).sort()).toEqual([
      'copy of lecture 2.mp4',
      'gone.mp4',
      'guest talk.mkv',
      'week 1/more',
      'week 1/up',
    ]);
    expect(reasons['copy of lecture 2.mp4']).toMatch(/same recording as week 1.lecture 2\.mp4/);
    expect(reasons['guest talk.mkv']).toMatch(/same recording as .*again\.mkv/);
    expect(reasons['gone.mp4']).toMatch(/link to nothing/);
    expect(reasons['week 1/up']).toMatch(/does not follow folder links/);
    expect(reasons['week 1/more']).toMatch(/does not follow folder links/);
  });
});
