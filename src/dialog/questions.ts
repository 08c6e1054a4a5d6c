import type { Entry, Fact } from '../knowledge/schema.js';
import { likelihoodRow, type Matcher, type RankedCause } from '../match/index.js';

const entropy = (ps: readonly number[]): number =>
  -ps.reduce((s, p) => (p > 0 ? s + p * Math.log2(p) : s), 0);

export interface QuestionChoice {
  fact: Fact;
  /** Expected information gain in bits over the current candidates. */
  gain: number;
}

const byId = new WeakMap<Matcher, Map<string, Entry>>();
const entryOf = (matcher: Matcher, id: string): Entry | undefined => {
  let m = byId.get(matcher);
  if (!m) byId.set(matcher, (m = new Map(matcher.entries.map((e) => [e.id, e]))));
  return m.get(id);
};

/** Below this expected gain a question is not worth the user's time. */
export const MIN_GAIN = 0.08;

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
  const candidates = ranked.filter((r) => r.score >= 0.01).slice(0, 8);
  const total = candidates.reduce((s, r) => s + r.score, 0);
  if (candidates.length < 2 || total <= 0) return [];
  const entries = candidates.map((r) => entryOf(matcher, r.id));
  const prior = candidates.map((r) => r.score / total);
  const h0 = entropy(prior);

  const factIds = new Set<string>();
  for (const e of entries) for (const q of e?.questions ?? []) factIds.add(q.fact);

  const n = entries.length;
  const joint = new Float64Array(n);
  const out: QuestionChoice[] = [];
  for (const id of [...factIds].sort()) {
    const fact = matcher.facts.get(id);
    if (!fact || skip.has(id)) continue;
    const factRows = entries.map((e) => (e ? likelihoodRow(e, fact) : null));
    let expected = 0;
    for (let a = 0; a < fact.answers.length; a++) {
      let pv = 0;
      for (let i = 0; i < n; i++) {
        const j = (factRows[i]?.[a] ?? 0) * (prior[i] ?? 0);
        joint[i] = j;
        pv += j;
      }
      if (pv <= 0) continue;
      let h = 0;
      for (let i = 0; i < n; i++) {
        const p = (joint[i] ?? 0) / pv;
        if (p > 0) h -= p * Math.log2(p);
      }
      expected += pv * h;
    }
    out.push({ fact, gain: h0 - expected });
  }
  return out;
};

/**
 * The unanswered fact whose answer is expected to shrink uncertainty over the candidates most
 * (expected information gain under the same likelihoods the ranking uses).
 */
export const chooseQuestion = (
  matcher: Matcher,
  ranked: readonly RankedCause[],
  skip: ReadonlySet<string>,
): QuestionChoice | null => {
  let best: QuestionChoice | null = null;
  for (const q of questionGains(matcher, ranked, skip)) {
    if (!best || q.gain > best.gain + TIE) best = q;
  }
  return best && best.gain >= MIN_GAIN ? best : null;
};

/**
 * Every open fact worth asking, best first: the ranked-list form of chooseQuestion (its first
 * element is chooseQuestion's pick), for notes that ask all the separating questions at once.
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
