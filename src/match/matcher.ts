import { sampleGroup } from '../knowledge/sources.js';
import type { Entry, Fact, Knowledge } from '../knowledge/schema.js';
import { buildBm25, type Bm25Index } from './bm25.js';
import { classIndex, knowledgeOnlyModel, modelFromData, type Model } from './model.js';
import { buildNeighbours, type Example, type NeighbourIndex } from './neighbours.js';
import { buildPhraseIndex, type PhraseIndex } from './phrase-index.js';
import { indexData, restoreIndexes, type IndexData, type MatcherIndexes } from './index-data.js';
import { derived } from '../derived.js';

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

/** Every entry's samples as examples to compare messages with. */
export const sampleExamples = (knowledge: Knowledge): Example[] =>
  knowledge.entries.flatMap((e) =>
    e.samples.map((s, i) => ({ entry: e.id, text: s.text, group: sampleGroup(e.id, i, s) })),
  );

/** The indexes as the builders make them from the knowledge and the examples. */
const buildIndexes = (knowledge: Knowledge, examples: readonly Example[]): MatcherIndexes => ({
  index: buildPhraseIndex(knowledge.entries),
  bm25: buildBm25(knowledge.entries),
  neighbours: buildNeighbours(knowledge.entries, examples),
});

/** The knowledge's indexes (over its own samples) as data for a snapshot (load.ts). */
export const matcherIndexData = (knowledge: Knowledge): IndexData => {
  const examples = sampleExamples(knowledge);
  return indexData(
    buildIndexes(knowledge, examples),
    knowledge.entries.map((e) => e.id),
    examples.length,
  );
};

/**
 * The indexes from the data compiled with the knowledge (`knowledge.indexes`, from a snapshot)
 * when they were made for these entries and samples, else built. Extra examples change the
 * neighbours only: those are built then.
 */
const indexesFor = (knowledge: Knowledge, extra: readonly Example[]): MatcherIndexes => {
  const samples = sampleExamples(knowledge);
  const examples = [...samples, ...extra];
  const data = knowledge.indexes as IndexData | undefined;
  const restored =
    data === undefined
      ? null
      : restoreIndexes(
          data,
          knowledge.entries.map((e) => e.id),
          samples.length,
        );
  if (restored === null || typeof restored === 'string') return buildIndexes(knowledge, examples);
  return extra.length === 0
    ? restored
    : { ...restored, neighbours: buildNeighbours(knowledge.entries, examples) };
};

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
    ...indexesFor(knowledge, examples),
    model: m,
    classOf: classIndex(
      m,
      knowledge.entries.map((e) => e.id),
    ),
    modelProblem: problem,
  };
};

export const getMatcher = derived((knowledge: Knowledge): Matcher =>
  buildMatcher(knowledge, undefined, knowledge.localCases ?? []),
);

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
