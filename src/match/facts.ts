import type { Entry, Fact } from '../knowledge/schema.js';
import { derived } from '../derived.js';

/** How much of an answer's probability a cause puts on the values it confirms / rules out. */
const CONFIRM_MASS = { normal: 0.75, strong: 0.88, certain: 0.9 } as const;
const RULE_OUT_MASS = { normal: 0.06, strong: 0.02, certain: 0.001 } as const;

/** How common an answer is in general (the fact's `base`, else all answers alike). */
export const baseRate = (fact: Fact, value: string): number => {
  const base = fact.base ?? {};
  const given = base[value];
  if (given !== undefined) return given;
  const listed = Object.keys(base);
  const rest = 1 - listed.reduce((s, k) => s + (base[k] ?? 0), 0);
  return rest / Math.max(1, fact.answers.length - listed.length);
};

const computeLikelihood = (entry: Entry, fact: Fact, value: string): number => {
  const q = entry.questions.find((x) => x.fact === fact.id);
  if (!q) return baseRate(fact, value);
  const confirms = q.confirms.length;
  const rulesOut = q.rules_out.length;
  const others = fact.answers.filter(
    (a) => !q.confirms.includes(a.value) && !q.rules_out.includes(a.value),
  );
  const cMass = confirms ? CONFIRM_MASS[q.weight] : 0;
  const rMass = rulesOut ? RULE_OUT_MASS[q.weight] : 0;
  // with no neutral answers left, the confirm/rule-out masses are renormalised
  const scale = others.length > 0 ? 1 : 1 / (cMass + rMass);
  if (q.confirms.includes(value)) return (cMass * scale) / confirms;
  if (q.rules_out.includes(value)) return (rMass * scale) / rulesOut;
  // the neutral answers share the rest in proportion to how common they are
  const otherBase = others.reduce((s, a) => s + baseRate(fact, a.value), 0);
  return ((1 - cMass - rMass) * baseRate(fact, value)) / (otherBase || 1);
};

/** entry -> fact -> likelihood of each answer, in the fact's answer order (knowledge is immutable). */
const rows = new WeakMap<Entry, WeakMap<Fact, Float64Array>>();

/** P(fact = each answer | entry), aligned with `fact.answers`. */
export const likelihoodRow = (entry: Entry, fact: Fact): Float64Array => {
  let byFact = rows.get(entry);
  if (!byFact) rows.set(entry, (byFact = new WeakMap()));
  let row = byFact.get(fact);
  if (!row) {
    row = Float64Array.from(fact.answers, (a) => computeLikelihood(entry, fact, a.value));
    byFact.set(fact, row);
  }
  return row;
};

const answerIndex = derived((fact: Fact) => new Map(fact.answers.map((a, i) => [a.value, i])));
const indexOfAnswer = (fact: Fact, value: string): number | undefined =>
  answerIndex(fact).get(value);

/**
 * P(fact = value | entry): the likelihood model behind both the ranking and the choice of the
 * next question. An entry with no question on the fact expects the base rates.
 */
export const likelihood = (entry: Entry, fact: Fact, value: string): number => {
  const i = indexOfAnswer(fact, value);
  return i === undefined ? computeLikelihood(entry, fact, value) : likelihoodRow(entry, fact)[i]!;
};

/** Log-likelihood ratio of a known value for an entry, against an entry indifferent to the fact. */
export const factLogRatio = (entry: Entry, fact: Fact, value: string): number =>
  Math.log(likelihood(entry, fact, value) / baseRate(fact, value));

/** Does the value rule the entry out by definition (a `certain` question's rules_out)? */
export const rulesOutCertainly = (entry: Entry, fact: Fact, value: string): boolean =>
  entry.questions.some(
    (q) => q.fact === fact.id && q.weight === 'certain' && q.rules_out.includes(value),
  );
