import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installTinyClip } from '../../test/fixtures/tiny-clip.ts';
import { diagnose } from './doctor-command.ts';

describe('lectern doctor', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'lectern-doctor-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  const detail = (checks: Awaited<ReturnType<typeof diagnose>>, what: string) =>
    checks.find((c) => c.what === what)?.detail;

  it('says which models indexing and search use: the built-ins, then an installed CLIP-class model', async () => {
    let checks = await diagnose(home);
    expect(detail(checks, 'speech model')).toMatch(/none installed/);
    expect(detail(checks, 'text encoder')).toMatch(/built-in Universal Sentence Encoder/);
    expect(detail(checks, 'slide picture encoder')).toMatch(/built-in slide descriptor/);
    installTinyClip(home);
    checks = await diagnose(home);
    expect(detail(checks, 'slide picture encoder')).toMatch(/^clip-vit-base-patch32 \(installed\)/);
    expect(checks.find((c) => c.what === 'ffmpeg')?.ok).toBe(true);
  });
});
