import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { UserError } from '../core/user-error.ts';
import { databaseFile } from './data-dir.ts';
import { migrations } from './migrations.ts';

export type Db = Database.Database;

/** Opens (creating if needed) the library database in `dataDir`, in WAL mode, migrated. */
export function openDatabase(dataDir: string, options: { readonly?: boolean } = {}): Db {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new UserError(
      'data-dir-unwritable',
      `Cannot create the data folder ${dataDir}: ${(error as Error).message}`,
      'Choose another folder with --home or LECTERN_HOME.',
    );
  }
  const file = databaseFile(dataDir);
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false });
  } catch (error) {
    throw new UserError('database-unopenable', `Cannot open the library database ${file}: ${(error as Error).message}`);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const version = () => db.pragma('user_version', { simple: true }) as number;
  if (version() === latest) return;
  // Read the version again under the write lock: another process opening the same fresh data
  // folder at this moment either finished first (nothing left to do) or waits for this one.
  db.transaction(() => {
    const current = version();
    if (current > latest) {
      throw new UserError(
        'database-too-new',
        `The library database was written by a newer Lectern (schema ${current}, this one knows ${latest}).`,
        'Update Lectern, or point --home at another folder.',
      );
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}
