import type { Fact } from '../knowledge/schema.js';
import { tokenize } from '../match/index.js';
import { derived } from '../derived.js';

const YES = /^(?:y|yes|yeah|yep|yup|correct|right|true|indeed|affirmative|sure|it is on)\b/;
const NO =
  /^(?:n|no|nope|nah|not really|false|negative|never|it is not|it isn't|it's not|it doesn't)\b(?! (?:a |an |the )?\w+,? (?:but|it is|it's))/;
// "it is", "we do" answer a yes/no question only as the whole reply ("It is." / "we do")
const SHORT_YES = /^(?:it is|it does|they do|we do|they are|it was)[.!]?$/;
const UNKNOWN = /^(i )?(don'?t|do not) know\b|^not sure\b|^no idea\b|^unknown\b|^dunno\b|^skip\b/;

type Answer = Fact['answers'][number];

/** An answer's label and words, lower-cased and tokenised once (knowledge does not change). */
const phrasesOf = derived((a: Answer) =>
  [a.label, ...a.words].map((p) => ({ lower: p.toLowerCase(), tokens: tokenize(p) })),
);

const escape = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const contains = (text: string, phrase: string): boolean =>
  new RegExp(`(?:^|\\W)${escape(phrase)}(?:\\W|$)`).test(text);

/**
 * Reads a free-text answer to the question about `fact`: "yes", "no, only anonymous is on",
 * an answer's label or words, or what the reader found for the fact in the text (`read`: the
 * value the message reader gives the fact, if any). Returns the answer value, 'unknown', or null
 * when the text does not answer the question: it is then read as new evidence instead.
 */
export const parseAnswer = (fact: Fact, text: string, read?: string): string | null => {
  const t = text.trim().toLowerCase().replace(/[’']/g, "'").slice(0, 500);
  if (!t) return null;
  if (UNKNOWN.test(t)) return 'unknown';
  if (read && fact.answers.some((a) => a.value === read)) return read;
  const values = fact.answers.map((a) => a.value);
  if (values.includes('yes') && values.includes('no')) {
    if (YES.test(t) || SHORT_YES.test(t)) return 'yes';
    if (NO.test(t)) return 'no';
  }
  // an exact value or label
  for (const a of fact.answers) {
    if (t === a.value || t === a.label.toLowerCase()) return a.value;
  }
  // one answer whose label or words appear whole in the text (two or more: it does not say)
  const whole = fact.answers.filter((a) => phrasesOf(a).some((p) => contains(t, p.lower)));
  if (whole.length === 1) return whole[0]!.value;
  if (whole.length > 1) return null;
  // a reply of a few words sharing words with exactly one answer ("the 2003 one", "curl")
  const words = new Set(tokenize(t));
  if (words.size === 0 || words.size > 4) return null;
  const sharing = fact.answers.filter((a) =>
    phrasesOf(a).some((p) => p.tokens.some((w) => words.has(w))),
  );
  return sharing.length === 1 ? sharing[0]!.value : null;
};
