import { UserError } from '../../core/user-error.ts';
import { ffmpegPath } from '../../media/ffmpeg-path.ts';
import { runTool } from '../../media/run-tool.ts';
import { loadSharp, type DecoderName } from '../../media/sharp-module.ts';

/**
 * Decodes an encoded image (JPEG, PNG, WebP...) straight to interleaved RGB bytes at a fixed size.
 * sharp (libvips, prebuilt from npm) does it in ~7 ms for a 1280x720 JPEG; when sharp cannot load
 * on a platform, ffmpeg does the same job (~90 ms, most of it process start-up).
 */

/** 'cover': scale the short side to fit, then centre-crop (CLIP). 'fill': stretch to the size. */
export type ResizeFit = 'cover' | 'fill';
export type { DecoderName };

/** Which decoder `decodeRgb` uses on this machine when none is forced. */
export async function availableDecoder(): Promise<DecoderName> {
  return (await loadSharp()) ? 'sharp' : 'ffmpeg';
}

export async function decodeRgb(
  image: Uint8Array,
  width: number,
  height: number,
  fit: ResizeFit,
  decoder?: DecoderName,
): Promise<Uint8Array> {
  const use = decoder ?? (await availableDecoder());
  const rgb =
    use === 'sharp'
      ? await decodeWithSharp(image, width, height, fit)
      : await decodeWithFfmpeg(image, width, height, fit);
  if (rgb.length !== width * height * 3) {
    throw new Error(`${use} returned ${rgb.length} bytes for a ${width}x${height} RGB image`);
  }
  return rgb;
}

function unreadable(detail: string): UserError {
  return new UserError(
    'image-unreadable',
    `Could not decode an image: ${detail}`,
    'Frames must be JPEG, PNG or WebP bytes.',
  );
}

async function decodeWithSharp(image: Uint8Array, width: number, height: number, fit: ResizeFit): Promise<Uint8Array> {
  const sharp = await loadSharp();
  if (!sharp) throw new Error('sharp is not available on this platform');
  try {
    const { data } = await sharp(image, { failOn: 'error' })
      .flatten({ background: '#ffffff' })
      .resize(width, height, { fit, position: 'centre', kernel: 'cubic' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (error) {
    throw unreadable((error as Error).message);
  }
}

async function decodeWithFfmpeg(image: Uint8Array, width: number, height: number, fit: ResizeFit): Promise<Uint8Array> {
  const scale =
    fit === 'cover'
      ? `scale=${width}:${height}:force_original_aspect_ratio=increase:flags=bicubic,crop=${width}:${height}`
      : `scale=${width}:${height}:flags=bicubic`;
  const { stdout, stderr, code } = await runTool(
    ffmpegPath(),
    ['-v', 'error', '-i', 'pipe:0', '-frames:v', '1', '-vf', scale, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    { input: Buffer.from(image.buffer, image.byteOffset, image.byteLength) },
  );
  if (code !== 0 || stdout.length !== width * height * 3) {
    throw unreadable(stderr.trim().split('\n').pop() || `ffmpeg exited with code ${code}`);
  }
  return new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.byteLength);
}
