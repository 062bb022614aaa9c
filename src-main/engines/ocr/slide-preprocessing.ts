import { UserError } from '../../core/user-error.ts';
import { ffmpegPath } from '../../media/ffmpeg-path.ts';
import { lastErrorLine, runTool } from '../../media/run-tool.ts';
import { loadSharp, type DecoderName, type SharpModule } from '../../media/sharp-module.ts';
import type { OcrImage } from './ocr-image.ts';

/**
 * Light clean-up of a slide frame before OCR, giving tesseract a raw PGM/PPM: sharp (libvips, in
 * process) decodes and scales, and JS takes the luma; where sharp cannot load, one ffmpeg process
 * does it all. sharp takes ~10 ms of CPU per 720p frame where an ffmpeg process took ~140 ms
 * (mostly its start-up), which speech recognition running beside the OCR feels on two cores.
 */
export interface SlidePreprocessing {
  /** Luma (BT.601) grey instead of tesseract's own colour-to-grey conversion. */
  grayscale: boolean;
  /** Frames shorter than this many pixels are upscaled towards it (0 = never). */
  upscaleBelowHeight: number;
  /** Largest upscale factor. */
  maxUpscale: number;
  /** Light text on a dark background is turned into dark text on light. */
  invertDark: boolean;
}

export const NO_PREPROCESSING: SlidePreprocessing = {
  grayscale: false,
  upscaleBelowHeight: 0,
  maxUpscale: 1,
  invertDark: false,
};

/**
 * What bench/ocr.ts measured to help on the 74 M3AV slide frames (CER of the engine's text):
 * luma grey 34.4% -> 28.4% at 720p (NIH 43.2 -> 34.7); upscaling 360p frames x2 44.3% -> 35.0%,
 * while x2 on 720p frames gained nothing and cost ~60% more time. Inverting dark slides did not
 * help (negated frames: 28.9% grey, 28.8% grey + invert; tesseract 5 already reads light-on-dark
 * lines), so it stays off; the option remains for measuring. Those figures are ffmpeg's; sharp's grey
 * pictures differ from them by 0.03 levels on average, and tesseract reads them to 29.1% (NIH 35.7%,
 * 360p upscaled 35.7%): its output moves by a few characters on such changes.
 */
export const DEFAULT_PREPROCESSING: SlidePreprocessing = {
  grayscale: true,
  upscaleBelowHeight: 720,
  maxUpscale: 2,
  invertDark: false,
};

export interface PreparedImage {
  /** Encoded image for tesseract. */
  bytes: Uint8Array;
  /** Prepared pixels per original pixel (boxes are divided by it). */
  scale: number;
  inverted: boolean;
}

export function isPreprocessingOff(options: SlidePreprocessing): boolean {
  return !options.grayscale && !options.invertDark && (options.upscaleBelowHeight <= 0 || options.maxUpscale <= 1);
}

export function upscaleFactor(height: number | null, options: SlidePreprocessing): number {
  if (height === null || height <= 0 || options.upscaleBelowHeight <= 0 || height >= options.upscaleBelowHeight)
    return 1;
  const factor = Math.min(options.maxUpscale, options.upscaleBelowHeight / height);
  // Whole quarter steps keep box rescaling exact enough and the filter graph simple.
  return Math.max(1, Math.round(factor * 4) / 4);
}

interface Netpbm {
  width: number;
  height: number;
  channels: 1 | 3;
  /** Offset of the first pixel byte. */
  dataOffset: number;
}

/** Parses the header ffmpeg writes for `-c:v pgm` / `-c:v ppm`: "P5\n<w> <h>\n255\n". */
export function parseNetpbmHeader(bytes: Uint8Array): Netpbm {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64)).toString('latin1');
  const match = /^P([56])\s+(\d+)\s+(\d+)\s+255\s/.exec(head);
  if (!match) throw new Error('ffmpeg did not write a PGM/PPM image');
  return {
    channels: match[1] === '5' ? 1 : 3,
    width: Number(match[2]),
    height: Number(match[3]),
    dataOffset: match[0].length,
  };
}

/**
 * Whether the picture is mostly dark: the median of a luminance sample is below mid-grey.
 * Reads at most ~20k samples straight from the raster.
 */
export function isDarkRaster(bytes: Uint8Array, header: Netpbm): boolean {
  const histogram = new Uint32Array(256);
  const pixels = header.width * header.height;
  const step = Math.max(1, Math.floor(pixels / 20_000));
  let count = 0;
  for (let p = 0; p < pixels; p += step) {
    const i = header.dataOffset + p * header.channels;
    const value = header.channels === 1 ? bytes[i] : (bytes[i] * 77 + bytes[i + 1] * 150 + bytes[i + 2] * 29) >> 8;
    histogram[value] += 1;
    count += 1;
  }
  let seen = 0;
  for (let v = 0; v < 256; v += 1) {
    seen += histogram[v];
    if (seen * 2 >= count) return v < 100;
  }
  return false;
}

export function invertRaster(bytes: Uint8Array, header: Netpbm): void {
  for (let i = header.dataOffset; i < bytes.length; i += 1) bytes[i] = 255 - bytes[i];
}

async function runFfmpeg(args: string[], input: Buffer | null, signal: AbortSignal | undefined): Promise<Buffer> {
  const { stdout, stderr, code } = await runTool(ffmpegPath(), args, { signal, input: input ?? undefined });
  if (code !== 0) throw new Error(`ffmpeg exited with code ${code}: ${lastErrorLine(stderr)}`);
  return stdout;
}

/** A Netpbm image (P5 grey or P6 RGB) of raw pixels. */
export function netpbm(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): Buffer {
  const header = Buffer.from(`P${channels === 1 ? 5 : 6}\n${width} ${height}\n255\n`, 'latin1');
  return Buffer.concat([header, pixels]);
}

/** BT.601 luma of interleaved RGB, as ffmpeg's `format=gray` gives it. */
export function lumaOf(rgb: Uint8Array): Uint8Array {
  const grey = new Uint8Array(rgb.length / 3);
  for (let p = 0, i = 0; p < grey.length; p += 1, i += 3) {
    grey[p] = (rgb[i] * 19595 + rgb[i + 1] * 38470 + rgb[i + 2] * 7471 + 32768) >>> 16;
  }
  return grey;
}

async function prepareWithSharp(
  sharp: SharpModule,
  image: OcrImage,
  options: SlidePreprocessing,
  scale: number,
): Promise<Buffer> {
  let pipeline = sharp(image.bytes, { failOn: 'error' }).flatten({ background: '#ffffff' }).toColourspace('srgb');
  if (scale > 1 && image.width && image.height) {
    pipeline = pipeline.resize(Math.round(image.width * scale), Math.round(image.height * scale), {
      kernel: 'lanczos3',
      fit: 'fill',
    });
  }
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rgb = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return options.grayscale ? netpbm(lumaOf(rgb), info.width, info.height, 1) : netpbm(rgb, info.width, info.height, 3);
}

function prepareWithFfmpeg(
  image: OcrImage,
  options: SlidePreprocessing,
  scale: number,
  signal: AbortSignal | undefined,
): Promise<Buffer> {
  const filters: string[] = [];
  if (options.grayscale) filters.push('format=gray');
  if (scale > 1) filters.push(`scale=iw*${scale}:ih*${scale}:flags=lanczos`);
  if (!options.grayscale) filters.push('format=rgb24');
  const input = image.path ? ['-i', image.path] : ['-f', 'image2pipe', '-i', 'pipe:0'];
  const args = [
    '-nostdin',
    '-hide_banner',
    '-v',
    'error',
    ...input,
    '-vf',
    filters.join(','),
    '-frames:v',
    '1',
    '-f',
    'image2pipe',
    '-c:v',
    options.grayscale ? 'pgm' : 'ppm',
    'pipe:1',
  ];
  if (!image.path) args.splice(args.indexOf('-nostdin'), 1);
  return runFfmpeg(args, image.path ? null : image.bytes, signal);
}

/**
 * Grey conversion, upscaling and dark-slide inversion as `options` ask. Returns the input bytes
 * unchanged when nothing is asked, and for encoded bytes neither sharp nor ffmpeg on a pipe takes.
 */
export async function prepareSlideImage(
  image: OcrImage,
  options: SlidePreprocessing,
  signal?: AbortSignal,
  decoder?: DecoderName,
): Promise<PreparedImage> {
  const decodable = image.format === 'png' || image.format === 'jpeg';
  if (isPreprocessingOff(options) || (!image.path && !decodable)) {
    return { bytes: image.bytes, scale: 1, inverted: false };
  }
  const scale = upscaleFactor(image.height, options);
  const sharp = decodable && decoder !== 'ffmpeg' ? await loadSharp() : null;
  let bytes: Buffer;
  try {
    signal?.throwIfAborted();
    bytes = sharp
      ? await prepareWithSharp(sharp, image, options, scale)
      : await prepareWithFfmpeg(image, options, scale, signal);
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error;
    if (error instanceof UserError) throw error;
    throw new UserError('not-an-image', `${image.label} could not be decoded as an image.`, (error as Error).message);
  }
  const header = parseNetpbmHeader(bytes);
  let inverted = false;
  if (options.invertDark && isDarkRaster(bytes, header)) {
    invertRaster(bytes, header);
    inverted = true;
  }
  // ffmpeg rounds odd sizes; the real ratio keeps boxes exact.
  const actualScale = image.height ? header.height / image.height : 1;
  return { bytes, scale: actualScale, inverted };
}
