import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../core/user-error.ts';
import { downloadFile } from './download-file.ts';
import { startFileServer, type FileServer } from './testing/file-server.ts';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'lectern-download-'));
const body = randomBytes(3 * 1024 * 1024 + 17);
let server: FileServer;

beforeAll(async () => {
  server = await startFileServer();
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function userErrorOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('downloadFile', () => {
  it('downloads a whole file with progress and checks it', async () => {
    server.files.set('/full.bin', { body });
    const destination = path.join(scratch, 'full', 'model.bin');
    const progress: number[] = [];
    const result = await downloadFile(server.url('/full.bin'), destination, {
      expectedSize: body.length,
      expectedSha256: sha256(body),
      onProgress: ({ doneBytes, totalBytes }) => {
        expect(totalBytes).toBe(body.length);
        progress.push(doneBytes);
      },
    });
    expect(result).toMatchObject({ sizeBytes: body.length, sha256: sha256(body), resumedFrom: 0 });
    expect(readFileSync(destination).equals(body)).toBe(true);
    expect(existsSync(`${destination}.part`)).toBe(false);
    expect(progress[0]).toBe(0);
    expect(progress[progress.length - 1]).toBe(body.length);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
  });

  it('deletes a download whose sha256 is wrong and says so', async () => {
    const damaged = Buffer.from(body);
    damaged[12345] ^= 0xff;
    server.files.set('/damaged.bin', { body: damaged });
    const destination = path.join(scratch, 'damaged', 'model.bin');
    const error = await userErrorOf(
      downloadFile(server.url('/damaged.bin'), destination, {
        expectedSize: body.length,
        expectedSha256: sha256(body),
      }),
    );
    expect(error.code).toBe('download-corrupt');
    expect(existsSync(destination)).toBe(false);
    expect(existsSync(`${destination}.part`)).toBe(false);
  });

  it('resumes an interrupted download with a Range request', async () => {
    const half = Math.floor(body.length / 2);
    server.files.set('/flaky.bin', { body, dropAfter: half });
    const destination = path.join(scratch, 'flaky', 'model.bin');
    const options = { expectedSize: body.length, expectedSha256: sha256(body) };
    const first = await userErrorOf(downloadFile(server.url('/flaky.bin'), destination, options));
    expect(first.code).toBe('download-interrupted');
    const saved = statSync(`${destination}.part`).size;
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThanOrEqual(half);
    expect(existsSync(destination)).toBe(false);

    const second = await downloadFile(server.url('/flaky.bin'), destination, options);
    expect(second.resumedFrom).toBe(saved);
    expect(server.requests.filter((r) => r.path === '/flaky.bin').map((r) => r.range)).toEqual([
      undefined,
      `bytes=${saved}-`,
    ]);
    expect(readFileSync(destination).equals(body)).toBe(true);
  });

  it('starts over when the server ignores the Range request', async () => {
    server.files.set('/norange.bin', { body, dropAfter: 1000, ignoreRange: true });
    const destination = path.join(scratch, 'norange', 'model.bin');
    const options = { expectedSize: body.length, expectedSha256: sha256(body) };
    expect((await userErrorOf(downloadFile(server.url('/norange.bin'), destination, options))).code).toBe(
      'download-interrupted',
    );
    const result = await downloadFile(server.url('/norange.bin'), destination, options);
    expect(result.sha256).toBe(sha256(body));
    expect(readFileSync(destination).equals(body)).toBe(true);
  });

  it('records the hash when none is known in advance', async () => {
    server.files.set('/tofu.bin', { body });
    const result = await downloadFile(server.url('/tofu.bin'), path.join(scratch, 'tofu', 'm.bin'));
    expect(result.sha256).toBe(sha256(body));
  });

  it('reports HTTP errors, unreachable hosts and cancellation as UserErrors', async () => {
    const missing = await userErrorOf(downloadFile(server.url('/nope.bin'), path.join(scratch, 'e1', 'm.bin')));
    expect(missing.code).toBe('download-failed');
    expect(missing.message).toMatch(/404/);
    const unreachable = await userErrorOf(downloadFile('http://127.0.0.1:9/x.bin', path.join(scratch, 'e2', 'm.bin')));
    expect(unreachable.code).toBe('download-failed');
    const controller = new AbortController();
    server.files.set('/big.bin', { body });
    const aborted = await userErrorOf(
      downloadFile(server.url('/big.bin'), path.join(scratch, 'e3', 'm.bin'), {
        signal: controller.signal,
        onProgress: ({ doneBytes }) => {
          if (doneBytes > 0) controller.abort();
        },
      }),
    );
    expect(aborted.code).toBe('cancelled');
  });
});
