import type { Settings } from '../core/domain-types.ts';
import { UserError } from '../core/user-error.ts';
import type { Db } from './database.ts';

export const DEFAULT_SETTINGS: Settings = {
  chapterTargetSeconds: 150,
  speechModel: null,
  transcribeDespiteSidecar: false,
};

export function readSettings(db: Db): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...DEFAULT_SETTINGS, ...(stored as Partial<Settings>) };
}

/** Checks one setting's value; a UserError in words when it is not one Lectern can use. */
function checkSetting(key: string, value: unknown): void {
  if (!Object.hasOwn(DEFAULT_SETTINGS, key)) throw new UserError('bad-setting', `Unknown setting: ${key}`);
  if (key === 'chapterTargetSeconds' && !(typeof value === 'number' && value >= 30 && value <= 3600)) {
    throw new UserError('bad-setting', 'chapterTargetSeconds must be a number of seconds between 30 and 3600.');
  }
  if (key === 'speechModel' && !(value === null || (typeof value === 'string' && value.trim() !== ''))) {
    throw new UserError(
      'bad-setting',
      'speechModel must be the name of a speech model, or null for the best installed.',
    );
  }
  if (key === 'transcribeDespiteSidecar' && typeof value !== 'boolean') {
    throw new UserError('bad-setting', 'transcribeDespiteSidecar must be true or false.');
  }
}

export function writeSettings(db: Db, changes: Partial<Settings>): Settings {
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    for (const [key, value] of Object.entries(changes)) {
      checkSetting(key, value);
      upsert.run(key, JSON.stringify(value));
    }
  })();
  return readSettings(db);
}
