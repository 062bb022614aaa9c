import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/fixtures/sample-media.ts';
import { UserError } from '../core/user-error.ts';
import { ffmpegPath } from './ffmpeg-path.ts';
import { decodeGreyRasters } from './grey-rasters.ts';

describe('decodeGreyRasters', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const jpeg = (name: string, colour: string, size = '320x180') => {
    const file = path.join(dir, name);
    execFileSync(ffmpegPath(), [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${colour}:s=${size}:d=1`],
      ...['-frames:v', '1', file],
    ]);
    return file;
  };

  beforeAll(async () => {
    ({ dir, cleanup } = await tempDir('lectern-rasters-'));
  });
  afterAll(() => cleanup());

  it('decodes each image to width x height grey bytes, in input order, resizing as needed', async () => {
    const files = [jpeg('white.jpg', 'white'), jpeg('black.jpg', 'black', '640x360'), jpeg('grey.jpg', 'gray')];
    const rasters = await decodeGreyRasters(files, { width: 32, height: 18 });
    expect(rasters).toHaveLength(3);
    for (const raster of rasters) expect(raster.length).toBe(32 * 18);
    const mean = (r: Uint8Array) => r.reduce((a, b) => a + b, 0) / r.length;
    expect(mean(rasters[0])).toBeGreaterThan(240);
    expect(mean(rasters[1])).toBeLessThan(20);
    expect(mean(rasters[2])).toBeGreaterThan(100);
    expect(mean(rasters[2])).toBeLessThan(160);
  });

  it('returns nothing for no images', async () => {
    expect(await decodeGreyRasters([], { width: 8, height: 8 })).toEqual([]);
  });

  it('fails with a UserError when an image is not a JPEG', async () => {
    const bad = path.join(dir, 'bad.jpg');
    writeFileSync(bad, 'not an image at all');
    const error = await decodeGreyRasters([bad], { width: 8, height: 8 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
  });
});
