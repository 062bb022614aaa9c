import { describe, expect, it } from 'vitest';
import type { LecternHostApi } from '../api/contract.ts';
import { createRequestHandler } from '../api/request-handler.ts';
import { UserError } from '../core/user-error.ts';
import { isAppUrl, routeCall } from './api-router.ts';
import { APP_SECURITY } from './app-protocol.ts';

const service = {
  async listFolders() {
    return [{ id: 1, path: '/courses/calculus', addedAt: '2026-01-01', lectureCount: 2 }];
  },
  async addFolder({ path }: { path: string }) {
    throw new UserError('folder-missing', `Folder not found: ${path}`, 'Check the path.');
  },
  async getLecture() {
    throw new Error('disk on fire');
  },
} as unknown as LecternHostApi;
const handle = createRequestHandler({ api: service, security: APP_SECURITY });

describe('routeCall', () => {
  it('calls a contract method and wraps its answer', async () => {
    const result = await routeCall(handle, 'listFolders', {});
    expect(result).toEqual({ ok: true, value: [expect.objectContaining({ path: '/courses/calculus' })] });
  });

  it('refuses names outside the contract, even ones the object has', async () => {
    for (const method of ['constructor', 'lectureRow', '__proto__', 42]) {
      const result = await routeCall(handle, method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
  });

  it('refuses parameters that are not an object', async () => {
    expect(await routeCall(handle, 'listFolders', null)).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await routeCall(handle, 'listFolders', [1])).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('passes a user error on with its code, message and hint', async () => {
    expect(await routeCall(handle, 'addFolder', { path: '/nope' })).toEqual({
      ok: false,
      error: { code: 'folder-missing', message: 'Folder not found: /nope', hint: 'Check the path.' },
    });
  });

  it('reports anything else as an internal error in words', async () => {
    expect(await routeCall(handle, 'getLecture', { id: 1 })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Internal error: disk on fire' },
    });
  });
});

describe('isAppUrl', () => {
  it('accepts only the app origin', () => {
    expect(isAppUrl('lectern://app/index.html#/lecture/1')).toBe(true);
    expect(isAppUrl('lectern://media/1')).toBe(false);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});
