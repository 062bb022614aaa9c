/**
 * Expansion of a question through a lexicon (WordNet, read by search/wordnet-lexicon.ts), for
 * the reranker (grounding-rerank.ts) to look for beside the question's own words:
 *  - synonyms: the other words of every sense of a question word ("car" -> "automobile");
 *  - glosses read backwards: a student who describes a concept uses the words of its
 *    definition, so a sense whose definition holds several of the question's words points at
 *    its headword ("a machine for performing calculations automatically" -> "computer").
 * Each expansion word carries a weight in 0..1: the rarity-weighted share of the question it
 * comes from. It is evidence the reranker weighs, never words added to the first stage's query.
 */
import { isContentToken, stem, tokenize } from './lexical-terms.ts';

export interface Lexicon {
  /** Each synset's one-word headwords, stemmed. */
  headwords: ReadonlyArray<readonly string[]>;
  /** Synsets with this stem among their one-word headwords. */
  senses: ReadonlyMap<string, readonly number[]>;
  /** Synsets whose definition holds this stem, and each definition's number of distinct stems. */
  definitions: ReadonlyMap<string, readonly number[]>;
  definitionLength: Uint16Array;
}

/** The lexicon of synsets given as their words and definition. */
export function buildLexicon(synsets: ReadonlyArray<{ words: readonly string[]; definition: string }>): Lexicon {
  // Each distinct token is checked and stemmed once (a definition's words repeat across the lexicon).
  const stems = new Map<string, string | null>();
  const stemOf = (token: string) => {
    let s = stems.get(token);
    if (s === undefined) stems.set(token, (s = isContentToken(token) ? stem(token) : null));
    return s;
  };
  const headwords: string[][] = [];
  const senses = new Map<string, number[]>();
  const definitions = new Map<string, number[]>();
  const definitionLength = new Uint16Array(synsets.length);
  synsets.forEach((synset, id) => {
    const own = [
      ...new Set(
        synset.words
          .map((w) => w.toLowerCase())
          .filter((w) => /^[a-z]+$/.test(w))
          .map(stemOf)
          .filter((s): s is string => s !== null),
      ),
    ];
    headwords.push(own);
    for (const s of own) push(senses, s, id);
    const said = new Set<string>();
    for (const token of tokenize(synset.definition)) {
      const s = stemOf(token);
      if (s !== null) said.add(s);
    }
    definitionLength[id] = Math.min(said.size, 65535);
    for (const s of said) push(definitions, s, id);
  });
  return { headwords, senses, definitions, definitionLength };
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface ExpansionTerm {
  stem: string;
  /** Share of the question (by rarity weight) the expansion comes from, 0..1. */
  weight: number;
}

export interface Expansion {
  synonyms: ExpansionTerm[];
  /** Headwords of the senses whose definitions the question's words describe. */
  described: ExpansionTerm[];
}

export interface ExpansionOptions {
  /** Senses per question word whose headwords count (a word with many senses is vague). */
  maxSenses?: number;
  /** Definitions that must share at least this many of the question's words. */
  minShared?: number;
  /** Described headwords kept (the best definitions' first). */
  maxDescribed?: number;
  /**
   * Of these stems, the ones the library holds (an expansion nobody said cannot match, and
   * would take the place of one that can); all count when not given.
   */
  known?: (stems: readonly string[]) => ReadonlySet<string>;
}

/** Definitions read for described headwords before the unknown ones are dropped. */
const DEFINITIONS_READ = 40;

/**
 * Synonyms and described headwords of a question given as its terms (each the stems that
 * count as it, first the word's own, and a rarity weight). Words of the question itself are
 * never expansions.
 */
export function expandQuestion(
  lexicon: Lexicon,
  terms: ReadonlyArray<{ stems: readonly string[]; weight: number }>,
  options: ExpansionOptions = {},
): Expansion {
  const { maxSenses = 8, minShared = 2, maxDescribed = 12, known } = options;
  const total = terms.reduce((n, t) => n + t.weight, 0);
  const own = new Set(terms.flatMap((t) => t.stems));
  if (total <= 0) return { synonyms: [], described: [] };
  const best = (map: Map<string, number>) =>
    [...map.entries()]
      .map(([s, weight]) => ({ stem: s, weight: Math.round(Math.min(1, weight) * 1000) / 1000 }))
      .sort((a, b) => b.weight - a.weight || (a.stem < b.stem ? -1 : 1));

  const synonyms = new Map<string, number>();
  for (const t of terms) {
    const ids = lexiconSenses(lexicon, t.stems[0]);
    if (ids.length === 0 || ids.length > maxSenses) continue;
    for (const id of ids)
      for (const h of lexicon.headwords[id])
        if (!own.has(h)) synonyms.set(h, Math.max(synonyms.get(h) ?? 0, t.weight / total));
  }

  // Each definition's share of the question: the weights of the question's words it holds.
  const shared = new Map<number, { weight: number; count: number }>();
  for (const t of terms) {
    const seen = new Set<number>();
    for (const s of t.stems)
      for (const id of lexicon.definitions.get(s) ?? [])
        if (!seen.has(id)) {
          seen.add(id);
          const entry = shared.get(id) ?? { weight: 0, count: 0 };
          entry.weight += t.weight / total;
          entry.count++;
          shared.set(id, entry);
        }
  }
  const ranked = [...shared.entries()]
    .filter(([id, e]) => e.count >= minShared && lexicon.headwords[id].some((h) => !own.has(h)))
    // A definition made mostly of the question's words describes it better than a long one that happens to hold them.
    .map(([id, e]) => ({ id, score: e.weight * Math.sqrt(e.count / Math.max(e.count, lexicon.definitionLength[id])) }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, DEFINITIONS_READ);
  const present = known?.([...new Set([...synonyms.keys(), ...ranked.flatMap((r) => lexicon.headwords[r.id])])]);
  const counts = (h: string) => !own.has(h) && (!present || present.has(h));
  const described = new Map<string, number>();
  for (const { id, score } of ranked) {
    if (described.size >= maxDescribed) break;
    for (const h of lexicon.headwords[id])
      if (counts(h) && !described.has(h) && described.size < maxDescribed) described.set(h, score);
  }
  for (const h of synonyms.keys()) if (!counts(h)) synonyms.delete(h);
  return { synonyms: best(synonyms), described: best(described) };
}

const lexiconSenses = (lexicon: Lexicon, s: string) => lexicon.senses.get(s) ?? [];
