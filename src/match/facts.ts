import type { Entry, Fact } from '../knowledge/schema.js';

/** How much of an answer's probability a cause puts on the values it confirms / rules out. */
const CONFIRM_MASS = { normal: 0.75, strong: 0.88 } as const;
const RULE_OUT_MASS = { normal: 0.06, strong: 0.02 } as const;

/**
 * P(fact = value | entry): the likelihood model behind both the ranking and the choice of the
 * next question. An entry with no question on the fact is indifferent (uniform).
 */
export const likelihood = (entry: Entry, fact: Fact, value: string): number => {
  const n = fact.answers.length;
  const q = entry.questions.find((x) => x.fact === fact.id);
  if (!q) return 1 / n;
  const confirms = q.confirms.length;
  const rulesOut = q.rules_out.length;
  const others = n - confirms - rulesOut;
  const cMass = confirms ? CONFIRM_MASS[q.weight] : 0;
  const rMass = rulesOut ? RULE_OUT_MASS[q.weight] : 0;
  // with no neutral answers left, the confirm/rule-out masses are renormalised
  const scale = others > 0 ? 1 : 1 / (cMass + rMass);
  if (q.confirms.includes(value)) return (cMass * scale) / confirms;
  if (q.rules_out.includes(value)) return (rMass * scale) / rulesOut;
  return others > 0 ? (1 - cMass - rMass) / others : 1 / n;
};

/** Log-likelihood ratio of a known value for an entry, against an indifferent entry. */
export const factLogRatio = (entry: Entry, fact: Fact, value: string): number =>
  Math.log(likelihood(entry, fact, value) * fact.answers.length);
