import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LecternHostApi, Settings } from './contract.ts';
import { startHttpHost, type HttpHost } from './http-host.ts';

let host: HttpHost;
let settings: Settings = { chapterTargetSeconds: 300, speechModel: null, transcribeDespiteSidecar: false };
const api = {
  subscribe: () => () => {},
  jobsState: () => ({ running: false, paused: false, queued: 0, current: null }),
  async listFolders() {
    return [];
  },
  async setSettings(changes: Partial<Settings>) {
    settings = { ...settings, ...changes };
    return settings;
  },
} as unknown as LecternHostApi;

beforeAll(async () => {
  host = await startHttpHost(api);
});
afterAll(() => host.close());

/** A raw request, as a page or a script could send it. */
function send(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${host.url}${pathname}`,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the loopback HTTP host over a real socket', () => {
  it('answers an oversized body with 413 instead of resetting the connection', async () => {
    const body = JSON.stringify({ chapterTargetSeconds: 'x'.repeat(2_000_000) });
    const answer = await send('/api/setSettings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Lectern-Token': host.token },
      body,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('too-large');
    // The host still answers afterwards.
    expect(
      (await send('/api/listFolders', { method: 'POST', headers: { 'X-Lectern-Token': host.token } })).status,
    ).toBe(200);
  });

  it('refuses a no-cors text/plain post from a page on another 127.0.0.1 port, cookie and all', async () => {
    const answer = await send('/api/setSettings', {
      method: 'POST',
      headers: {
        Cookie: `lectern_token=${host.token}`,
        Origin: 'http://127.0.0.1:1',
        'Content-Type': 'text/plain;charset=UTF-8',
      },
      body: '{"chapterTargetSeconds": 60}',
    });
    expect(answer.status).toBe(415);
    expect(settings.chapterTargetSeconds).toBe(300);
  });

  it('answers a malformed %-escape with 400', async () => {
    expect((await send('/%ff')).status).toBe(400);
  });

  it('keeps a path that starts with // on this host', async () => {
    const answer = await send('//evil.example/api/listFolders', {
      method: 'POST',
      headers: { 'X-Lectern-Token': host.token },
    });
    expect(answer.status).toBe(404);
  });
});
