/**
 * The out-of-the-box keyframe embedder: the slide descriptor (slide-descriptor.ts) over a
 * 128x96 thumbnail decoded by sharp (ffmpeg when sharp cannot load). ~5 ms per 1280x720 frame,
 * nothing to download, deterministic. Not text-aligned.
 */
import type { EmbedBackend } from './embed-backend.ts';
import { type DecoderName, decodeRgb } from './image-decode.ts';
import { DESCRIPTOR_DIM, DESCRIPTOR_HEIGHT, DESCRIPTOR_WIDTH, slideDescriptor } from './slide-descriptor.ts';

export const SLIDE_DESCRIPTOR_ID = 'slide-descriptor@1';

export async function loadSlideDescriptorBackend(decoder?: DecoderName): Promise<EmbedBackend> {
  return {
    id: SLIDE_DESCRIPTOR_ID,
    dim: DESCRIPTOR_DIM,
    textAligned: false,
    async embedImages(images: Uint8Array[]): Promise<Float32Array[]> {
      return Promise.all(
        images.map(async (image) =>
          slideDescriptor(await decodeRgb(image, DESCRIPTOR_WIDTH, DESCRIPTOR_HEIGHT, 'fill', decoder)),
        ),
      );
    },
    async close(): Promise<void> {},
  };
}
