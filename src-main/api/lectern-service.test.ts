import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isUserError } from '../core/user-error.ts';
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
