import type { ModelData } from '../knowledge/schema.js';
import { PAIR_COUNT, PAIR_FEATURES, type MessageEvidence } from './features.js';

/**
 * The learned ranking: a linear model scoring each entry for a message. Two parts add up:
 * - per-entry weights of the message's sparse terms (words, word pairs, codes, facts), learned
 *   from example messages: how askers of each cause write;
 * - one weight per PAIR_FEATURES column, shared by all entries: how much the knowledge's own
 *   evidence (code patterns, phrases, text, facts) counts.
 * A softmax at `temperature` turns the scores into the shown confidence.
 */
export interface Model {
  /** Entry ids the term weights are for (the model's rows). */
  classes: readonly string[];
  termIndex: ReadonlyMap<string, number>;
  /** terms × classes, row-major. */
  weights: Float32Array;
  pair: Float64Array;
  temperature: number;
}

/**
 * The ranking without learned term weights: the knowledge's evidence at hand-set weights (as
 * before the model was learned). Used for knowledge built in memory (tests, tools).
 */
export const KNOWLEDGE_ONLY: Readonly<Record<string, number>> = {
  code: 1,
  phrase: 3.2,
  text: 0,
  neighbours: 0,
  observed: 0.7,
  'observed-against': 0.7,
  'observed-certain': 0.7,
  answered: 1,
  prevalence: 0.4,
  'howto-asked': 1,
  'howto-error': -1.6,
  'howto-other': -1,
};

const pairVector = (pair: Readonly<Record<string, number>>): Float64Array =>
  Float64Array.from(PAIR_FEATURES, (n) => pair[n] ?? 0);

export const knowledgeOnlyModel = (): Model => ({
  classes: [],
  termIndex: new Map(),
  weights: new Float32Array(0),
  pair: pairVector(KNOWLEDGE_ONLY),
  temperature: 0.6,
});

const toBase64 = (a: Float32Array): string => {
  const bytes = new Uint8Array(a.length * 4);
  const view = new DataView(bytes.buffer);
  a.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return Buffer.from(bytes).toString('base64');
};

const fromBase64 = (s: string): Float32Array => {
  const bytes = Buffer.from(s, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(Math.floor(bytes.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
};

export const modelToData = (m: Model, trained: Record<string, unknown>): ModelData => ({
  version: 1,
  classes: [...m.classes],
  terms: [...m.termIndex.keys()],
  weights: toBase64(m.weights),
  pair: Object.fromEntries(PAIR_FEATURES.map((n, i) => [n, m.pair[i] ?? 0])),
  temperature: m.temperature,
  trained,
});

/** The model from its stored form; null (with why) when the data does not fit together. */
export const modelFromData = (data: ModelData): Model | string => {
  const weights = fromBase64(data.weights);
  if (weights.length !== data.terms.length * data.classes.length)
    return `weights hold ${weights.length} values for ${data.terms.length} terms × ${data.classes.length} classes`;
  return {
    classes: data.classes,
    termIndex: new Map(data.terms.map((t, i) => [t, i])),
    weights,
    pair: pairVector(data.pair),
    temperature: data.temperature,
  };
};

/** Each entry's place among the model's classes (-1: the model has no term weights for it). */
export const classIndex = (model: Model, ids: readonly string[]): Int32Array => {
  const at = new Map(model.classes.map((c, i) => [c, i]));
  return Int32Array.from(ids, (id) => at.get(id) ?? -1);
};

/** The weight of one message term: terms share a unit of length, so long pastes do not shout. */
export const termValue = (count: number): number => 1 / Math.sqrt(Math.max(1, count));

/** The model's score of every entry (matcher order) for a message's evidence. */
export const scoreEntries = (
  model: Model,
  classOf: Int32Array,
  ev: MessageEvidence,
): Float64Array => {
  const n = classOf.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * PAIR_COUNT;
    for (let k = 0; k < PAIR_COUNT; k++) s += model.pair[k]! * ev.pairs[row + k]!;
    out[i] = s;
  }
  const c = model.classes.length;
  if (!c) return out;
  const x = termValue(ev.terms.length);
  const text = new Float64Array(c);
  for (const t of ev.terms) {
    const r = model.termIndex.get(t);
    if (r === undefined) continue;
    const base = r * c;
    for (let j = 0; j < c; j++) text[j]! += model.weights[base + j]!;
  }
  for (let i = 0; i < n; i++) {
    const j = classOf[i]!;
    if (j >= 0) out[i]! += x * text[j]!;
  }
  return out;
};

/** The message terms that speak most for one entry, strongest first (for the "why" line). */
export const strongestTerms = (
  model: Model,
  cls: number,
  terms: readonly string[],
  limit: number,
): { term: string; weight: number }[] => {
  if (cls < 0) return [];
  const c = model.classes.length;
  // the `limit` best, kept in order as they come (a message has hundreds of terms, the "why"
  // line names three)
  const out: { term: string; weight: number }[] = [];
  for (const t of terms) {
    const r = model.termIndex.get(t);
    if (r === undefined) continue;
    const w = model.weights[r * c + cls]!;
    if (w <= 0 || (out.length === limit && w <= out[limit - 1]!.weight)) continue;
    if (out.length === limit) out.pop();
    let at = out.length;
    while (at > 0 && out[at - 1]!.weight < w) at--;
    out.splice(at, 0, { term: t, weight: w });
  }
  return out;
};
