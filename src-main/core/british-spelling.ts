/**
 * British and American spellings of a word, so that "factorisation", "optimised", "colour" and
 * "centre" match "factorization", "optimize", "color" and "center": the Porter stemmer gives the
 * two spellings different stems. A lecture's slides, its deck and a student's question may each
 * spell either way. The search matches both by the British form's stem (lexical-terms.ts,
 * britishStem), which Porter keeps apart from a shorter word. Only
 * spellings with one reading are mapped: "-ise" is left as it is in the words where it is not the
 * "-ize" ending ("promise", "exercise", "advise", "otherwise").
 */

/** Words ending in "-ise" that have no "-ize" form, beyond the endings NOT_IZE catches. */
const ISE_WORDS = new Set([
  'advertise',
  'chastise',
  'compromise',
  'demise',
  'enterprise',
  'exercise',
  'expertise',
  'franchise',
  'merchandise',
  'mortise',
  'paradise',
  'porpoise',
  'premise',
  'promise',
  'reprise',
  'surmise',
  'tortoise',
  'treatise',
  'turquoise',
]);
/**
 * "-ise" endings that are never "-ize": likewise, (a)rise, precise, revise, disguise, noise,
 * cruise, despise, surprise, praise ("-rise" and "-cise" only as whole endings: "categorise" and
 * "criticise" are "-ize" words).
 */
const NOT_IZE = /(?:wise|(?:^|^a|sun|moon|up)rise|(?:^pre|con|in|ex|circum)cise|vise|guise|oise|uise|pise|prise|aise)$/;
const ISE = /^([a-z]{3,})is(e|ed|es|ing|er|ers|ation|ations|ational)$/;
const OR_STEMS =
  'colo|behavio|favo|hono|humo|labo|neighbo|rumo|vapo|harbo|flavo|vigo|tumo|armo|odo|savo|rigo|endeavo|cando|fervo|demeano';
const OUR = new RegExp(`^(${OR_STEMS})ur`);
const TRE_STEMS = 'cent|met|kilomet|centimet|millimet|micromet|nanomet|lit|millilit|fib|theat|spect|calib|lust';
const TRE = new RegExp(`^(${TRE_STEMS})re(s|d)?$`);
const OGUE_STEMS = 'catalog|analog|dialog|prolog|epilog|monolog';
const OGUE = new RegExp(`^(${OGUE_STEMS})ue(s|d)?$`);
const ENCE = /^(defen|licen|offen|preten)ce(s)?$/;

/** The American spelling of a lower-case word, or the word itself. */
export function americanSpelling(word: string): string {
  const ise = ISE.exec(word);
  if (ise) {
    const base = `${ise[1]}ise`;
    if (!ISE_WORDS.has(base) && !NOT_IZE.test(base)) return `${ise[1]}iz${ise[2]}`;
  }
  if (OUR.test(word)) return word.replace(OUR, '$1r');
  // "centred" is "centered", "catalogued" "cataloged".
  const tre = TRE.exec(word);
  if (tre) return `${tre[1]}er${tre[2] === 'd' ? 'ed' : (tre[2] ?? '')}`;
  const ogue = OGUE.exec(word);
  if (ogue) return `${ogue[1]}${ogue[2] === 'd' ? 'ed' : (ogue[2] ?? '')}`;
  if (ENCE.test(word)) return word.replace(ENCE, '$1se$2');
  if (word === 'programme' || word === 'programmes') return word.replace('programme', 'program');
  return word;
}

const IZE = /^([a-z]{3,})iz(e|ed|es|ing|er|ers|ation|ations|ational)$/;
const OR = new RegExp(`^(${OR_STEMS})r(?!u)`);
const TER = new RegExp(`^(${TRE_STEMS})er(s|ed)?$`);
const OG = new RegExp(`^(${OGUE_STEMS})(s|ed)?$`);
const ENSE = /^(defen|licen|offen|preten)se(s)?$/;

/**
 * The British spelling of a lower-case word, or the word itself: the other way round, for a
 * question spelt the American way about a lecture spelt the British way. It may give a form
 * no one writes ("capsise"): the search only uses one the library's index holds.
 */
export function britishSpelling(word: string): string {
  const ize = IZE.exec(word);
  if (ize) return `${ize[1]}is${ize[2]}`;
  if (OR.test(word)) return word.replace(OR, '$1ur');
  const ter = TER.exec(word);
  if (ter) return `${ter[1]}re${ter[2] === 'ed' ? 'd' : (ter[2] ?? '')}`;
  const og = OG.exec(word);
  if (og) return `${og[1]}ue${og[2] === 'ed' ? 'd' : (og[2] ?? '')}`;
  if (ENSE.test(word)) return word.replace(ENSE, '$1ce$2');
  if (word === 'program' || word === 'programs') return word.replace('program', 'programme');
  return word;
}
