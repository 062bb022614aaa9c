import { readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { UserError } from '../core/user-error.ts';
import { ffmpegPath } from './ffmpeg-path.ts';
import { lastErrorLine } from './run-tool.ts';

/**
 * Decodes JPEG images (keyframe thumbnails) to greyscale rasters of one fixed size, all in one
 * ffmpeg process: the images go in back to back on stdin (image2pipe), `width x height` grey
 * bytes per image come out, in input order.
 */
export async function decodeGreyRasters(
  jpegs: readonly string[],
  size: { width: number; height: number },
  signal?: AbortSignal,
): Promise<Uint8Array[]> {
  if (jpegs.length === 0) return [];
  const input = Buffer.concat(await Promise.all(jpegs.map((file) => readFile(file))));
  const frameBytes = size.width * size.height;
  const output = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn(
      ffmpegPath(),
      [
        ...['-v', 'error', '-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0'],
        ...['-vf', `scale=${size.width}:${size.height}:flags=area,format=gray`, '-f', 'rawvideo', 'pipe:1'],
      ],
      { stdio: ['pipe', 'pipe', 'pipe'], signal },
    );
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-4000);
    });
    child.stdin.on('error', () => undefined); // ffmpeg may stop reading early on a bad image
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new UserError('decode-failed', `Reading the slide thumbnails failed: ${lastErrorLine(err)}`));
    });
    child.stdin.end(input);
  });
  if (output.length !== frameBytes * jpegs.length) {
    throw new UserError(
      'decode-failed',
      `Reading the slide thumbnails gave ${Math.floor(output.length / frameBytes)} of ${jpegs.length} images.`,
    );
  }
  return jpegs.map((_, i) => new Uint8Array(output.buffer, output.byteOffset + i * frameBytes, frameBytes));
}
