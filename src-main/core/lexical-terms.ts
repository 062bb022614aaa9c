import { stemmer } from 'stemmer';
import { britishSpelling } from './british-spelling.ts';

/**
 * Lexical terms of English text: lower-cased word tokens, stopwords (including spoken
 * fillers) removed, Porter-stemmed. Shared by the lexical text vectors, TextTiling and the
 * chapter titles so they all agree on what a "term" is.
 */

/** Function words and spoken fillers that carry no topic. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against ago ah all almost along already also although always am among an and another any
  anybody anyone anything anyway anyways anywhere are aren't around as at away b back be became because become becomes been
  before being below beside besides between beyond both but by c can can't cannot could couldn't d did didn't do does doesn't
  doing don't done down during e each eh either else enough er etc even ever every everybody everyone everything exactly f
  far few first for from further g get gets getting go goes going gone gonna got gotta h had hadn't has hasn't have haven't
  having he he'd he'll he's her here here's hers herself hi him himself his hm hmm how however i i'd i'll i'm i've ie if in
  indeed instead into is isn't it it'd it'll it's its itself j just k kind kinda know knows l last least less let let's like
  likely lot lots m many may maybe me mean means meanwhile might mine mm more most mostly much must mustn't my myself n need
  needs neither never nevertheless next no nobody none nor not nothing now o of off oh ok okay on once one ones only onto or
  other others otherwise ought our ours ourselves out over own p per perhaps please pretty q quite r rather really right s
  said same say saying says see seem seemed seems shall she she'd she'll she's should shouldn't since so some somebody
  someone something sometimes somewhat somewhere sort stuff such sure t take than that that's the their theirs them
  themselves then there there's therefore these they they'd they'll they're they've thing things think this those though
  through thus to today together too toward towards u uh uhm um un under unless until up upon us use used using v very via
  w want wanna wants was wasn't way we we'd we'll we're we've well went were weren't what what's whatever when whenever
  where where's whereas wherever whether which while who who's whole whom whose why will with within without won't would
  wouldn't x y yeah yep yes yet you you'd you'll you're you've your yours yourself yourselves z`.split(/\s+/),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Lower-cased word tokens in order (apostrophes kept inside words: "don't"). */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((t) => t.replace(/’/g, "'"));
}

/** True for tokens that can carry topic: not a stopword, not a bare number, at least 2 characters. */
export function isContentToken(token: string): boolean {
  return token.length >= 2 && !STOPWORDS.has(token) && !/^\d+(?:[.,]\d+)?$/.test(token);
}

/** Stem of one lower-case token (possessive "'s" dropped first). */
export function stem(token: string): string {
  const bare = token.replace(/'s$/, '').replace(/'/g, '');
  return /^[a-z]+$/.test(bare) ? stemmer(bare) : bare;
}

/** Content terms of a text: tokens that are not stopwords or numbers, stemmed. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) if (isContentToken(token)) out.push(stem(token));
  return out;
}

/**
 * Where a text holds any of these terms: [start, end) character ranges of its words whose stem
 * (or the word itself, for a spelling correction) is one of `stems`, in order. What a result's
 * snippet marks as the question's words.
 */
export function termRanges(text: string, stems: ReadonlySet<string>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (stems.size === 0) return out;
  for (const found of text.matchAll(WORD)) {
    const token = found[0].toLowerCase().replace(/’/g, "'");
    if (isContentToken(token) && (stems.has(stem(token)) || stems.has(token) || stems.has(britishStem(token) ?? '')))
      out.push([found.index, found.index + found[0].length]);
  }
  return out;
}

/**
 * The stem of a word's British spelling when it has another ("factorization": "factoris"), else
 * null. Both spellings are matched by it: Porter stems the American one as broadly as a shorter
 * word ("factorization" as "factor", "organization" as "organ"), the British one as the word.
 */
export function britishStem(token: string): string | null {
  const british = britishSpelling(token);
  return british === token ? null : stem(british);
}
