import type { Entry, Fact, Knowledge } from '../knowledge/schema.js';
import { buildPhraseIndex, type PhraseIndex } from './phrase-index.js';

/** Everything ranking needs, built once per knowledge load. */
export interface Matcher {
  knowledge: Knowledge;
  entries: readonly Entry[];
  facts: ReadonlyMap<string, Fact>;
  index: PhraseIndex;
}

const cache = new WeakMap<Knowledge, Matcher>();

export const getMatcher = (knowledge: Knowledge): Matcher => {
  let m = cache.get(knowledge);
  if (!m) {
    m = {
      knowledge,
      entries: knowledge.entries,
      facts: new Map(knowledge.facts.map((f) => [f.id, f])),
      index: buildPhraseIndex(knowledge.entries),
    };
    cache.set(knowledge, m);
  }
  return m;
};
