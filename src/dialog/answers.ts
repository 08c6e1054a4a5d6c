import type { Fact } from '../knowledge/schema.js';
import { tokenize } from '../match/index.js';

const YES =
  /^(y|yes|yeah|yep|yup|correct|right|true|indeed|affirmative|it is|it does|they do|we do|sure)\b/;
const NO =
  /^(n|no|nope|nah|not really|false|negative|never|it is not|it isn't|it doesn't|they don't|we don't)\b/;
const UNKNOWN = /^(i )?(don'?t|do not) know\b|^not sure\b|^no idea\b|^unknown\b|^dunno\b|^skip\b/;

type Answer = Fact['answers'][number];

/** An answer's label and words, lower-cased and tokenised once (knowledge does not change). */
const phraseCache = new WeakMap<Answer, { lower: string; tokens: string[] }[]>();
const phrasesOf = (a: Answer): { lower: string; tokens: string[] }[] => {
  let got = phraseCache.get(a);
  if (!got) {
    got = [a.label, ...a.words].map((p) => ({ lower: p.toLowerCase(), tokens: tokenize(p) }));
    phraseCache.set(a, got);
  }
  return got;
};

/**
 * Reads a free-text answer to the question about `fact`: "yes", "no, only anonymous is on",
 * an answer's label or words. Returns the answer value, 'unknown', or null when the text does not
 * answer the question.
 */
export const parseAnswer = (fact: Fact, text: string): string | null => {
  const t = text.trim().toLowerCase().replace(/[’']/g, "'").slice(0, 500);
  if (!t) return null;
  if (UNKNOWN.test(t)) return 'unknown';
  const values = fact.answers.map((a) => a.value);
  const isBinary = values.includes('yes') && values.includes('no');
  if (isBinary) {
    if (YES.test(t)) return 'yes';
    if (NO.test(t)) return 'no';
  }
  // an exact value or label
  for (const a of fact.answers) {
    if (t === a.value || t === a.label.toLowerCase()) return a.value;
  }
  // the answer whose label/words share the most tokens with the text
  const words = new Set(tokenize(t));
  let best: { value: string; hits: number } | null = null;
  for (const a of fact.answers) {
    let hits = 0;
    for (const p of phrasesOf(a)) {
      if (t.includes(p.lower)) hits += 3;
      else hits += p.tokens.some((w) => words.has(w)) ? 1 : 0;
    }
    if (hits > 0 && (!best || hits > best.hits)) best = { value: a.value, hits };
  }
  if (best && best.hits >= 2) return best.value;
  if (!isBinary && best && words.size <= 6) return best.value;
  return null;
};
