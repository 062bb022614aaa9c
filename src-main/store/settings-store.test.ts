import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { readSettings, writeSettings } from './settings-store.ts';

describe('settings', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-settings-'));
  const db = openDatabase(dir);
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses keys every object inherits, such as constructor and __proto__, and stores nothing', () => {
    for (const body of ['{"constructor": 60}', '{"__proto__": 60}', '{"toString": 60}']) {
      expect(() => writeSettings(db, JSON.parse(body))).toThrow(/Unknown setting/);
    }
    expect(db.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 0 });
  });

  it('stores a known setting', () => {
    expect(writeSettings(db, { chapterTargetSeconds: 120 })).toMatchObject({ chapterTargetSeconds: 120 });
    expect(readSettings(db).chapterTargetSeconds).toBe(120);
  });

  it('stores the speech model and whether to transcribe despite a sidecar, and refuses wrong types in words', () => {
    expect(readSettings(db)).toMatchObject({ speechModel: null, transcribeDespiteSidecar: false });
    writeSettings(db, { speechModel: 'tiny.en', transcribeDespiteSidecar: true });
    expect(readSettings(db)).toMatchObject({ speechModel: 'tiny.en', transcribeDespiteSidecar: true });
    expect(() => writeSettings(db, { transcribeDespiteSidecar: 'yes' as unknown as boolean })).toThrow(/true or false/);
    expect(() => writeSettings(db, { speechModel: '' })).toThrow(/name of a speech model/);
    writeSettings(db, { speechModel: null });
    expect(readSettings(db).speechModel).toBe(null);
  });
});
