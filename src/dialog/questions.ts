import type { Entry, Fact } from '../knowledge/schema.js';
import { likelihoodRow, type Matcher, type RankedCause } from '../match/index.js';
import { CUTOFFS } from './cutoffs.js';

const entropy = (ps: readonly number[]): number =>
  -ps.reduce((s, p) => (p > 0 ? s + p * Math.log2(p) : s), 0);

export interface QuestionChoice {
  fact: Fact;
  /** Expected information gain in bits over the current candidates. */
  gain: number;
}

/** Per fact, the likelihood rows of every entry (and their log2), by the entry's matcher index. */
interface FactTable {
  rows: Float64Array[];
  logs: Float64Array[];
}

interface Tables {
  position: Map<string, number>;
  facts: Map<string, FactTable>;
}

/**
 * Knowledge is immutable, so the rows are laid out once per matcher: reading them through
 * likelihoodRow's two WeakMaps for each candidate and fact was most of choosing a question.
 */
const tables = new WeakMap<Matcher, Tables>();

const tablesOf = (matcher: Matcher): Tables => {
  let t = tables.get(matcher);
  if (!t) {
    t = { position: new Map(matcher.entries.map((e, i) => [e.id, i])), facts: new Map() };
    tables.set(matcher, t);
  }
  return t;
};

const factTable = (matcher: Matcher, t: Tables, fact: Fact): FactTable => {
  let ft = t.facts.get(fact.id);
  if (!ft) {
    const rows = matcher.entries.map((e: Entry) => likelihoodRow(e, fact));
    ft = { rows, logs: rows.map((r) => r.map((p) => Math.log2(p))) };
    t.facts.set(fact.id, ft);
  }
  return ft;
};

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
  const t = tablesOf(matcher);
  const at = candidates.map((r) => t.position.get(r.id) ?? -1);
  const prior = candidates.map((r) => r.score / total);
  const h0 = entropy(prior);

  const factIds = new Set<string>();
  for (const i of at) for (const q of matcher.entries[i]?.questions ?? []) factIds.add(q.fact);

  const n = at.length;
  const logPrior = prior.map((p) => Math.log2(p));
  const rows: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(n);
  const logRows: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(n);
  const out: QuestionChoice[] = [];
  for (const id of [...factIds].sort()) {
    const fact = matcher.facts.get(id);
    if (!fact || skip.has(id)) continue;
    const ft = factTable(matcher, t, fact);
    for (let i = 0; i < n; i++) {
      rows[i] = ft.rows[at[i]!];
      logRows[i] = ft.logs[at[i]!];
    }
    // per answer a: with j_i = P(a | i) * prior_i and pv = sum j_i, the entropy of the posterior
    // weighted by pv is pv * log2(pv) - sum j_i * log2(j_i): one logarithm per answer
    let expected = 0;
    for (let a = 0; a < fact.answers.length; a++) {
      let pv = 0;
      let s = 0;
      for (let i = 0; i < n; i++) {
        // candidates have a prior above 0, so j is 0 exactly when the likelihood is
        const l = rows[i]?.[a] ?? 0;
        if (l <= 0) continue;
        const j = l * prior[i]!;
        pv += j;
        s += j * (logRows[i]![a]! + logPrior[i]!);
      }
      if (pv > 0) expected += pv * Math.log2(pv) - s;
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
