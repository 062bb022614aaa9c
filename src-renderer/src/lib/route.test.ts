import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from './route.ts';

describe('routes', () => {
  it('reads a lecture and an optional start time from the hash', () => {
    expect(parseRoute('#/lecture/12')).toEqual({ view: 'lecture', id: 12, t: null });
    expect(parseRoute('#/lecture/3?t=41.5')).toEqual({ view: 'lecture', id: 3, t: 41.5 });
  });
  it('reads the models and settings pages', () => {
    expect(parseRoute('#/models')).toEqual({ view: 'models' });
    expect(parseRoute('#/settings')).toEqual({ view: 'settings' });
  });
  it('falls back to the library for anything else', () => {
    expect(parseRoute('')).toEqual({ view: 'library' });
    expect(parseRoute('#/lecture/abc')).toEqual({ view: 'library' });
  });
  it('writes what it reads', () => {
    for (const hash of ['#/', '#/lecture/7', '#/lecture/7?t=12.3', '#/models', '#/settings']) {
      expect(routeHash(parseRoute(hash))).toBe(hash);
    }
  });
});
