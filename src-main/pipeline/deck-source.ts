import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/database.ts';
import { readDeckChoice } from '../store/deck-store.ts';

/** The `<stem>.pdf` beside a recording (`talk.mp4` -> `talk.pdf` / `talk.PDF`), or null. */
export function findSidecarDeck(mediaFile: string): string | null {
  const dir = path.dirname(mediaFile);
  const stem = path.basename(mediaFile, path.extname(mediaFile));
  for (const name of [`${stem}.pdf`, `${stem}.PDF`]) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** The deck a lecture uses: the one attached by hand, else the sidecar; none after a detach. */
export function deckFileFor(db: Db, lectureId: number, mediaFile: string): string | null {
  const choice = readDeckChoice(db, lectureId);
  if (choice?.kind === 'detached') return null;
  if (choice?.kind === 'attached') return choice.path;
  return findSidecarDeck(mediaFile);
}

/** Identifies the deck file's version: a changed, moved or replaced PDF re-runs the deck stage. */
export function deckFileKey(file: string | null): string {
  if (!file) return 'none';
  try {
    const info = statSync(file);
    return `${file}|${info.size}|${Math.round(info.mtimeMs)}`;
  } catch {
    return `${file}|missing`;
  }
}
