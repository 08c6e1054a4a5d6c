import type { Fact } from '../knowledge/schema.js';
import { likelihood, type Matcher, type RankedCause } from '../match/index.js';

const entropy = (ps: readonly number[]): number =>
  -ps.reduce((s, p) => (p > 0 ? s + p * Math.log2(p) : s), 0);

export interface QuestionChoice {
  fact: Fact;
  /** Expected information gain in bits over the current candidates. */
  gain: number;
}

/** Below this expected gain a question is not worth the user's time. */
export const MIN_GAIN = 0.08;

/**
 * The unanswered fact whose answer is expected to shrink uncertainty over the candidates most
 * (expected information gain under the same likelihoods the ranking uses).
 */
export const chooseQuestion = (
  matcher: Matcher,
  ranked: readonly RankedCause[],
  skip: ReadonlySet<string>,
): QuestionChoice | null => {
  const candidates = ranked.filter((r) => r.score >= 0.01).slice(0, 8);
  const total = candidates.reduce((s, r) => s + r.score, 0);
  if (candidates.length < 2 || total <= 0) return null;
  const entries = candidates.map((r) => matcher.entries.find((e) => e.id === r.id));
  const prior = candidates.map((r) => r.score / total);
  const h0 = entropy(prior);

  const factIds = new Set<string>();
  for (const e of entries) for (const q of e?.questions ?? []) factIds.add(q.fact);

  let best: QuestionChoice | null = null;
  for (const id of [...factIds].sort()) {
    const fact = matcher.facts.get(id);
    if (!fact || skip.has(id)) continue;
    let expected = 0;
    for (const answer of fact.answers) {
      const joint = entries.map(
        (e, i) => (e ? likelihood(e, fact, answer.value) : 0) * (prior[i] ?? 0),
      );
      const pv = joint.reduce((a, b) => a + b, 0);
      if (pv <= 0) continue;
      expected += pv * entropy(joint.map((j) => j / pv));
    }
    const gain = h0 - expected;
    if (!best || gain > best.gain + 1e-9) best = { fact, gain };
  }
  return best && best.gain >= MIN_GAIN ? best : null;
};
