import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/index.js';
import {
  DEFAULT_SETTINGS,
  knowledgeCases,
  prepareCases,
  trainModel,
} from '../../src/learn/index.js';
import { buildMatcher, modelToData } from '../../src/match/index.js';

// knowledge/ranking.json is what `npm run train` makes of this repository's knowledge: a change
// to an entry, a sample or the reader without retraining leaves the shipped ranking behind.
describe('the shipped ranking', () => {
  it('is what training on the current knowledge gives (run `npm run train` if not)', async () => {
    const knowledge = await loadKnowledge();
    const base = { ...knowledge, ranking: undefined };
    const matcher = buildMatcher(base);
    const samples = prepareCases(matcher, knowledgeCases(base));
    const data = modelToData(trainModel(matcher, samples, DEFAULT_SETTINGS), {
      settings: DEFAULT_SETTINGS,
      samples: samples.length,
    });
    const stored = JSON.parse(readFileSync('knowledge/ranking.json', 'utf8')) as typeof data;
    expect(stored.classes).toEqual(data.classes);
    expect(stored.terms).toEqual(data.terms);
    expect(stored.pair).toEqual(data.pair);
    expect(stored.weights).toBe(data.weights);
    expect(stored.trained).toEqual(data.trained);
  });
});
