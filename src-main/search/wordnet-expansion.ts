/**
 * The question's WordNet expansions for the reranker: synonyms and the headwords its words
 * describe (core/grounding-expansion.ts), over the lexicon read by wordnet-lexicon.ts.
 */
import { expandQuestion } from '../core/grounding-expansion.ts';
import { expansionMatchers, type ExpansionMatchers, type RerankTerm } from '../core/grounding-rerank.ts';
import { wordnetLexicon } from './wordnet-lexicon.ts';

/**
 * The expansions of a question's terms that the library holds (`known`: of these stems, the
 * ones indexed), or null when WordNet is not available.
 */
export async function questionExpansion(
  terms: readonly RerankTerm[],
  known: (stems: readonly string[]) => ReadonlySet<string>,
): Promise<ExpansionMatchers | null> {
  const lexicon = await wordnetLexicon();
  return lexicon ? expansionMatchers(expandQuestion(lexicon, terms, { known })) : null;
}
