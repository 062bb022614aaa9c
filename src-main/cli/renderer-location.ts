import { fileURLToPath } from 'node:url';

/** Where `npm run build` puts the renderer bundle. */
export const RENDERER_DIR = fileURLToPath(new URL('../../dist-renderer', import.meta.url));
