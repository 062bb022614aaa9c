/**
 * How strongly a sentence sounds like the lecturer opening a new topic, from the words it starts
 * with: cue phrases in the sense of Hirschberg & Litman (1993, "Empirical studies on the
 * disambiguation of cue phrases"), which Galley et al. (2003, LCSeg) found mark topic shifts in
 * meetings ("okay", "so", "now", "let's", "anyway"), and the lecture-specific openers a student
 * hears: "let's move on", "so today", "first/second/next", "any questions", "to recap".
 *
 * 1 = an explicit topic opener ("Let's talk about the sun", "Now if we talk about projection
 * models", "So what we're going to do is introduce a new concept"); 0.5 = a discourse marker that
 * often starts a new step ("So how can we describe this?", "Okay, ..."); 0 otherwise.
 */

/** A discourse marker a new step often starts with. */
const MARKER = String.raw`(?:so|now|ok|okay|alright|all right|right|well|good|anyway|and so|and now|but now)`;

/** Explicit topic openers, matched at the start of the sentence (after an optional marker). */
const OPENERS: RegExp[] = [
  // "let's (now) move on / turn to / talk about / look at / start / jump in / dive into / switch"
  /^let'?s (?:now |just |then )?(?:move|turn|talk|look|start|begin|get|jump|dive|switch|go|hop|come|return|see|review|recap|summari[sz]e|consider|discuss|think)\b/,
  // "moving on", "switching gears", "changing topics"
  /^(?:moving on|switching gears|changing (?:topics|gears)|turning (?:now )?to|coming back to|back to|returning to)\b/,
  // "(so/now) today (we)", "in this (lecture|unit|part)"
  /^(?:today|in today'?s|in this (?:lecture|unit|part|section|video|chapter))\b/,
  // "before we (really) dive / start / begin / get into"
  /^before we (?:really )?(?:dive|start|begin|get|jump|move|go|continue|hop)\b/,
  // "(what) we're / I'm going to (do|talk|look|introduce|start|turn|move|discuss|see|review)"
  /^(?:what |the next thing |next )?(?:we'?re|we are|i'?m|i am|we'?ll|we will|i'?ll|i will|i want to|i'd like to|i wanted to|we want to|we need to) (?:going to |gonna )?(?:now )?(?:do|talk|look|introduce|start|begin|turn|move|discuss|see|review|switch|cover|consider|jump|dive|hop|give|define|go)\b/,
  // "I thought we would (just) jump in"
  /^i thought (?:we|i) (?:would|could|might) /,
  // "if we talk about X", "when it comes to", "speaking of"
  /^(?:if|when) we (?:talk|think|turn|look|come) (?:about|to|at)\b/,
  // enumerations: "first", "second", "next", "finally", "the last/next topic"
  /^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|next|finally|lastly|last but not least)\b[, ]/,
  /^the (?:next|last|final|first|second|third|other) (?:topic|thing|part|point|question|step|section|concept|idea|example)\b/,
  // recaps and questions: "to recap", "to summarize", "any questions", "let me recap"
  /^(?:to (?:recap|summari[sz]e|sum up|wrap up|conclude)|in (?:summary|conclusion)|let me (?:recap|summari[sz]e))\b/,
  /^(?:are there )?any (?:other |more |further )?questions\b/,
  // "a new concept / topic", "another topic"
  /^(?:there'?s |here'?s |this is )?(?:a new|another|one more) (?:concept|topic|idea|subject|part)\b/,
  // "how can we describe this mathematically?" opens a formal part
  /^how (?:can|do|would|should) we (?:describe|define|formali[sz]e|model|compute|write|express|prove|represent)\b/,
];

/** Lowercase, straight quotes, no leading punctuation or filler. */
function normalise(sentence: string): string {
  return sentence
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/^[^a-z0-9']+/, '')
    .replace(/^(?:um+|uh+|er+|hmm+)[, ]+/, '')
    .trim();
}

/** 1 for an explicit topic opener, 0.5 for a step marker ("So, ..." / "Now ..."), else 0. */
export function topicOpenerScore(sentence: string): number {
  const text = normalise(sentence);
  if (!text) return 0;
  // Strip up to two leading markers ("So, now, let's ...") before looking for an opener.
  let rest = text;
  let marked = false;
  for (let i = 0; i < 2; i++) {
    const m = new RegExp(`^${MARKER}\\b[,.!]?\\s*`).exec(rest);
    if (!m || m[0].length === 0) break;
    rest = rest.slice(m[0].length);
    marked = true;
  }
  if (OPENERS.some((re) => re.test(rest))) return 1;
  return marked ? 0.5 : 0;
}
