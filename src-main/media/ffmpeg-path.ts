import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/user-error.ts';

const isWindows = process.platform === 'win32';
const exe = (name: string) => (isWindows ? `${name}.exe` : name);

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, exe(name));
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Locates ffmpeg or ffprobe: an explicit LECTERN_FFMPEG / LECTERN_FFPROBE, then the binary a
 * packaged app ships in its resources folder, then PATH.
 */
function locate(name: 'ffmpeg' | 'ffprobe'): string {
  const override = process.env[`LECTERN_${name.toUpperCase()}`];
  if (override) return override;
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) {
    const bundled = path.join(resources, 'bin', exe(name));
    if (existsSync(bundled)) return bundled;
  }
  const onPath = findOnPath(name);
  if (onPath) return onPath;
  throw new UserError(
    'ffmpeg-missing',
    `${name} was not found.`,
    'Run `npm run setup` (installs Debian ffmpeg), install ffmpeg from your package manager, or set LECTERN_FFMPEG / LECTERN_FFPROBE.',
  );
}

let cache: { ffmpeg?: string; ffprobe?: string } = {};

export function ffmpegPath(): string {
  return (cache.ffmpeg ??= locate('ffmpeg'));
}

export function ffprobePath(): string {
  return (cache.ffprobe ??= locate('ffprobe'));
}

/** For tests that change the environment. */
export function resetFfmpegPathCache(): void {
  cache = {};
}
