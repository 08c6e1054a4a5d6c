import { firstRankInput } from '../dialog/index.js';
import { readMessage } from '../extract/index.js';
import {
  messageEvidence,
  PAIR_COUNT,
  PAIR_FEATURES,
  termValue,
  type Matcher,
  type Model,
} from '../match/index.js';
import { KNOWLEDGE_ONLY } from '../match/model.js';
import type { LabelledCase } from './cases.js';
import { minimise } from './lbfgs.js';

/** A case read once: what the model sees of it. */
export interface PreparedCase {
  case: LabelledCase;
  terms: string[];
  /** Entries × PAIR_COUNT, as messageEvidence gives it. */
  pairs: Float64Array;
  /** Indices of the accepted entries (matcher order). */
  ok: number[];
}

/** Reads each case exactly as a first message is read in a conversation. */
export const prepareCases = (matcher: Matcher, cases: readonly LabelledCase[]): PreparedCase[] => {
  const at = new Map(matcher.entries.map((e, i) => [e.id, i]));
  return cases.flatMap((c) => {
    const ok = c.ok.map((id) => at.get(id)).filter((i): i is number => i !== undefined);
    if (!ok.length) return [];
    const input = firstRankInput(readMessage(c.message, matcher.knowledge.reference));
    const ev = messageEvidence(matcher, input, c.group);
    return [{ case: c, terms: ev.terms, pairs: ev.pairs, ok }];
  });
};

export interface TrainSettings {
  /** L2 penalty on the per-entry term weights. */
  l2Terms: number;
  /** L2 penalty pulling the evidence weights toward their hand-set values. */
  l2Pair: number;
  /** A term gets weights when at least this many training cases contain it. */
  minCount: number;
  maxIterations: number;
  /** Softmax temperature of the shown confidence (fitted to held-out cases). */
  temperature: number;
  /**
   * The weight of a fact the user answered: more than any fact read from the text (the model
   * learns those; about 1.25 for facts that speak for an entry).
   */
  answeredWeight: number;
  /** Evidence columns left out of the model (their weight is 0). */
  without?: readonly string[];
  /** Evidence weights fixed by cross-validation instead of learned (column -> weight). */
  fixed?: Readonly<Record<string, number>>;
}

/**
 * Chosen by leave-source-out cross-validation over the samples, the dev cases and the real cases
 * (`npm run eval -- --grid '[...]'` prints any grid): l2Terms from 1e-5..1e-2, l2Pair from
 * 0.01..10 (flat), the temperature fitted on held-out samples (0.75; on held-out cases 0.71), the
 * answered weight from 1..3 on the simulated conversations. The phrase weight is fixed at 2: learned
 * it came out near 4.3, because the samples were written beside the phrases and echo them, and on
 * held-out cases that overtrusts a short phrase two common words cover (10 folds: learned, without
 * phrases, fixed 1 and fixed 2 compared; fixed 2 had the best held-out log-loss on samples, dev and
 * real cases and real top-3 98% against 93%, top-1 level). A fact read from the text that speaks
 * against an entry weighs a fixed 0.4: learned it comes out near 0.14, which lets a message and its
 * mirror ("the script fails, browsers work" and the reverse) rank nearly alike; in 10 folds 0.4 was
 * level with learned on summed held-out log-loss (samples 0.647 -> 0.651, dev 0.534 -> 0.555, real
 * 0.691 -> 0.674, real top-1 78 -> 80%) and 0.7 or 1 were worse.
 */
export const DEFAULT_SETTINGS: TrainSettings = {
  l2Terms: 0.0001,
  l2Pair: 0.01,
  minCount: 2,
  maxIterations: 500,
  temperature: 0.75,
  answeredWeight: 2,
  fixed: { phrase: 2, 'observed-against': 0.4 },
};

const vocabularyOf = (cases: readonly PreparedCase[], minCount: number): string[] => {
  const df = new Map<string, number>();
  for (const c of cases) for (const t of c.terms) df.set(t, (df.get(t) ?? 0) + 1);
  return [...df]
    .filter(([, n]) => n >= minCount)
    .map(([t]) => t)
    .sort();
};

/**
 * Fits the model by maximum likelihood (softmax over all entries; a case with several accepted
 * entries counts as right on any of them) with L2 penalties, by L-BFGS. Pure and deterministic.
 */
export const trainModel = (
  matcher: Matcher,
  cases: readonly PreparedCase[],
  settings: TrainSettings = DEFAULT_SETTINGS,
): Model => {
  const C = matcher.entries.length;
  const K = PAIR_COUNT;
  const terms = vocabularyOf(cases, settings.minCount);
  const termIndex = new Map(terms.map((t, i) => [t, i]));
  const V = terms.length;
  const rows = cases.map((c) =>
    Int32Array.from(c.terms.map((t) => termIndex.get(t) ?? -1).filter((r) => r >= 0)),
  );
  const values = cases.map((c) => termValue(c.terms.length));
  const totalWeight = cases.reduce((s, c) => s + c.case.weight, 0) || 1;
  // the evidence weights learned (the answered-fact weight stays at 1: the knowledge's own odds)
  const without = new Set(settings.without ?? []);
  const fixed = settings.fixed ?? {};
  const FREE = PAIR_FEATURES.map((n, k) => ({ n, k })).filter(
    ({ n }) => n !== 'answered' && !without.has(n) && fixed[n] === undefined,
  );
  const prior = Float64Array.from(PAIR_FEATURES, (n) =>
    without.has(n) ? 0 : (fixed[n] ?? KNOWLEDGE_ONLY[n] ?? 0),
  );
  const answered = PAIR_FEATURES.indexOf('answered');
  const nW = V * C;

  const pairOf = (x: Float64Array): Float64Array => {
    const theta = Float64Array.from(prior);
    for (let f = 0; f < FREE.length; f++) theta[FREE[f]!.k] = x[nW + f]!;
    theta[answered] = fixed.answered ?? settings.answeredWeight;
    return theta;
  };

  const z = new Float64Array(C);
  const dz = new Float64Array(C);
  const objective = (x: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    const theta = pairOf(x);
    const dTheta = new Float64Array(K);
    let loss = 0;
    cases.forEach((c, i) => {
      const r = rows[i]!;
      const v = values[i]!;
      const w = c.case.weight / totalWeight;
      for (let e = 0; e < C; e++) {
        let s = 0;
        const row = e * K;
        for (let k = 0; k < K; k++) s += theta[k]! * c.pairs[row + k]!;
        z[e] = s;
      }
      for (const t of r) {
        const base = t * C;
        for (let e = 0; e < C; e++) z[e]! += v * x[base + e]!;
      }
      let max = -Infinity;
      for (let e = 0; e < C; e++) if (z[e]! > max) max = z[e]!;
      let all = 0;
      for (let e = 0; e < C; e++) all += Math.exp(z[e]! - max);
      let okMass = 0;
      for (const e of c.ok) okMass += Math.exp(z[e]! - max);
      loss += w * (Math.log(all) - Math.log(okMass));
      for (let e = 0; e < C; e++) dz[e] = Math.exp(z[e]! - max) / all;
      for (const e of c.ok) dz[e]! -= Math.exp(z[e]! - max) / okMass;
      for (const t of r) {
        const base = t * C;
        for (let e = 0; e < C; e++) grad[base + e]! += w * v * dz[e]!;
      }
      for (let e = 0; e < C; e++) {
        const g = w * dz[e]!;
        if (g === 0) continue;
        const row = e * K;
        for (let k = 0; k < K; k++) dTheta[k]! += g * c.pairs[row + k]!;
      }
    });
    for (let j = 0; j < nW; j++) {
      loss += 0.5 * settings.l2Terms * x[j]! * x[j]!;
      grad[j]! += settings.l2Terms * x[j]!;
    }
    FREE.forEach(({ k }, f) => {
      const d = x[nW + f]! - prior[k]!;
      loss += 0.5 * settings.l2Pair * d * d;
      grad[nW + f] = dTheta[k]! + settings.l2Pair * d;
    });
    return loss;
  };

  const x0 = new Float64Array(nW + FREE.length);
  FREE.forEach(({ k }, f) => (x0[nW + f] = prior[k]!));
  const { x } = minimise(objective, x0, { maxIterations: settings.maxIterations });
  return {
    classes: matcher.entries.map((e) => e.id),
    termIndex,
    weights: Float32Array.from(x.subarray(0, nW)),
    pair: pairOf(x),
    temperature: settings.temperature,
  };
};
