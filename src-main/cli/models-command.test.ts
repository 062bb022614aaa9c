import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../core/user-error.ts';
import { DEFAULT_FIXTURE, buildWhisperFixture } from '../engines/asr/testing/ggml-fixture.ts';
import type { ModelListing } from '../models/model-store.ts';
import { runCommand } from '../../test/fixtures/run-command.ts';
import { register } from './models-command.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-models-cli-'));
const home = path.join(dir, 'home');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lectern = (...args: string[]): Promise<string> => runCommand(register, '--home', home, ...args);

describe('lectern models', () => {
  it('lists the catalogue, imports a model, lists it as installed and removes it', async () => {
    const table = await lectern('models', 'list');
    expect(table.split('\n')[0]).toMatch(/^NAME +TASK +STATUS +SIZE +LICENCE +DESCRIPTION$/);
    expect(table).toMatch(/^base\.en +asr +available +148 MB +MIT/m);

    const file = path.join(dir, 'ggml-my-lectures.bin');
    writeFileSync(file, buildWhisperFixture({ ...DEFAULT_FIXTURE, nLayer: 1 }));
    const imported = await lectern('models', 'import', file);
    expect(imported).toMatch(/^my-lectures: installed in /);
    const listed = JSON.parse(await lectern('models', 'list', '--json')) as ModelListing[];
    expect(listed.find((m) => m.name === 'my-lectures')).toMatchObject({ task: 'asr', status: 'installed' });

    expect(await lectern('models', 'remove', 'my-lectures')).toBe('removed my-lectures\n');
    const again = await lectern('models', 'remove', 'my-lectures').catch((e: unknown) => e);
    expect((again as UserError).code).toBe('model-not-installed');
  });

  it('refuses to install a model that is not in the catalogue', async () => {
    const error = await lectern('models', 'install', 'whisper-huge').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('model-unknown');
  });
});
