import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderSizeBytes } from './data-dir.ts';

describe('data folder size', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lectern-size-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('adds up the files in the folder and its subfolders without following links out of it', async () => {
    const data = path.join(root, 'data');
    mkdirSync(path.join(data, 'models', 'tiny.en'), { recursive: true });
    writeFileSync(path.join(data, 'lectern.db'), Buffer.alloc(1000));
    writeFileSync(path.join(data, 'models', 'tiny.en', 'ggml-tiny.en.bin'), Buffer.alloc(5000));
    const outside = path.join(root, 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'big.bin'), Buffer.alloc(100_000));
    symlinkSync(outside, path.join(data, 'link'));
    const size = await folderSizeBytes(data);
    expect(size).toBeGreaterThanOrEqual(6000);
    expect(size).toBeLessThan(7000);
  });

  it('is zero for a folder not created yet', async () => {
    expect(await folderSizeBytes(path.join(root, 'nothing-here'))).toBe(0);
  });
});
