import type { Settings } from '../core/domain-types.ts';
import { UserError } from '../core/user-error.ts';
import type { Db } from './database.ts';

export const DEFAULT_SETTINGS: Settings = { chapterTargetSeconds: 150 };

export function readSettings(db: Db): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...DEFAULT_SETTINGS, ...(stored as Partial<Settings>) };
}

export function writeSettings(db: Db, changes: Partial<Settings>): Settings {
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(changes)) {
      if (!Object.hasOwn(DEFAULT_SETTINGS, key)) throw new UserError('bad-setting', `Unknown setting: ${key}`);
      if (key === 'chapterTargetSeconds' && !(typeof value === 'number' && value >= 30 && value <= 3600)) {
        throw new UserError('bad-setting', 'chapterTargetSeconds must be a number of seconds between 30 and 3600.');
      }
      upsert.run(key, JSON.stringify(value));
    }
  })();
  return readSettings(db);
}
