import { describe, expect, it } from 'vitest';
import { toFtsQuery } from './fts-query.ts';

describe('toFtsQuery', () => {
  it('quotes each word as a prefix term joined by OR, so extra words never zero a query', () => {
    expect(toFtsQuery('Where is the Cholesky factor reused?')).toBe(
      '"where"* OR "is"* OR "the"* OR "cholesky"* OR "factor"* OR "reused"*',
    );
  });

  it('neutralises FTS5 syntax a user might type', () => {
    expect(toFtsQuery('NEAR(a b) OR "x" -y* col:z')).toBe('"near"* OR "or"* OR "col"*');
  });

  it('returns null when nothing is searchable', () => {
    expect(toFtsQuery('  ?! ')).toBeNull();
  });

  it('keeps digits and unicode letters', () => {
    expect(toFtsQuery('Schrödinger 2 équation')).toBe('"schrödinger"* OR "2"* OR "équation"*');
  });
});
