import { matches } from './scan.js';

/** What a clause says happens: something fails, something works, or it does not say. */
export type Outcome = 'fails' | 'works' | null;

export interface Clause {
  start: number;
  end: number;
  outcome: Outcome;
  /** Its comma-separated parts with their own outcomes ("users get a prompt, on the server it works"). */
  parts: { start: number; end: number; outcome: Outcome }[];
}

// Sentences end at . ! ? ; or a line break; inside one, a contrast starts a new clause ("it works
// from my desk, but on the server itself it prompts").
const BOUNDARY =
  /[.!?;]+(?=\s|$)|\n|,?\s(?:but|however|whereas|while|although|though|yet|except(?: that)?|instead)\s/gi;

// A success denied is a failure, a failure denied is a success: those are read first.
const FAILS_NEGATED_SUCCESS =
  /\b(?:(?:does|do|did|is|are|was|were|could|can|would|will)(?: not|n't)|not|never|no longer|stopped|won't|cannot|can't)(?: \w{1,12})? (?:work(?:s|ing|ed)?|load(?:s|ing)?|succeed(?:s|ed)?|authenticat(?:e|es|ing)|log(?:s|ging)? ?(?:in|on)|connect(?:s|ing)?|get (?:in|through)|accept(?:s|ed)?|open(?:s)?|able)\b/gi;
const WORKS_NEGATED_FAILURE =
  /\b(?:no|without(?: (?:a|any))?|never(?: (?:gets?|got|see|sees|saw))?(?: an?| any)?|not (?:a|any|one)) (?:single )?(?:problems?|issues?|errors?|prompts?|popups?|pop-ups?|password (?:prompts?|boxes)|login (?:prompts?|boxes)|failures?|401s?|fail(?:s|ed)?)\b/gi;
const FAILS =
  /\b(?:fail(?:s|ed|ing|ures?)?|errors?|denied|unauthori[sz]ed|forbidden|rejected|refused|broken|breaks|401s?|403s?|401\.\d{1,3}|403\.\d{1,3}|prompt(?:s|ed|ing)?|pop(?:s|ped|ping)? ?ups?|popup|login (?:box|dialog|window|prompt)|password (?:box|dialog|prompt|window)|credentials? (?:box|dialog|prompt|window)|challenged?|asks? (?:for|again)|keeps? (?:asking|prompting)|unable|cannot|can't|no luck|not authori[sz]ed|access is denied)\b/gi;
const WORKS =
  /\b(?:works?|worked|working|fine|ok|okay|succeeds?|succeeded|successful(?:ly)?|no problems?|loads? (?:fine|ok|properly|correctly)|authenticates? (?:fine|ok|properly|correctly)?|logs? (?:me )?(?:in|on)(?: fine| ok)?|gets? (?:me )?in|passes|no issues?|as expected)\b/gi;

/** Bounded scans: clauses longer than this read only their start for cues. */
const MAX_CLAUSE = 600;

const count = (re: RegExp, text: string): { n: number; spans: [number, number][] } => {
  const spans: [number, number][] = [];
  for (const m of matches(re, text)) spans.push([m.index, m.index + m[0].length]);
  return { n: spans.length, spans };
};

const inside = (at: number, spans: readonly [number, number][]): boolean =>
  spans.some(([s, e]) => at >= s && at < e);

/** The outcome a clause states, from its cue words (negated cues first). */
export const outcomeOf = (clause: string): Outcome => {
  const text = clause.length > MAX_CLAUSE ? clause.slice(0, MAX_CLAUSE) : clause;
  const negSuccess = count(FAILS_NEGATED_SUCCESS, text);
  const negFailure = count(WORKS_NEGATED_FAILURE, text);
  const taken = [...negSuccess.spans, ...negFailure.spans];
  let fails = negSuccess.n;
  let works = negFailure.n;
  for (const m of matches(FAILS, text)) if (!inside(m.index, taken)) fails++;
  for (const m of matches(WORKS, text)) if (!inside(m.index, taken)) works++;
  if (fails > 0 && works === 0) return 'fails';
  if (works > 0 && fails === 0) return 'works';
  return null;
};

// "..., but not from the server": a clause that only denies takes the other side of the one before
const ELLIPSIS =
  /^\s*(?:(?:(?:but|however|yet|though|although)\s+)?(?:not|never|no)|except)\b(?![^,]{0,40}\b(?:work|load|succeed|fail|error|prompt))/i;

/**
 * The clauses of a text in order, each with the outcome it states. Linear in the text (bounded
 * by the caller's prose limit).
 */
export const clausesOf = (text: string): Clause[] => {
  const clauses: Clause[] = [];
  let from = 0;
  const push = (start: number, end: number) => {
    if (end <= start) return;
    const body = text.slice(start, end);
    const previous = clauses[clauses.length - 1];
    let outcome = outcomeOf(body);
    if (outcome === null && previous?.outcome && ELLIPSIS.test(body))
      outcome = previous.outcome === 'fails' ? 'works' : 'fails';
    const parts: Clause['parts'] = [];
    let from = start;
    for (const c of matches(COMMA, body)) {
      parts.push({
        start: from,
        end: start + c.index,
        outcome: outcomeOf(text.slice(from, start + c.index)),
      });
      from = start + c.index + c[0].length;
    }
    if (parts.length) parts.push({ start: from, end, outcome: outcomeOf(text.slice(from, end)) });
    clauses.push({ start, end, outcome, parts });
  };
  for (const m of matches(BOUNDARY, text)) {
    push(from, m.index);
    // a contrast word belongs to the clause it opens
    const word = /\b(?:but|however|whereas|while|although|though|yet|except|instead)\b/i.exec(m[0]);
    from = word ? m.index + word.index : m.index + m[0].length;
  }
  push(from, text.length);
  return clauses;
};

const COMMA = /,\s/g;

const blank = (text: string, from: number, start: number, end: number): string => {
  const a = Math.max(0, start - from);
  const b = Math.max(a, Math.min(text.length, end - from));
  return text.slice(0, a) + ' '.repeat(b - a) + text.slice(b);
};

/**
 * The outcome stated where the words [start, end) are, not counting those words themselves ("no
 * prompt" is the failure in "no prompt, just the error", and success in "logs me in without a
 * prompt"): its comma-separated part, else its whole clause.
 */
export const outcomeAt = (
  text: string,
  clauses: readonly Clause[],
  start: number,
  end: number,
): Outcome => {
  const clause = clauseAt(clauses, start);
  if (!clause) return null;
  const part = clause.parts.find((p) => start >= p.start && start < p.end);
  const own = (from: number, to: number) =>
    outcomeOf(blank(text.slice(from, to), from, start, end));
  return (
    (part ? own(part.start, part.end) : null) ??
    own(clause.start, clause.end) ??
    // a clause that only denies takes the other side of the one before ("..., but not on the server")
    clause.outcome
  );
};

/** The clause holding position `at` (clauses are in order and do not overlap). */
const clauseAt = (clauses: readonly Clause[], at: number): Clause | undefined => {
  let lo = 0;
  let hi = clauses.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = clauses[mid]!;
    if (at < c.start) hi = mid - 1;
    else if (at >= c.end) lo = mid + 1;
    else return c;
  }
  return undefined;
};
