import type sharpFunction from 'sharp';

export type SharpModule = typeof sharpFunction;
/** What decodes a picture: sharp in process, or an ffmpeg process where sharp cannot load. */
export type DecoderName = 'sharp' | 'ffmpeg';
let sharpModule: Promise<SharpModule | null> | undefined;

/**
 * sharp (libvips, prebuilt from npm), loaded once, with its cache off (each picture is used
 * once); null where it cannot load on a platform, so callers fall back to ffmpeg.
 */
export function loadSharp(): Promise<SharpModule | null> {
  sharpModule ??= import('sharp')
    .then((m) => {
      const sharp = ((m as unknown as { default?: SharpModule }).default ?? m) as SharpModule;
      sharp.cache(false);
      return sharp;
    })
    .catch(() => null);
  return sharpModule;
}
