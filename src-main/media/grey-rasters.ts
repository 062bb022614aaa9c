import { readFile } from 'node:fs/promises';
import { UserError } from '../core/user-error.ts';
import { ffmpegPath } from './ffmpeg-path.ts';
import { lastErrorLine, runTool } from './run-tool.ts';

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
  const result = await runTool(
    ffmpegPath(),
    [
      ...['-v', 'error', '-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0'],
      ...['-vf', `scale=${size.width}:${size.height}:flags=area,format=gray`, '-f', 'rawvideo', 'pipe:1'],
    ],
    { signal, input },
  );
  if (result.code !== 0) {
    throw new UserError('decode-failed', `Reading the slide thumbnails failed: ${lastErrorLine(result.stderr)}`);
  }
  const output = result.stdout;
  if (output.length !== frameBytes * jpegs.length) {
    throw new UserError(
      'decode-failed',
      `Reading the slide thumbnails gave ${Math.floor(output.length / frameBytes)} of ${jpegs.length} images.`,
    );
  }
  return jpegs.map((_, i) => new Uint8Array(output.buffer, output.byteOffset + i * frameBytes, frameBytes));
}
