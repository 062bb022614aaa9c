import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  it("lists the models usable and missing, a broken one with why, and the data folder's size", async () => {
    const checks = await diagnose(home);
    expect(detail(checks, 'models usable')).toMatch(/clip-vit-base-patch32/);
    expect(detail(checks, 'models missing')).toMatch(/tiny\.en/);
    expect(detail(checks, 'data folder')).toMatch(/\((\d+ kB|[\d.]+ MB)\)$/);
    // A "speech model" that whisper.cpp cannot read is installed but not usable, and the check fails.
    const dir = path.join(home, 'models', 'garbled');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'model.bin'), 'not a ggml file');
    writeFileSync(
      path.join(dir, 'lectern-model.json'),
      JSON.stringify({
        name: 'garbled',
        task: 'asr',
        source: 'import',
        files: { 'model.bin': { size: 15, sha256: '0'.repeat(64), verified: false } },
        installedAt: new Date().toISOString(),
      }),
    );
    const after = await diagnose(home);
    const broken = after.find((c) => c.what === 'model garbled');
    expect(broken).toMatchObject({ ok: false });
    expect(broken?.detail).toMatch(/installed but not usable: .*not a usable whisper\.cpp model/);
    expect(detail(after, 'models usable')).not.toMatch(/garbled/);
  });
});
