import type { Fact } from '../knowledge/schema.js';
import { likelihoodRow, type Matcher, type RankedCause } from '../match/index.js';
import { CUTOFFS } from './cutoffs.js';

const entropy = (ps: readonly number[]): number =>
  -ps.reduce((s, p) => (p > 0 ? s + p * Math.log2(p) : s), 0);

export interface QuestionChoice {
  fact: Fact;
  /** Expected information gain in bits over the current candidates. */
  gain: number;
}

/** Below this expected gain a question is not worth the user's time (CUTOFFS.askMinGain). */
export const MIN_GAIN: number = CUTOFFS.askMinGain;

/** Gains closer than this count as equal (the earlier fact id wins). */
const TIE = 1e-9;

/**
 * The expected information gain of every open fact the candidates have a question on, in fact id
 * order (under the same likelihoods the ranking uses). Empty with fewer than two candidates.
 */
const questionGains = (
  matcher: Matcher,
  ranked: readonly RankedCause[],
  skip: ReadonlySet<string>,
): QuestionChoice[] => {
  const candidates = ranked
    .filter((r) => r.score >= CUTOFFS.askAmongMin)
    .slice(0, CUTOFFS.askAmongTop);
  const total = candidates.reduce((s, r) => s + r.score, 0);
  if (candidates.length < 2 || total <= 0) return [];
  const entries = candidates.map((r) => matcher.entries.find((e) => e.id === r.id));
  const prior = candidates.map((r) => r.score / total);
  const h0 = entropy(prior);
  const factIds = new Set(entries.flatMap((e) => e?.questions.map((q) => q.fact) ?? []));
  const out: QuestionChoice[] = [];
  for (const id of [...factIds].sort()) {
    const fact = matcher.facts.get(id);
    if (!fact || skip.has(id)) continue;
    const rows = entries.map((e) => (e ? likelihoodRow(e, fact) : undefined));
    // the posterior's entropy after each answer, weighted by how likely that answer is
    let expected = 0;
    fact.answers.forEach((_, a) => {
      const joint = prior.map((p, i) => p * (rows[i]?.[a] ?? 0));
      const pa = joint.reduce((sum, j) => sum + j, 0);
      if (pa > 0) expected += pa * entropy(joint.map((j) => j / pa));
    });
    out.push({ fact, gain: h0 - expected });
  }
  return out;
};

/**
 * Every open fact worth asking, best first (equal gains: the earlier fact id), for notes that ask
 * all the separating questions at once.
 */
export const rankQuestions = (
  matcher: Matcher,
  ranked: readonly RankedCause[],
  skip: ReadonlySet<string>,
  minGain = MIN_GAIN,
): QuestionChoice[] =>
  questionGains(matcher, ranked, skip)
    .filter((q) => q.gain >= minGain)
    .sort((a, b) =>
      b.gain - a.gain > TIE ? 1 : a.gain - b.gain > TIE ? -1 : a.fact.id < b.fact.id ? -1 : 1,
    );

/**
 * The unanswered fact whose answer is expected to shrink uncertainty over the candidates most
 * (expected information gain under the same likelihoods the ranking uses).
 */
export const chooseQuestion = (
  matcher: Matcher,
  ranked: readonly RankedCause[],
  skip: ReadonlySet<string>,
): QuestionChoice | null => rankQuestions(matcher, ranked, skip)[0] ?? null;
