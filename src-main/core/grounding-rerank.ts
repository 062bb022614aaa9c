/**
 * The second stage of moment search: the sentences of the first stage's best moments (fused
 * ranks, see grounding.ts), each re-scored on evidence read around it, so the result starts at
 * the sentence where the answer begins. A candidate becomes a vector of a few features, and its
 * score is their weighted sum, with weights learned offline (bench/grounding-rerank.ts,
 * cross-validated on the bench questions); the weights live here.
 *
 * Features of a sentence:
 *  - its moment's first-stage fused score and rank, and what that moment was (slide, chapter);
 *  - term coverage (idf-weighted share of the question's words present) in the sentence, with
 *    the next one, with both neighbours (a window), and in the sentence before (a question's
 *    words said just before suggest the answer started earlier), and in the next one alone
 *    (its weight is negative: when the next sentence holds the question's words, the answer
 *    begins there, not a sentence early);
 *  - proximity: how close together the matched words sit in the sentence and the next;
 *  - coverage of the slide shown while it is said (its title alone, and title + text) and of
 *    its chapter's title;
 *  - dense similarity: the best cosine of a transcript window (and of a slide) holding it,
 *    relative to the question's best;
 *  - answer type: the question asks who / when / how many, and the sentence (or the next)
 *    holds a name / a date or year / a quantity, or does not; a why-question and a sentence
 *    (or the next) giving a cause; a question about the lecture itself (whatever answer type it
 *    asks for: "who teaches", "what date is this class") and a sentence at its opening or on its
 *    title page (lecture-questions.ts);
 *  - coverage of the attached deck's pages shown while it is said (their title alone, and title
 *    + text): the PDF's own text, cleaner than OCR of the video and present for a recording
 *    without picture. Held out on the shared lectures' decks it is neutral (per lecture hit@1
 *    0.541 with and without, hit@5 0.748 vs 0.756; library hit@1 0.504 vs 0.496: one question
 *    each way); kept, and the result names the page (grounding-page-why.ts);
 *  - whether it opens its moment, and whether it is a short aside ("Okay, so.");
 *  - coverage of the feedback terms (grounding-feedback.ts: what the best moments share); its
 *    weight is 0: with it, held-out hit@1 went down (0.489 -> 0.474 per lecture), so the search
 *    computes it only when asked to (MomentSearchTuning.feedback);
 *  - WordNet (grounding-expansion.ts): the weight of the question's synonyms, and of the words
 *    whose definitions the question's words make up, said in it and the next sentence; weights
 *    0 too: each alone left held-out hit@1 at 0.489 per lecture (one top-1 of 135 moved), so
 *    the search loads WordNet only when asked to (MomentSearchTuning.expansion);
 *  - for a question asking what a term is or means, how much of it the sentence defines: the
 *    term as the subject of "is" or named after "is called" (grounding-definitions.ts);
 *  - whether the sentence ends on a question mark: a lecturer's question ("And what is the
 *    equinox?") repeats a student's words, and the answer is said after it.
 * A moment without transcript (slides or pictures only) is one candidate on its own.
 */
import type { Expansion, ExpansionTerm } from './grounding-expansion.ts';
import { answerKindOf, holdsAnswerKind, type AnswerKind } from './grounding-answer-kinds.ts';
import { definitionCoverage } from './grounding-definitions.ts';
import { lectureOpening } from './lecture-questions.ts';
import { britishStem, contentTerms, stem, tokenize } from './lexical-terms.ts';

export type AnswerType = 'person' | 'time' | 'quantity' | AnswerKind;

export interface RerankTerm {
  /** Stems that count as this word being present (the word's stem, its spelling corrections, expansions). */
  stems: readonly string[];
  /** idf-like weight: rarer words count more. */
  weight: number;
}

export interface RerankQuery {
  terms: readonly RerankTerm[];
  answerType: AnswerType | null;
  /**
   * The question is about the lecture itself (its date, session, who teaches, its plan), whatever
   * answer type it asks for ("who teaches" asks for a person, "what date" for a time): its
   * answer is at the opening or on the title page (lecture-questions.ts, asksAboutLecture).
   */
  aboutLecture?: boolean;
  /** The question asks about a licence, donation or sponsor notice (core/recording-notices.ts): those sentences stay candidates. */
  aboutNotice?: boolean;
  /** The question asks what a term is or means (grounding-definitions.ts). */
  definitional?: boolean;
}

export interface RerankCandidate {
  /** The first-stage moment it comes from: fused score (0..1), 0-based rank, kind. */
  fused: number;
  rank: number;
  kind: 'window' | 'slide' | 'chapter';
  /** False for a moment without transcript, which is its own candidate (text: what it shows). */
  spoken: boolean;
  text: string;
  previous: string;
  next: string;
  /** Seconds into its lecture it starts. */
  at: number;
  /** Whether this sentence is the first of its moment. */
  opens: boolean;
  /** Slides shown while it is said. */
  slides: ReadonlyArray<{ title: string | null; text: string }>;
  /** Pages of the attached deck shown while it is said (their text layer: cleaner than OCR); none without a deck. */
  pages: ReadonlyArray<{ page: number; title: string | null; text: string }>;
  /** Titles of the chapters it lies in. */
  chapters: readonly string[];
  /** Best dense cosine of a window holding it minus the question's best window cosine (<= 0), or null. */
  denseWindow: number | null;
  /** The same for slide text. */
  denseSlide: number | null;
}

export const FEATURES = [
  'fused',
  'rank',
  'sentence coverage',
  'with next coverage',
  'window coverage',
  'previous coverage',
  'proximity',
  'slide title coverage',
  'slide coverage',
  'chapter title coverage',
  'dense window',
  'dense slide',
  'answer type found',
  'answer type missing',
  'opens moment',
  'short sentence',
  'from slide',
  'from chapter',
  'not spoken',
  'feedback coverage',
  'next coverage',
  'synonym match',
  'described match',
  'page title coverage',
  'page coverage',
  'reason found',
  'lecture opening',
  'sentence bm25',
  'defines term',
  'asks a question',
] as const;

const BM25_K1 = 1.2;
const BM25_B = 0.75;
const BM25_AVERAGE_TOKENS = 20;

/** A dense signal absent for the candidate counts as this far below the best. */
const DENSE_ABSENT = -0.3;

/**
 * Learned by `node --import tsx bench/grounding-rerank.ts` (listwise softmax over the
 * candidates, L2 0.003, chosen by nested cross-validation on the earlier features) on all the
 * bench questions, the feedback and WordNet features left out; the script prints this array and
 * the held-out figures it reaches. Order as FEATURES. The lecture-opening weight (8) is not the
 * fit's (1.5: only 5 of 135 questions ask about the lecture, and the penalty holds their weight
 * down, leaving the opening 3rd or 4th): the script sets it after the fit to the one of 1.5
 * (as fit), 3, 5 or 8 that cross-validation picks; chosen that way inside each fold (nested),
 * held-out hit@1 / hit@5 went from 0.541 / 0.748 to 0.548 / 0.763 per lecture and from 0.504 /
 * 0.719 to 0.511 / 0.726 across the library (only questions about the lecture moved, all up).
 * The sentence's own BM25 (the last feature, weight 0.32) then moved held-out hit@1 per lecture
 * from 0.541 to 0.548 and across the library from 0.504 to 0.511, QMSum unchanged: a short
 * answering sentence now beats the longer one before it that holds the same words.
 * Then a question about the lecture took the opening's sentences as candidates (lecture-questions.ts
 * openingMoments), and the 9 title-slide questions (bench/queries/title-slides.json) joined the
 * training: held out per lecture 0.548 / 0.763 -> 0.556 / 0.770, across the library 0.511 / 0.726
 * -> 0.511 / 0.733, QMSum unchanged; the title-slide questions held out 9/9 at hit@1 per lecture.
 * Without them in training, cross-validation chose an opening weight of 5 and 3 of the 9 fell.
 * Refit once a typo was no longer corrected to a stopword (grounding-spelling.ts) and a word no
 * indexed row holds stopped weighing in coverage unless a deck page shown has it (it diluted
 * every candidate's coverage alike, and had only been light when a stopword stood in for it):
 * held out per lecture 0.556 / 0.770 as before, across the library 0.519 / 0.726 (was 0.511 /
 * 0.733), QMSum and the title-slide questions as before; the misspelled questions 0.533 / 0.719
 * (was 0.541 / 0.726). Refit once "point", "part" and "bit" counted after a word naming one
 * (grounding-query.ts): the 135 questions as before; one title-slide question (8/9 and 4/9) and
 * one QMSum question (0.236) lower with the folds' refit weights, neither holding those words.
 * The definition feature ('defines term'; grounding-definitions.ts) fires on few bench questions (13 of
 * 216 have a candidate with it), so the fit leaves it at 0.41, too light to beat the sentences
 * around a definition that repeat its term; its weight (3) is the one of 1, 2, 3 or the fit that
 * leave-one-group-out on the other groups picked for 14 of 15 held-out groups (nested): held out
 * per lecture 0.556 -> 0.563 hit@1 (hit@5 0.770 as before), across the library 0.519 -> 0.526,
 * QMSum hit@1 0.236 as before (hit@5 0.583 -> 0.569). In the sample lecture it moves "what is a
 * preconditioner" and "what is the condition number" to the sentence that defines them. Refit
 * once a query word's other spelling (British or American) was searched too: QMSum hit@5 back
 * to 0.583 (its meetings spell the British way), the lectures as before. The lecturer's own
 * question ('asks a question', -0.34) moved one question up in each set, none down: held out per
 * lecture hit@1 0.563 -> 0.570, across the library 0.526 -> 0.533, QMSum hit@5 0.583 -> 0.597.
 */
export const RERANK_WEIGHTS: readonly number[] = [
  2.174, 0.852, 1.153, 0.13, 1.618, 1.532, 1.141, 0.732, 0.482, 0.219, 2.582, 0.337, 0.535, -0.535, -0.163, -0.618,
  -0.628, 0, 0, 0, -1.093, 0, 0, 0.596, 0.591, 1.19, 8, 0.486, 3, -0.343,
];

const PERSON = /^(who|whom|whose)\b|\bwho (is|was|were|invented|discovered|proposed|teaches|wrote)\b|\bname of\b/;
const TIME =
  /\b(what year|which year|what date|which date|what day|which day|what century|what decade|how long ago)\b|\bwhen (was|were|did)\b|\bwhen (is|was) it\b|\bwhen (is|are|does|do|will)\b.*\b(unveil\w*|launch\w*|release\w*|happen\w*|take place|due|open\w*|born|founded|invented|discovered|published)\b/;
/**
 * "when" that asks for the moment in the recording ("when does the lecturer explain …"), or for
 * a condition ("when can a camera be treated as orthographic"), not for a date.
 */
const WHEN_NOT_A_DATE =
  /\bwhen (does|do|did|is|will) (the )?(lecturer|professor|instructor|teacher|speaker|presenter|video|lecture|class|he|she|they|we|you)\b/;
const QUANTITY =
  /\bhow (many|much|far|long|big|large|small|fast|high|old|often)\b|\bwhat (percentage|fraction|number)\b/;

/** The kind of answer a question asks for, from its question words. */
export function answerTypeOf(question: string): AnswerType | null {
  const q = question.toLowerCase();
  if (QUANTITY.test(q)) return 'quantity';
  if (TIME.test(q) && !WHEN_NOT_A_DATE.test(q)) return 'time';
  if (PERSON.test(q)) return 'person';
  return answerKindOf(q);
}

const MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const DATE = new RegExp(
  `\\b(1[0-9]{3}|20[0-9]{2})s?\\b|\\b(${MONTHS})\\.? \\d{1,2}\\b|\\b\\d{1,2}(st|nd|rd|th)? (of )?(${MONTHS})\\b|\\b\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}\\b|\\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|century|centuries|decade|yesterday|tomorrow|ago)\\b`,
  'i',
);
const QUANTITY_TEXT =
  /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|billion|half|double|twice|percent|dozen)\b/i;
/**
 * A name, in a transcript that has case: a capitalised word that does not start the sentence, or
 * one that does and is followed by another ("Alan Turing showed") or by what people do with
 * ideas ("Aristotle described"): a lone capital at the start is only the sentence's first word.
 */
const NAME =
  /(?<=[\p{L},;] )\p{Lu}\p{Ll}+|^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+|^\p{Lu}\p{Ll}+(?:'s)? (?:already |first |later |then )?(?:said|says|showed|shows|proposed|proposes|invented|discovered|described|describes|found|wrote|writes|built|introduced|introduces|developed|came up|noticed|observed|realized|realised|suggested|argued|called|named|won)\b/u;

/** Whether a sentence holds an answer of this type. */
export function holdsAnswerType(sentence: string, type: AnswerType): boolean {
  if (type === 'reason' || type === 'lecture') return holdsAnswerKind(sentence, type);
  if (type === 'time') return DATE.test(sentence);
  if (type === 'quantity') return QUANTITY_TEXT.test(sentence);
  // A name: a capitalised word mid-sentence that is not "I" or a capitalised common word at a line start.
  return NAME.test(sentence);
}

/** What one text holds of the question's terms. */
export interface TextMatch {
  matched: Set<number>;
  /** Per term, the token positions it occurs at. */
  positions: number[][];
  /** How many tokens the text has. */
  tokens: number;
}

/** Matches texts against the question's terms, remembering each text's answer (texts repeat between candidates). */
export class TermMatcher {
  private readonly byStem = new Map<string, number>();
  private readonly prefixes = new Set<string>();
  private readonly seen = new Map<string, TextMatch>();
  /** Each token's term (or none), read once: the candidates' texts repeat the same words. */
  private readonly tokenTerms = new Map<string, number | undefined>();
  readonly total: number;
  /** How many terms the question has. */
  readonly terms: number;

  constructor(private readonly query: RerankQuery) {
    query.terms.forEach((t, i) => {
      for (const s of t.stems) {
        if (!this.byStem.has(s)) this.byStem.set(s, i);
        this.prefixes.add(s.slice(0, 3));
      }
    });
    this.total = query.terms.reduce((n, t) => n + t.weight, 0);
    this.terms = query.terms.length;
  }

  /** Terms present in `text`, for each term the token positions it occurs at, and the text's token count. */
  match(text: string): TextMatch {
    const known = this.seen.get(text);
    if (known) return known;
    const found: TextMatch = { matched: new Set(), positions: this.query.terms.map(() => []), tokens: 0 };
    const tokens = tokenize(text);
    found.tokens = tokens.length;
    tokens.forEach((token, position) => {
      // Only tokens that could stem to a query stem are stemmed (stemming is the costly part).
      if (token.length < 2 || !this.prefixes.has(token.slice(0, 3))) return;
      let term = this.tokenTerms.get(token);
      if (term === undefined && !this.tokenTerms.has(token)) {
        // A spelling is matched in its British form too (britishStem).
        const british = britishStem(token);
        term =
          this.byStem.get(stem(token)) ?? this.byStem.get(token) ?? (british ? this.byStem.get(british) : undefined);
        this.tokenTerms.set(token, term);
      }
      if (term === undefined) return;
      found.matched.add(term);
      found.positions[term].push(position);
    });
    this.seen.set(text, found);
    return found;
  }

  /**
   * The terms present in texts said one after another (as if joined by spaces: no word spans
   * two, so this is what matching the joined text finds). Each part is matched once per question
   * and remembered: a sentence is also its neighbours' previous and next.
   */
  private matchedIn(texts: readonly string[]): Set<number> {
    const parts = texts.filter((t) => t);
    if (parts.length === 1) return this.match(parts[0]).matched;
    const out = new Set<number>();
    for (const part of parts) for (const term of this.match(part).matched) out.add(term);
    return out;
  }

  /** Sum of the weights of the terms present in the texts (said one after another). */
  matchedWeight(...texts: string[]): number {
    let sum = 0;
    for (const term of this.matchedIn(texts)) sum += this.query.terms[term].weight;
    return sum;
  }

  /** idf-weighted share of the question's terms present in the texts (said one after another), 0..1. */
  coverage(...texts: string[]): number {
    if (this.total <= 0) return 0;
    return this.matchedWeight(...texts) / this.total;
  }

  /**
   * BM25 of one sentence (k1 1.2, b 0.75 against a sentence of BM25_AVERAGE_TOKENS), over the
   * question's total weight: unlike coverage, a term said twice counts more and a long sentence
   * that holds the terms among many others less.
   */
  bm25(text: string): number {
    if (this.total <= 0 || !text) return 0;
    const found = this.match(text);
    const norm = BM25_K1 * (1 - BM25_B + (BM25_B * found.tokens) / BM25_AVERAGE_TOKENS);
    let sum = 0;
    for (const term of found.matched) {
      const tf = found.positions[term].length;
      sum += (this.query.terms[term].weight * tf * (BM25_K1 + 1)) / (tf + norm);
    }
    return sum / this.total;
  }

  /**
   * How close together the matched terms sit in the texts said one after another: distinct
   * terms matched over the length of the shortest run of tokens holding one of each (1 when
   * they are adjacent; 0 with fewer than 2).
   */
  proximity(...texts: string[]): number {
    const matched = this.matchedIn(texts);
    if (matched.size < 2) return 0;
    const events: Array<readonly [number, number]> = [];
    let offset = 0;
    for (const part of texts) {
      if (!part) continue;
      const found = this.match(part);
      for (const term of found.matched) for (const p of found.positions[term]) events.push([offset + p, term]);
      offset += found.tokens;
    }
    events.sort((a, b) => a[0] - b[0]);
    const need = matched.size;
    const counts = new Map<number, number>();
    let have = 0;
    let best = Infinity;
    let left = 0;
    for (const [position, term] of events) {
      counts.set(term, (counts.get(term) ?? 0) + 1);
      if (counts.get(term) === 1) have++;
      while (have === need) {
        best = Math.min(best, position - events[left][0] + 1);
        const leaving = events[left][1];
        counts.set(leaving, counts.get(leaving)! - 1);
        if (counts.get(leaving) === 0) have--;
        left++;
      }
    }
    return need / best;
  }
}

/** The question's lexicon expansions (grounding-expansion.ts) as matchers, each term weighted 0..1. */
export interface ExpansionMatchers {
  synonyms: TermMatcher | null;
  described: TermMatcher | null;
}

export function expansionMatchers(expansion: Expansion): ExpansionMatchers {
  const of = (terms: readonly ExpansionTerm[]) =>
    terms.length
      ? new TermMatcher({ terms: terms.map((t) => ({ stems: [t.stem], weight: t.weight })), answerType: null })
      : null;
  return { synonyms: of(expansion.synonyms), described: of(expansion.described) };
}

const maxOf = (xs: Iterable<number>) => {
  let m = 0;
  for (const x of xs) if (x > m) m = x;
  return m;
};

/** A sentence the lecturer ends on a question: it repeats the student's words, and the answer comes after it. */
const ASKS = /\?["')\]]*\s*$/;

/** The feature vector of one candidate, in FEATURES order. */
export function rerankFeatures(
  query: RerankQuery,
  matcher: TermMatcher,
  c: RerankCandidate,
  feedback: TermMatcher | null = null,
  expansion: ExpansionMatchers | null = null,
): number[] {
  const kind = query.answerType;
  // A question about the lecture ("who teaches this", "what date is this class") is answered by
  // the title page as well as by what is said: the page shown, or the slide's own text.
  const onPage = (type: AnswerType) =>
    query.aboutLecture === true &&
    [...c.pages, ...c.slides].some((p) => holdsAnswerType(`${p.title ?? ''}\n${p.text}`, type));
  const typed =
    kind === null || kind === 'reason' || kind === 'lecture'
      ? null
      : holdsAnswerType(c.text, kind) || (c.next !== '' && holdsAnswerType(c.next, kind)) || onPage(kind);
  return [
    c.fused,
    1 / (1 + c.rank),
    matcher.coverage(c.text),
    matcher.coverage(c.text, c.next),
    matcher.coverage(c.previous, c.text, c.next),
    matcher.coverage(c.previous),
    matcher.proximity(c.text, c.next),
    maxOf(c.slides.map((s) => matcher.coverage(s.title ?? ''))),
    maxOf(c.slides.map((s) => matcher.coverage(s.title ?? '', s.text))),
    maxOf(c.chapters.map((t) => matcher.coverage(t))),
    c.denseWindow ?? DENSE_ABSENT,
    c.denseSlide ?? DENSE_ABSENT,
    typed === true ? 1 : 0,
    typed === false ? 1 : 0,
    c.opens ? 1 : 0,
    c.spoken && c.text.split(/\s+/).length < 5 ? 1 : 0,
    c.kind === 'slide' ? 1 : 0,
    c.kind === 'chapter' ? 1 : 0,
    c.spoken ? 0 : 1,
    feedback ? feedback.coverage(c.text, c.next) : 0,
    matcher.coverage(c.next),
    expansion?.synonyms ? Math.min(1, expansion.synonyms.matchedWeight(c.text, c.next)) : 0,
    expansion?.described ? Math.min(1, expansion.described.matchedWeight(c.text, c.next)) : 0,
    maxOf(c.pages.map((p) => matcher.coverage(p.title ?? ''))),
    maxOf(c.pages.map((p) => matcher.coverage(p.title ?? '', p.text))),
    kind === 'reason' && holdsAnswerKind(c.next ? `${c.text} ${c.next}` : c.text, kind) ? 1 : 0,
    kind === 'lecture' || query.aboutLecture ? lectureOpening(c.at, c.pages) : 0,
    c.spoken ? matcher.bm25(c.text) : 0,
    query.definitional && c.spoken ? definitionCoverage(c.text, (t) => matcher.coverage(t)) : 0,
    c.spoken && ASKS.test(c.text) ? 1 : 0,
  ];
}

/**
 * The query with its words that no indexed row holds (weight 0: they cannot tell rows apart)
 * weighted `weight` again where a deck page shown among the candidates holds them: a deck's
 * text is not in the index's vocabulary, so only its pages tell. The same query when none is.
 */
export function weighDeckWords(
  query: RerankQuery,
  pages: ReadonlyArray<{ title: string | null; text: string }>,
  weight: number,
): RerankQuery {
  const unheld = query.terms.filter((t) => t.weight === 0);
  if (unheld.length === 0 || pages.length === 0) return query;
  // The same page is shown beside many candidates: each one read once.
  const texts = new Set(pages.map((p) => `${p.title ?? ''}\n${p.text}`));
  const onPages = new Set([...texts].flatMap(contentTerms));
  const held = new Set(unheld.filter((t) => t.stems.some((s) => onPages.has(s))));
  if (held.size === 0) return query;
  return { ...query, terms: query.terms.map((t) => (held.has(t) ? { ...t, weight } : t)) };
}

export function rerankScore(features: readonly number[], weights: readonly number[] = RERANK_WEIGHTS): number {
  let score = 0;
  for (let i = 0; i < features.length; i++) score += (weights[i] ?? 0) * features[i];
  return score;
}

export interface PickableMoment {
  lectureId: number;
  start: number;
  end: number;
}

/**
 * The best `limit` candidates in score order, skipping one that starts inside a moment already
 * picked or just before one (within `gap` seconds): its neighbours would only say the same thing
 * again, and a student wants other places to look.
 */
export function pickMoments<T extends PickableMoment>(
  candidates: readonly T[],
  scores: readonly number[],
  limit: number,
  gap = 10,
): T[] {
  const order = candidates.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const picked: T[] = [];
  for (const i of order) {
    if (picked.length >= limit) break;
    const c = candidates[i];
    const near = picked.some((p) => p.lectureId === c.lectureId && c.start < p.end && c.start >= p.start - gap);
    if (!near) picked.push(c);
  }
  return picked;
}
