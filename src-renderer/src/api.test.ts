import { describe, expect, it } from 'vitest';
import { ApiError, filenameFrom, toApiError } from './api.ts';

describe('filenameFrom', () => {
  it('prefers the UTF-8 name the export endpoint sends', () => {
    expect(filenameFrom(`attachment; filename*=UTF-8''Lecture%203%20%E2%80%94%20Graphs.md`)).toBe(
      'Lecture 3 — Graphs.md',
    );
  });
  it('reads a plain quoted name and gives null without a header', () => {
    expect(filenameFrom('attachment; filename="notes.md"')).toBe('notes.md');
    expect(filenameFrom(null)).toBeNull();
  });
});

describe('toApiError', () => {
  it('keeps the code and hint of an error that crossed the Electron bridge as a plain object', () => {
    const error = toApiError({ code: 'folder-missing', message: 'Folder not found: /x', hint: 'Check the path.' });
    expect(error).toBeInstanceOf(ApiError);
    expect([error.code, error.message, error.hint]).toEqual([
      'folder-missing',
      'Folder not found: /x',
      'Check the path.',
    ]);
  });
  it('turns anything else into an internal error with its message', () => {
    expect(toApiError(new Error('boom')).message).toBe('boom');
    expect(toApiError('odd').code).toBe('internal');
  });
});
