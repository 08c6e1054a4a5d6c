import {
  scoreEntries,
  withModel,
  type Matcher,
  type MessageEvidence,
  type Model,
} from '../match/index.js';
import { classIndex } from '../match/model.js';
import type { PreparedCase, TrainSettings } from './train.js';
import { trainModel } from './train.js';

/** One held-out case: the scores the model trained without its group gave every entry. */
export interface HeldOut {
  prepared: PreparedCase;
  scores: Float64Array;
}

/** A stable hash of a group name (FNV-1a), so folds do not depend on input order. */
const hash = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
};

/** Groups dealt to `k` folds in order of their hash: balanced, and the same on every run. */
export const foldsOf = (groups: Iterable<string>, k: number): Map<string, number> => {
  const list = [...new Set(groups)].sort((a, b) => hash(a) - hash(b) || (a < b ? -1 : 1));
  return new Map(list.map((g, i) => [g, i % k]));
};

const asEvidence = (p: PreparedCase): MessageEvidence => ({
  pairs: p.pairs,
  terms: p.terms,
  code: [],
  phrase: [],
  known: [],
});

/** The models of a cross-validation: each trained without one fold's groups. */
export interface Folds {
  /** Group -> its fold. */
  fold: ReadonlyMap<string, number>;
  models: Model[];
}

/**
 * Leave-source-out cross-validation: whole groups are held out together; each fold's model is
 * trained on the `trainable` cases outside it, and scores every case inside it.
 */
export const crossValidate = (
  matcher: Matcher,
  cases: readonly PreparedCase[],
  trainable: (c: PreparedCase) => boolean,
  settings: TrainSettings,
  k = 10,
): { held: HeldOut[]; folds: Folds } => {
  const fold = foldsOf(
    cases.map((c) => c.case.group),
    k,
  );
  const held: HeldOut[] = [];
  const models: Model[] = [];
  for (let f = 0; f < k; f++) {
    const train = cases.filter((c) => fold.get(c.case.group) !== f && trainable(c));
    const model = trainModel(matcher, train, settings);
    models.push(model);
    const m = withModel(matcher, model);
    for (const p of cases.filter((c) => fold.get(c.case.group) === f))
      held.push({ prepared: p, scores: scoreEntries(m.model, m.classOf, asEvidence(p)) });
  }
  return { held, folds: { fold, models } };
};

/** Scores of a trained matcher for prepared cases (no holding out: the plain figure). */
export const scoreAll = (matcher: Matcher, cases: readonly PreparedCase[]): HeldOut[] => {
  const classOf = classIndex(
    matcher.model,
    matcher.entries.map((e) => e.id),
  );
  return cases.map((p) => ({
    prepared: p,
    scores: scoreEntries(matcher.model, classOf, asEvidence(p)),
  }));
};

export interface Metrics {
  n: number;
  top1: number;
  top3: number;
  /** Mean negative log-probability of the accepted entries, at the given temperature. */
  logLoss: number;
}

/** Top-1, top-3 and log-loss of held-out scores (a case is right on any accepted entry). */
/** Entry indices best first (ties: the lower index), as the ranking orders them. */
export const orderOf = (scores: Float64Array): number[] =>
  [...scores.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b);

/** The softmax share of `picked` among all scores, at `temperature`. */
export const shareOf = (
  scores: Float64Array,
  picked: readonly number[],
  temperature = 1,
): number => {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let all = 0;
  let mine = 0;
  scores.forEach((s, i) => {
    const e = Math.exp((s - max) / temperature);
    all += e;
    if (picked.includes(i)) mine += e;
  });
  return mine / all;
};

export const metricsOf = (rows: readonly HeldOut[], temperature = 1): Metrics => {
  let top1 = 0;
  let top3 = 0;
  let loss = 0;
  for (const { prepared, scores } of rows) {
    const order = orderOf(scores);
    if (prepared.ok.includes(order[0]!)) top1++;
    if (order.slice(0, 3).some((i) => prepared.ok.includes(i))) top3++;
    loss -= Math.log(shareOf(scores, prepared.ok, temperature));
  }
  const n = rows.length || 1;
  return { n: rows.length, top1: top1 / n, top3: top3 / n, logLoss: loss / n };
};

/** The softmax temperature that minimises held-out log-loss (a coarse search, then a fine one). */
export const fitTemperature = (rows: readonly HeldOut[]): number => {
  let best = 1;
  let bestLoss = Infinity;
  const tryAll = (grid: readonly number[]) => {
    for (const t of grid) {
      const l = metricsOf(rows, t).logLoss;
      if (l < bestLoss) {
        bestLoss = l;
        best = t;
      }
    }
  };
  tryAll([0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4]);
  tryAll([0.8, 0.9, 0.95, 1.05, 1.1, 1.2].map((f) => best * f));
  return best;
};
