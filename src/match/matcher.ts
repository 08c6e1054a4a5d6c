import { sampleGroup } from '../knowledge/sources.js';
import type { Entry, Fact, Knowledge } from '../knowledge/schema.js';
import { buildBm25, type Bm25Index } from './bm25.js';
import { classIndex, knowledgeOnlyModel, modelFromData, type Model } from './model.js';
import { buildNeighbours, type Example, type NeighbourIndex } from './neighbours.js';
import { buildPhraseIndex, type PhraseIndex } from './phrase-index.js';

/** Everything ranking needs, built once per knowledge load. */
export interface Matcher {
  knowledge: Knowledge;
  entries: readonly Entry[];
  facts: ReadonlyMap<string, Fact>;
  index: PhraseIndex;
  bm25: Bm25Index;
  /** The labelled messages new ones are compared with: the entries' samples (and confirmed cases). */
  neighbours: NeighbourIndex;
  model: Model;
  /** Each entry's row among the model's classes (-1: none). */
  classOf: Int32Array;
  /** Why the stored ranking was not used, when it was not (null: used, or none stored). */
  modelProblem: string | null;
}

const cache = new WeakMap<Knowledge, Matcher>();

/** Every entry's samples as examples to compare messages with. */
export const sampleExamples = (knowledge: Knowledge): Example[] =>
  knowledge.entries.flatMap((e) =>
    e.samples.map((s, i) => ({ entry: e.id, text: s.text, group: sampleGroup(e.id, i, s) })),
  );

/**
 * The matcher for knowledge, with `model` in place of the stored ranking (training, tools) and
 * `examples` beside the entries' samples (an organisation's confirmed cases).
 */
export const buildMatcher = (
  knowledge: Knowledge,
  model?: Model,
  examples: readonly Example[] = [],
): Matcher => {
  let problem: string | null = null;
  let m = model;
  if (!m && knowledge.ranking) {
    const decoded = modelFromData(knowledge.ranking);
    if (typeof decoded === 'string') problem = decoded;
    else m = decoded;
  }
  m ??= knowledgeOnlyModel();
  return {
    knowledge,
    entries: knowledge.entries,
    facts: new Map(knowledge.facts.map((f) => [f.id, f])),
    index: buildPhraseIndex(knowledge.entries),
    bm25: buildBm25(knowledge.entries),
    neighbours: buildNeighbours(knowledge.entries, [...sampleExamples(knowledge), ...examples]),
    model: m,
    classOf: classIndex(
      m,
      knowledge.entries.map((e) => e.id),
    ),
    modelProblem: problem,
  };
};

export const getMatcher = (knowledge: Knowledge): Matcher => {
  let m = cache.get(knowledge);
  if (!m) {
    m = buildMatcher(knowledge, undefined, knowledge.localCases ?? []);
    cache.set(knowledge, m);
  }
  return m;
};

/** The same knowledge indexes with another model (cheap: the indexes are shared). */
export const withModel = (matcher: Matcher, model: Model): Matcher => ({
  ...matcher,
  model,
  classOf: classIndex(
    model,
    matcher.entries.map((e) => e.id),
  ),
  modelProblem: null,
});
