/**
 * Definitional questions ("what is a preconditioner", "what does photovoltaics mean") and the
 * sentences that define: the term as the subject of "is / are / means / refers to / stands for"
 * ("A preconditioner is an approximate inverse ..."), or named after "is called / is known as /
 * we call" ("The set of all eigenvalues is called the spectrum"). Without this signal the search
 * preferred a later sentence that only used the term: the sentences around a definition often
 * repeat it, and a question's words in the next sentence mark a sentence as an early start.
 */

/** After an optional lead clause ("in this lecture, what is ..."). */
const ASKS_FOR_DEFINITION =
  /^\s*(?:[^,?]*,\s*)?(what(?:'s| is| are| was| were)|what does .+ (?:mean|stand for)\b|what do (?:we|you|they) mean by|define|definition of|meaning of)\b/i;

/** Whether the question asks what a term is or means. */
export function asksForDefinition(question: string): boolean {
  return ASKS_FOR_DEFINITION.test(question);
}

/** Discourse words a spoken definition often starts with ("So a preconditioner is ..."). */
const LEAD = /^(?:(?:so|now|and|okay|ok|well|then|here|remember|recall|basically|essentially|right)\b[\s,]*)+/i;
const COPULA = /\b(?:is|are|means|refers to|stands for)\b/i;
const NAMING = /\b(?:(?:is|are) (?:called|known as|named|defined as)|we call(?: (?:it|this|that|these|them))?)\b/i;
/** Words before the verb up to which they read as the defined term (a noun phrase, not a clause). */
const SUBJECT_WORDS = 8;

/**
 * How much of the question's term weight a sentence defines, 0..1: the coverage (by `coverage`,
 * the question's idf-weighted share present in a text) of the sentence's subject before its
 * first "is / are / means", when that subject is short, or of what follows "is called" and the like.
 */
export function definitionCoverage(sentence: string, coverage: (text: string) => number): number {
  const text = sentence.replace(LEAD, '');
  let best = 0;
  const verb = COPULA.exec(text);
  if (verb) {
    const subject = text.slice(0, verb.index);
    const words = subject.split(/\s+/).filter(Boolean).length;
    if (words > 0 && words <= SUBJECT_WORDS && !/[,;:]/.test(subject)) best = coverage(subject);
  }
  const naming = NAMING.exec(text);
  if (naming) {
    const named = text.slice(naming.index + naming[0].length).split(/[,;:.]/)[0];
    best = Math.max(best, coverage(named));
  }
  return best;
}
