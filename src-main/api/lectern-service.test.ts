import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isUserError } from '../core/user-error.ts';
import { buildWhisperFixture, DEFAULT_FIXTURE } from '../engines/asr/testing/ggml-fixture.ts';
import type { LiveUpdate } from './contract.ts';
import { LecternService } from './lectern-service.ts';

describe('the service checks what callers send', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-service-'));
  const service = LecternService.open(dir);
  afterAll(() => {
    service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const refusal = async (pending: Promise<unknown>) => {
    const error = await pending.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isUserError(error), String(error)).toBe(true);
    return error as { code: string; message: string };
  };

  it('refuses a search limit of -1, 0 or "abc" in words', async () => {
    for (const limit of [-1, 0, 'abc', 2.5, 1000]) {
      const error = await refusal(service.search({ query: 'eigenvalues', limit: limit as number }));
      expect(error.code).toBe('bad-request');
      expect(error.message).toMatch(/limit must be a whole number/);
    }
  });

  it('refuses an id that is not a whole number instead of reading it as 1', async () => {
    for (const id of [true, '1', 1.5, 0, null]) {
      expect((await refusal(service.getLecture({ id: id as number }))).code).toBe('bad-request');
    }
    expect((await refusal(service.getLecture({ id: 1 }))).code).toBe('not-found');
  });

  it('refuses settings every object inherits', async () => {
    expect((await refusal(service.setSettings(JSON.parse('{"constructor": 60}')))).code).toBe('bad-setting');
  });
});

describe('model management through the service', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-service-models-'));
  const service = LecternService.open(path.join(dir, 'home'));
  afterAll(() => {
    service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a model with its progress as live updates, lists it installed, and removes it', async () => {
    const file = path.join(dir, 'ggml-my-lectures.bin');
    writeFileSync(file, buildWhisperFixture({ ...DEFAULT_FIXTURE, nLayer: 1 }));
    const updates: LiveUpdate[] = [];
    const unsubscribe = service.subscribe((update) => updates.push(update));
    const model = await service.importModel({ file });
    unsubscribe();
    expect(model).toMatchObject({ name: 'my-lectures', task: 'asr', status: 'installed' });
    const progress = updates.flatMap((u) => (u.kind === 'model' ? [u.progress] : []));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.doneBytes).toBe(progress.at(-1)!.totalBytes);
    expect((await service.listModels({})).find((m) => m.name === 'my-lectures')?.status).toBe('installed');
    expect(await service.removeModel({ name: 'my-lectures' })).toEqual({ removed: true });
  });

  it('chooses an installed speech model in the settings and refuses one that is not installed, in words', async () => {
    await expect(service.setSettings({ speechModel: 'base.en' })).rejects.toMatchObject({
      code: 'bad-setting',
      message: '"base.en" is not an installed speech model.',
    });
    const file = path.join(dir, 'ggml-chosen.bin');
    writeFileSync(file, buildWhisperFixture({ ...DEFAULT_FIXTURE, nLayer: 1 }));
    await service.importModel({ file });
    expect(await service.setSettings({ speechModel: 'chosen', transcribeDespiteSidecar: true })).toMatchObject({
      speechModel: 'chosen',
      transcribeDespiteSidecar: true,
    });
    const folder = await service.getDataFolder({});
    expect(folder.path).toBe(service.dataDir);
    expect(folder.sizeBytes).toBeGreaterThan(1000);
    expect(await service.cancelModelInstall({ name: 'tiny.en' })).toEqual({ cancelled: false });
  });
});
