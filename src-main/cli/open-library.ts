import { LecternService } from '../api/lectern-service.ts';
import { resolveDataDir } from '../store/data-dir.ts';
import { openDatabase } from '../store/database.ts';

export interface OpenLibrary {
  dataDir: string;
  service: LecternService;
  close(): void;
}

/** Opens the library database under --home / LECTERN_HOME / the app-data folder. */
export function openLibrary(home: string | undefined): OpenLibrary {
  const dataDir = resolveDataDir(home);
  const db = openDatabase(dataDir);
  const service = new LecternService(db, dataDir);
  return { dataDir, service, close: () => db.close() };
}
