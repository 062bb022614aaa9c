import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { UserError } from '../../core/user-error.ts';
import { ffmpegPath } from '../../media/ffmpeg-path.ts';
import { lastErrorLine, stopChild } from '../../media/run-tool.ts';

export const PCM_SAMPLE_RATE = 16_000;

/**
 * Decodes a media file's first audio stream to 16 kHz mono s16le with ffmpeg and hands the
 * samples out on demand. Pull-based: ffmpeg is paused by the pipe while nobody reads, so memory
 * stays at what the caller asked for, however long the file.
 */
export class PcmReader {
  private readonly child: ChildProcessByStdio<null, Readable, Readable>;
  private waiting: (() => void) | null = null;
  private streamEnded = false;
  private readonly exited: Promise<number | null>;
  private leftover: Buffer = Buffer.alloc(0);
  private stderr = '';
  private ended = false;

  constructor(mediaPath: string) {
    // prettier-ignore
    const args = [
      '-nostdin', '-hide_banner', '-loglevel', 'error', '-i', mediaPath,
      '-map', '0:a:0', '-vn', '-sn', '-dn', '-ac', '1', '-ar', String(PCM_SAMPLE_RATE), '-f', 's16le', 'pipe:1',
    ];
    this.child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.exited = new Promise((resolve, reject) => {
      this.child.on('error', (error) => {
        this.streamEnded = true;
        this.waiting?.();
        reject(error);
      });
      this.child.on('close', (code) => resolve(code));
    });
    this.exited.catch(() => undefined);
    // A 'readable' listener from the start: without one, Node discards a child's unread
    // output when it exits (a short file decodes completely before anyone reads).
    const wake = () => {
      const waiting = this.waiting;
      this.waiting = null;
      waiting?.();
    };
    this.child.stdout.on('readable', wake);
    this.child.stdout.on('end', () => {
      this.streamEnded = true;
      wake();
    });
    this.child.stdout.on('error', () => {
      this.streamEnded = true;
      wake();
    });
  }

  /** Up to `count` samples; fewer only at the end of the audio (then `done` is true). */
  async read(count: number): Promise<{ samples: Int16Array; done: boolean }> {
    const wanted = count * 2;
    const parts: Buffer[] = this.leftover.length ? [this.leftover] : [];
    let have = this.leftover.length;
    this.leftover = Buffer.alloc(0);
    while (have < wanted && !this.ended) {
      const chunk = this.child.stdout.read() as Buffer | null;
      if (chunk) {
        parts.push(chunk);
        have += chunk.length;
      } else if (this.streamEnded) {
        this.ended = true;
        await this.checkExit();
      } else {
        await new Promise<void>((resolve) => (this.waiting = resolve));
      }
    }
    const all = parts.length === 1 ? parts[0] : Buffer.concat(parts, have);
    const usable = Math.min(wanted, all.length - (all.length % 2));
    this.leftover = Buffer.from(all.subarray(usable));
    // Copy into an aligned Int16Array (Buffer slices may start at odd offsets).
    const samples = new Int16Array(usable / 2);
    new Uint8Array(samples.buffer).set(all.subarray(0, usable));
    return { samples, done: this.ended && this.leftover.length < 2 };
  }

  private async checkExit(): Promise<void> {
    let code: number | null;
    try {
      code = await this.exited;
    } catch (error) {
      throw new UserError('decode-failed', `Could not run ffmpeg: ${(error as Error).message}`);
    }
    if (code !== 0) {
      throw new UserError(
        'decode-failed',
        `Could not decode the audio: ${lastErrorLine(this.stderr)}`,
        /matches no streams/.test(this.stderr)
          ? 'The file has no audio stream.'
          : 'The file may be corrupt, truncated or in a format ffmpeg cannot read.',
      );
    }
  }

  async close(): Promise<void> {
    // Unread output would keep the pipe (and so the 'close' event) from ever finishing.
    this.child.stdout.destroy();
    await stopChild(this.child);
  }
}
