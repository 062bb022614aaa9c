import { readFile } from 'node:fs/promises';
import { UserError } from '../../core/user-error.ts';

/** Formats tesseract's image reader (leptonica) decodes; slides arrive as PNG or JPEG. */
export type OcrImageFormat = 'png' | 'jpeg' | 'tiff' | 'bmp' | 'webp' | 'pnm';

export interface OcrImage {
  bytes: Buffer;
  format: OcrImageFormat;
  /** From the file header for PNG and JPEG; null for other formats. */
  width: number | null;
  height: number | null;
  /** The path, or "image bytes", for messages. */
  label: string;
  path: string | null;
}

export function sniffImageFormat(bytes: Uint8Array): OcrImageFormat | null {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (
    b.length >= 4 &&
    ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) ||
      (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a))
  ) {
    return 'tiff';
  }
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  if (
    b.length >= 12 &&
    String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' &&
    String.fromCharCode(...b.subarray(8, 12)) === 'WEBP'
  ) {
    return 'webp';
  }
  if (b.length >= 3 && b[0] === 0x50 && b[1] >= 0x31 && b[1] <= 0x36 && /\s/.test(String.fromCharCode(b[2])))
    return 'pnm';
  return null;
}

/** Width and height from a PNG IHDR chunk or a JPEG start-of-frame marker. */
export function headerDimensions(bytes: Buffer, format: OcrImageFormat): { width: number; height: number } | null {
  if (format === 'png') {
    if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (format === 'jpeg') {
    let offset = 2;
    while (offset + 9 < bytes.length) {
      if (bytes[offset] !== 0xff) {
        offset += 1;
        continue;
      }
      const marker = bytes[offset + 1];
      if (marker === 0xff) {
        offset += 1;
        continue;
      }
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
      }
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        offset += 2;
        continue;
      }
      offset += 2 + bytes.readUInt16BE(offset + 2);
    }
    return null;
  }
  return null;
}

function fromBytes(bytes: Buffer, label: string, path: string | null): OcrImage {
  const format = sniffImageFormat(bytes);
  if (!format) {
    throw new UserError(
      'not-an-image',
      bytes.length === 0 ? `${label} is empty.` : `${label} is not an image Lectern can read.`,
      'Give a PNG or JPEG slide image (TIFF, BMP, WebP and PNM also work).',
    );
  }
  const size = headerDimensions(bytes, format);
  if ((format === 'png' || format === 'jpeg') && !size) {
    throw new UserError('not-an-image', `${label} looks like a ${format.toUpperCase()} but its header is damaged.`);
  }
  return { bytes, format, width: size?.width ?? null, height: size?.height ?? null, label, path };
}

/**
 * Reads a path or takes encoded bytes, and checks they are an image before they reach a
 * tesseract worker (which would otherwise print leptonica errors and fail obscurely).
 */
export async function loadOcrImage(image: string | Buffer): Promise<OcrImage> {
  if (Buffer.isBuffer(image)) return fromBytes(image, 'The image bytes', null);
  let bytes: Buffer;
  try {
    bytes = await readFile(image);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new UserError('image-not-found', `Image not found: ${image}`, 'Check the path.');
    }
    if (code === 'EISDIR') {
      throw new UserError('image-unreadable', `${image} is a folder, not an image.`);
    }
    throw new UserError(
      'image-unreadable',
      `Could not read ${image} (${code ?? 'unknown error'}).`,
      'Check the file permissions.',
    );
  }
  return fromBytes(bytes, image, image);
}
