import type { Entry, Fact } from '../knowledge/schema.js';

/** How much of an answer's probability a cause puts on the values it confirms / rules out. */
const CONFIRM_MASS = { normal: 0.75, strong: 0.88 } as const;
const RULE_OUT_MASS = { normal: 0.06, strong: 0.02 } as const;

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

/** entry -> fact -> answer value -> likelihood: knowledge is immutable once loaded. */
const tables = new WeakMap<Entry, WeakMap<Fact, Map<string, number>>>();

const tableOf = (entry: Entry, fact: Fact): Map<string, number> => {
  let byFact = tables.get(entry);
  if (!byFact) tables.set(entry, (byFact = new WeakMap()));
  let table = byFact.get(fact);
  if (!table) {
    table = new Map(fact.answers.map((a) => [a.value, computeLikelihood(entry, fact, a.value)]));
    byFact.set(fact, table);
  }
  return table;
};

/**
 * P(fact = value | entry): the likelihood model behind both the ranking and the choice of the
 * next question. An entry with no question on the fact expects the base rates.
 */
export const likelihood = (entry: Entry, fact: Fact, value: string): number =>
  tableOf(entry, fact).get(value) ?? computeLikelihood(entry, fact, value);

/** Log-likelihood ratio of a known value for an entry, against an entry indifferent to the fact. */
export const factLogRatio = (entry: Entry, fact: Fact, value: string): number =>
  Math.log(likelihood(entry, fact, value) / baseRate(fact, value));
