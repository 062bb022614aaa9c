import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { UserError } from '../core/user-error.ts';

export interface DownloadProgress {
  /** Bytes on disk so far, including what an earlier, interrupted download saved. */
  doneBytes: number;
  totalBytes: number | null;
}

export interface DownloadOptions {
  expectedSize?: number | null;
  expectedSha256?: string | null;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

export interface DownloadResult {
  path: string;
  sizeBytes: number;
  sha256: string;
  /** Bytes that were already in the .part file from an interrupted download. */
  resumedFrom: number;
}

const MB = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function hashExisting(file: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
}

function cancelled(): UserError {
  return new UserError('cancelled', 'The download was cancelled; run the same command again to resume it.');
}

/**
 * Downloads `url` to `destination` through `<destination>.part`: an interrupted download keeps
 * its bytes and the next call resumes with an HTTP Range request; the file appears under its
 * real name only once complete and (when a sha256 is given) verified. A file that does not
 * match its checksum is deleted and reported as a UserError.
 */
export async function downloadFile(
  url: string,
  destination: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const { expectedSize = null, expectedSha256 = null, onProgress, signal } = options;
  if (signal?.aborted) throw cancelled();
  mkdirSync(path.dirname(destination), { recursive: true });
  const part = `${destination}.part`;
  let offset = existsSync(part) ? statSync(part).size : 0;
  if (expectedSize !== null && offset > expectedSize) {
    rmSync(part, { force: true });
    offset = 0;
  }
  let hash = createHash('sha256');
  if (offset > 0) await hashExisting(part, hash);
  const resumedFrom = offset;
  const host = new URL(url).host;

  let response: Response;
  try {
    response = await fetch(url, {
      headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
      signal,
      redirect: 'follow',
    });
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    throw new UserError(
      'download-failed',
      `Could not reach ${host}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}.`,
      'Check the network connection, or download the file on another machine and use `lectern models import <file>`.',
    );
  }

  let totalBytes: number | null = expectedSize;
  let body: ReadableStream<Uint8Array> | null = response.body;
  if (response.status === 416 && offset > 0) {
    // Nothing left to send: the .part file already holds the whole file.
    body = null;
    await response.body?.cancel();
  } else if (response.status === 206 && offset > 0) {
    const range = /bytes (\d+)-\d+\/(\d+|\*)/.exec(response.headers.get('content-range') ?? '');
    if (!range || Number(range[1]) !== offset) {
      await response.body?.cancel();
      rmSync(part, { force: true });
      throw new UserError(
        'download-failed',
        `${host} answered the resume request with the wrong range; run the command again.`,
      );
    }
    if (totalBytes === null && range[2] !== '*') totalBytes = Number(range[2]);
  } else if (response.ok) {
    if (offset > 0) {
      // The server ignored the Range header and sends the whole file: start over.
      rmSync(part, { force: true });
      offset = 0;
      hash = createHash('sha256');
    }
    const length = Number(response.headers.get('content-length'));
    if (totalBytes === null && Number.isFinite(length) && length > 0) totalBytes = length;
  } else {
    await response.body?.cancel();
    throw new UserError(
      'download-failed',
      `Downloading ${url} failed: HTTP ${response.status} ${response.statusText}.`,
      response.status === 404 ? 'The file has moved; import it with `lectern models import <file>`.' : undefined,
    );
  }

  let done = offset;
  onProgress?.({ doneBytes: done, totalBytes });
  if (body) {
    const out = createWriteStream(part, { flags: offset > 0 ? 'a' : 'w' });
    const closed = once(out, 'close');
    try {
      const reader = body.getReader();
      for (;;) {
        const { done: finished, value: chunk } = await reader.read();
        if (finished) break;
        hash.update(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
        done += chunk.length;
        onProgress?.({ doneBytes: done, totalBytes });
      }
    } catch (error) {
      out.end();
      await closed;
      if (signal?.aborted) throw cancelled();
      throw new UserError(
        'download-interrupted',
        `The download from ${host} was interrupted after ${MB(done)}${totalBytes ? ` of ${MB(totalBytes)}` : ''} (${(error as Error).message}).`,
        'Run the same command again: it resumes where it stopped.',
      );
    }
    out.end();
    await closed;
  }

  const size = statSync(part).size;
  if (expectedSize !== null && size < expectedSize) {
    throw new UserError(
      'download-interrupted',
      `The download from ${host} stopped after ${MB(size)} of ${MB(expectedSize)}.`,
      'Run the same command again: it resumes where it stopped.',
    );
  }
  const sha256 = hash.digest('hex');
  if ((expectedSize !== null && size !== expectedSize) || (expectedSha256 && sha256 !== expectedSha256.toLowerCase())) {
    rmSync(part, { force: true });
    throw new UserError(
      'download-corrupt',
      `The file downloaded from ${host} is damaged or not the expected one (${expectedSize !== null && size !== expectedSize ? `${size} bytes, expected ${expectedSize}` : `sha256 ${sha256.slice(0, 12)}…, expected ${expectedSha256!.slice(0, 12)}…`}); it was deleted.`,
      'Run the command again to download it afresh; if it keeps failing, download the file elsewhere and use `lectern models import <file>`.',
    );
  }
  renameSync(part, destination);
  return { path: destination, sizeBytes: size, sha256, resumedFrom };
}
