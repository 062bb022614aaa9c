import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The subtitle file next to a recording with the same stem (`talk.mp4` -> `talk.vtt` / `talk.srt` / `talk.en.vtt`). */
export function findSidecar(mediaFile: string): string | null {
  const dir = path.dirname(mediaFile);
  const stem = path.basename(mediaFile, path.extname(mediaFile));
  for (const name of [`${stem}.vtt`, `${stem}.srt`, `${stem}.en.vtt`, `${stem}.en.srt`]) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export async function readSidecar(file: string): Promise<string> {
  return readFile(file, 'utf8');
}
