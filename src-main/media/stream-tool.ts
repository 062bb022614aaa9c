import { spawn } from 'node:child_process';
import { UserError } from '../core/user-error.ts';
import { lastErrorLine } from './run-tool.ts';

/**
 * Runs an ffmpeg command whose stdout is a raw stream and hands it over in fixed-size
 * records (a frame, or any chunking the caller wants). Never buffers more than one record.
 */
export function streamRecords(
  command: string,
  args: string[],
  recordBytes: number,
  onRecord: (record: Uint8Array) => void,
  options: { signal?: AbortSignal; what: string },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const record = new Uint8Array(recordBytes);
    let filled = 0;
    let stderr = '';
    let failure: Error | null = null;
    const abort = () => {
      failure = new UserError('cancelled', `${options.what} was cancelled.`);
      child.kill('SIGKILL');
    };
    if (options.signal?.aborted) abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (failure) return;
      let offset = 0;
      try {
        while (offset < chunk.length) {
          const take = Math.min(recordBytes - filled, chunk.length - offset);
          record.set(chunk.subarray(offset, offset + take), filled);
          filled += take;
          offset += take;
          if (filled === recordBytes) {
            onRecord(record);
            filled = 0;
          }
        }
      } catch (error) {
        failure = error as Error;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    child.on('error', (error) => reject(error));
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', abort);
      if (failure) return reject(failure);
      if (code !== 0) {
        return reject(
          new UserError(
            'decode-failed',
            `${options.what} failed: ${lastErrorLine(stderr)}`,
            'The file may be corrupt or truncated.',
          ),
        );
      }
      if (filled > 0) onRecord(record.subarray(0, filled));
      resolve();
    });
  });
}
